/**
 * The in-process target: the real agent (graph, models, retriever, orders) in this process.
 * By default it runs on a scratch embedded database loaded from the catalog, so the orders a run
 * places (which reserve stock) do not leak into the next run and results are reproducible.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Config } from "../../config.js";
import { Agent, type TurnInput } from "../../graph/agent.js";
import type { Observation, TurnOutcome } from "../observation.js";
import type { Conversation, Target } from "../target.js";

/** What the runner needs from an agent: Agent itself, or a wrapper around it (tests break it on purpose). */
export interface TurnAgent {
  /** The observation, with the agent's per-node `timings` and per-tool `toolTimings` (graph/turnTracer.ts) when it has them. */
  turn(input: TurnInput): Promise<Observation & { toolTimings?: Record<string, number> }>;
  close(): Promise<void>;
}

export type StoreMode = "scratch" | "configured";

/** Opens the agent; "scratch" = embedded database in a temporary directory, loaded from the catalog. */
/** Opened, with the small-talk model loaded (full mode), so every dialogue meets the same agent. */
async function openReady(cfg: Config): Promise<Agent> {
  const agent = await Agent.open(cfg);
  if (agent.parts.chat.mode === "full") await agent.parts.chat.smallTalk.warmUp();
  return agent;
}

export async function openAgent(cfg: Config, store: StoreMode): Promise<TurnAgent> {
  if (store === "configured") return openReady(cfg);
  const dir = mkdtempSync(path.join(tmpdir(), "eval-store-"));
  try {
    const agent = await openReady({ ...cfg, mongodbUri: undefined, dataDir: dir });
    return {
      turn: (input) => agent.turn(input),
      close: async () => {
        await agent.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

export class InProcessTarget implements Target {
  readonly name = "inprocess";

  constructor(private readonly agent: TurnAgent) {}

  open(userId: string, chatId: string): Promise<Conversation> {
    const agent = this.agent;
    return Promise.resolve({
      async send(text: string): Promise<TurnOutcome> {
        const t0 = performance.now();
        const value = await agent.turn({ userId, chatId, text });
        const nodeMs = Object.fromEntries([
          ...Object.entries(value.timings ?? {}).map(([node, ms]) => [`node:${node}`, ms] as const),
          ...Object.entries(value.toolTimings ?? {}).map(([tool, ms]) => [`tool:${tool}`, ms] as const),
        ]);
        return { observation: value, latencyMs: performance.now() - t0, nodeMs };
      },
      close: () => Promise.resolve(),
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
