/**
 * npm run studio [-- --port 2024 --host 127.0.0.1]: the LangGraph dev server (langgraph.json) for
 * Studio, offline. Fails at once with one line when the port is taken (the CLI itself logs
 * EADDRINUSE and then waits forever), and passes everything else through.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { parseArgs } from "node:util";

const USAGE = "usage: npm run studio -- [--port 2024] [--host 127.0.0.1]";
let values: { port?: string; host?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { port: { type: "string" }, host: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true }));
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(`${USAGE}\nStarts the LangGraph dev server for Studio on the graph in langgraph.json (input: {messages: [{role: "user", content: "..."}], userId, chatId}).`);
  process.exit(0);
}
const port = Number(values.port ?? 2024);
const host = values.host ?? "127.0.0.1";
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a port number (1-65535), not ${JSON.stringify(values.port)}\n${USAGE}`);
  process.exit(2);
}

const free = await new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once("error", () => resolve(false));
  probe.listen(port, host, () => probe.close(() => resolve(true)));
});
if (!free) {
  console.error(`port ${port} on ${host} is in use: stop what holds it, or choose another with --port`);
  process.exit(1);
}

const child = spawn("npx", ["langgraphjs", "dev", "--port", String(port), "--host", host, "--no-browser"], { stdio: ["inherit", "pipe", "pipe"] });
const watch = (chunk: Buffer, out: NodeJS.WriteStream) => {
  out.write(chunk);
  // Taken between the probe and the bind: end instead of hanging.
  if (chunk.toString("utf8").includes("EADDRINUSE")) {
    console.error(`port ${port} on ${host} is in use`);
    child.kill("SIGTERM");
    process.exitCode = 1;
  }
};
child.stdout?.on("data", (c: Buffer) => watch(c, process.stdout));
child.stderr?.on("data", (c: Buffer) => watch(c, process.stderr));
child.on("exit", (code) => process.exit(process.exitCode ?? code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
