/**
 * A real Redis for tests: redis-server from Debian (`.ci/run` installs it), started on a free
 * loopback port with nothing persisted, stopped by the caller. Without the binary the tests that
 * need it are skipped, with the reason.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort } from "./ports.js";

const BINARY = process.env.REDIS_SERVER ?? "redis-server";
export const redisSkip: string | false = spawnSync(BINARY, ["--version"]).status === 0 ? false : `${BINARY} is not installed (apt-get install redis-server; CI installs it)`;

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(BINARY, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      if (/Ready to accept connections/.test(out)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-500)}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
