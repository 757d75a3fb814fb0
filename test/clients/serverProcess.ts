/**
 * The real server in a process of its own, as in production: a crash is a dead process (in the
 * test's own process the runner would catch an uncaught 'error' and the server would live on),
 * and kill -9 is a real kill. On the embedded store in `dataDir` (a scratch one by default), so
 * a restarted server finds what the killed one committed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { processControls } from "../../server/cli/nodeProcess.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ServerProcess {
  url: string;
  wsUrl: string;
  port: number;
  /** False once the server's process has ended. */
  alive(): boolean;
  /** SIGTERM: turns in flight finish, stores close. */
  stop(): Promise<void>;
  /** SIGKILL: nothing finishes. */
  kill(): Promise<void>;
}

export async function startServerProcess(opts: { tag: string; dataDir?: string; settings?: Record<string, unknown> }): Promise<ServerProcess> {
  const harness = pathToFileURL(`${ROOT}test/clients/harness.ts`).href;
  const code = `
    const { config } = await import(${JSON.stringify(pathToFileURL(`${ROOT}config.ts`).href)});
    const { embeddedStore, openAgent, startServer } = await import(${JSON.stringify(harness)});
    const scratch = ${opts.dataDir === undefined} ? embeddedStore(${JSON.stringify(opts.tag)}) : null;
    const cfg = scratch ? scratch.config() : { ...config, mongodbUri: undefined, dataDir: ${JSON.stringify(opts.dataDir ?? "")} };
    const agent = await openAgent(cfg);
    const srv = await startServer(cfg, agent, ${JSON.stringify(opts.settings ?? {})});
    process.on("exit", () => scratch?.cleanup());
    process.on("SIGTERM", async () => { await srv.close(); await agent.close(); await scratch?.cleanup(); process.exit(0); });
    console.log("LISTENING " + new URL(srv.url).port);`;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const m = out.match(/LISTENING (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (c) => reject(new Error(`server process exited with ${c} before listening`)));
  });
  return { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, port, ...processControls(child) };
}
