/**
 * Readiness, really checked: one model inference through the worker pool, and one read on each
 * store connection the agent uses (product metadata, conversations). Cheap reads on purpose: a
 * product count would scan the whole catalog on FerretDB.
 */
import type { Agent } from "../graph/agent.js";
import { chatStatus, type ChatStatus } from "../models/chat/open.js";

export interface Check {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "unavailable";
  checks: { models: Check; database: Check & { kind: "embedded" | "mongodb" } };
  /** Small talk's mode (not part of readiness: minimal mode answers whenever the model cannot). */
  chat: ChatStatus;
  accepting: boolean;
  uptime_s: number;
}

const TIMEOUT_MS = 10_000;

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, ms: Math.round(performance.now() - started), error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(agent: Agent, accepting: boolean): Promise<HealthReport> {
  const [models, database] = await Promise.all([
    timed(async () => {
      const q = await agent.parts.models.askQuestion([{ speaker: "User", text: "I want a shirt" }]);
      if (q !== null && typeof q !== "string") throw new Error("the question model returned no text");
    }),
    timed(() => Promise.all([agent.parts.retriever.store.catalogFingerprint(), agent.parts.conversations.get("health", "probe")])),
  ]);
  const ok = models.ok && database.ok && accepting;
  return {
    status: ok ? "ok" : "unavailable",
    checks: { models, database: { ...database, kind: agent.parts.retriever.store.kind } },
    chat: chatStatus(agent.parts.chat),
    accepting,
    uptime_s: Math.round(process.uptime()),
  };
}
