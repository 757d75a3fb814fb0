/**
 * `server/main.ts` in a process of its own, as an operator runs it, for bench:load and the cluster
 * test: started with settings on top of this process's environment, ready once it logs its port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { ROOT_DIR } from "../../config.js";

export interface NodeProcess {
  url: string;
  port: number;
  /** False once the process has ended. */
  alive(): boolean;
  /** Resident memory in MB (Linux /proc). */
  rssMb(): number;
  /** SIGTERM: turns in flight finish. */
  stop(): Promise<void>;
  /** SIGKILL: nothing finishes. */
  kill(): Promise<void>;
}

export async function startNodeProcess(env: Record<string, string>, timeoutMs = 180_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT_DIR,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (c: Buffer) => (errors = (errors + c.toString("utf8")).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const onData = (c: Buffer) => {
      out += c.toString("utf8");
      const m = out.match(/"port":(\d+)/);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.stdout.resume();
      resolve(Number(m[1]));
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening: ${errors}${out.slice(-2000)}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ...processControls(child),
    rssMb: () => {
      const m = readFileSync(`/proc/${child.pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
      return m ? Number(m[1]) / 1024 : NaN;
    },
  };
}

/** Whether a child process still runs, and how to end it: SIGTERM (graceful) or SIGKILL, each awaited. */
export function processControls(child: ChildProcess): Pick<NodeProcess, "alive" | "stop" | "kill"> {
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const end = async (signal: NodeJS.Signals) => {
    if (ended()) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    await exited;
  };
  return { alive: () => !ended(), stop: () => end("SIGTERM"), kill: () => end("SIGKILL") };
}
