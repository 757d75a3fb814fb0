/**
 * npm start: the chat server on the configured store (the embedded default without MONGODB_URI).
 * SIGINT/SIGTERM: turns in flight finish, connections close, then the agent's stores and models.
 */
import { config } from "../config.js";
import { Agent, type OpenOptions } from "../graph/agent.js";
import { buildServer } from "./app.js";

// A first start of an encoder build embeds the catalog in the background: the server answers at once.
type VectorEvent = Parameters<NonNullable<OpenOptions["onVectors"]>>;
const early: VectorEvent[] = [];
let report = (...e: VectorEvent): void => void early.push(e);
const agent = await Agent.open(config, { vectorsInBackground: true, onVectors: (...e) => report(...e) });
const server = await buildServer(config, agent);
const log = server.app.log;
report = (event, detail) => {
  if (event === "failed") log.error({ event }, detail);
  else log.info({ event }, detail);
};
for (const e of early) report(...e);
const port = await server.listen();
log.info({ port, host: config.host, store: agent.parts.retriever.store.kind, auth: config.authSecret ? "token" : "open" }, `chat page at http://${config.host}:${port}/`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down: finishing turns in flight");
  try {
    await server.close();
    await agent.close();
    log.info("stopped");
    process.exit(0);
  } catch (e) {
    log.error({ err: e }, "shutdown failed");
    process.exit(1);
  }
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
