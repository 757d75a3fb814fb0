/**
 * The turn runner: one shopper turn at a time per conversation (the turn lock), through the
 * compiled graph, recorded with its reading in the conversation store. What it runs on is wired
 * in graph/compose.ts.
 */
import { HumanMessage } from "@langchain/core/messages";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { Command } from "@langchain/langgraph";
import { openRedis } from "../retrieval/redis.js";
import { LocalTurnLock, RedisTurnLock, type Fence, type TurnLock } from "./turnLock.js";
import { z } from "zod";
import type { Config } from "../config.js";
import type { TurnReading } from "../nlu/reading.js";
import { buildAgentGraph } from "./builder.js";
import type { AgentDeps } from "./deps.js";
import { openDeps, type AgentParts, type OpenOptions } from "./compose.js";
import { runTraced, TurnTracer, type TracerHooks } from "./turnTracer.js";

export type { AgentParts, OpenOptions };
import type { AgentStateType, PlacedOrder, ShownProduct } from "./state.js";

/** Ids are path- and key-safe; text is bounded so one message cannot stall the models. */
const id = z.string().trim().regex(/^[A-Za-z0-9_.@-]{1,64}$/, "ids are 1-64 letters, digits, '_', '.', '@' or '-'");
export const TurnInputSchema = z.object({
  userId: id,
  chatId: id,
  text: z.string().trim().min(1, "the message is empty").max(2000, "the message is longer than 2000 characters"),
});
export type TurnInput = z.input<typeof TurnInputSchema>;

/** One reply, in the shape `npm run chat -- --json` prints. */
export interface TurnResult {
  reply: string;
  intent: string;
  confidence: number;
  /** The slots the agent holds after the turn; on the turn that places an order, those of the search it finished, with the quantity ordered. */
  slots: AgentStateType["slots"];
  /** Slot key -> values the shopper ruled out, and the keys they do not mind (DESIGN.md reply fields). */
  excluded: AgentStateType["excluded"];
  dont_care: AgentStateType["dontCare"];
  state: string | null;
  task: string | null;
  /** Whether `task` is the context translator's sentence unchanged ("model") or written from the slots. */
  task_source: "model" | "slots" | null;
  /** On a booking turn, who worded the offer: the response model ("model") or the data ("data"); on small talk, the chat model ("model") or the corpus ("data"); else null. */
  reply_source: "model" | "data" | null;
  products: ShownProduct[];
  /** The order this turn placed (null on every other turn). */
  order: PlacedOrder | null;
  /** True while the agent waits for a yes/no to an offer. */
  awaitingConfirmation: boolean;
  /** The product of that offer (null when nothing is offered): pages mark its card. */
  offeredProductId: number | null;
  /** Entities found in this message alone (the slots above accumulate over the conversation). */
  entities: AgentStateType["entities"];
  /** Milliseconds spent in each node this turn (graph/turnTracer.ts). */
  timings: Record<string, number>;
  /** Milliseconds spent in each tool this turn (models, catalog, orders). */
  toolTimings: Record<string, number>;
  /** How many times each node and tool ran this turn ("node:booking", "tool:read_turn"). */
  runs: Record<string, number>;
}

/**
 * Hooks for callers that show progress or keep metrics: a node started (the server's progress
 * event), a node or a tool finished with its duration (metrics), and each piece of a reply as the
 * small-talk model writes it (full mode; the result carries the whole reply).
 */
export interface TurnObserver extends TracerHooks {
  onToken?: (text: string) => void;
}

export const threadIdOf = (userId: string, chatId: string) => `${userId}:${chatId}`;

export type AgentGraph = ReturnType<ReturnType<typeof buildAgentGraph>["compile"]>;

/**
 * The products the turn's reply shows: a booking step's, a size question's preview of the range, the
 * product picked from a list whose size is asked (its card: blind round 26 saw none), and at the
 * offer the product it is about: the one a plain "shall I place the order?" asks about, or the one
 * this turn ordered (blind round 41 saw no card there). A no shows nothing.
 */
export function shownProducts(
  values: Pick<AgentStateType, "step" | "previewed" | "products" | "picked" | "pendingOrder">,
  placed: { productId: number } | null = null,
): AgentStateType["products"] {
  if (values.step === "booking" || (values.step === "slotFilling" && values.previewed)) return values.products;
  if (values.step === "slotFilling" && values.picked !== null) return values.products.filter((p) => p.id === values.picked);
  const about = values.step === "confirmOrder" ? (placed?.productId ?? values.pendingOrder?.productId) : undefined;
  return about === undefined ? [] : values.products.filter((p) => p.id === about);
}

/** A reading as the stored message keeps it: everything but the text, which the message holds. */
function storedReading(reading: TurnReading): Record<string, unknown> {
  return Object.fromEntries(Object.entries(reading).filter(([k]) => k !== "text"));
}

export class Agent {
  /** The graph's own nodes (not its start and end markers): what the turn tracer times. */
  private readonly nodeNames: ReadonlySet<string>;

  private constructor(
    readonly graph: AgentGraph,
    readonly deps: AgentDeps,
    readonly parts: AgentParts,
    private readonly checkpointer: BaseCheckpointSaver,
    private readonly closers: (() => Promise<unknown>)[],
    /** One turn at a time per conversation: in this process, or across nodes with REDIS_URL. */
    private readonly lock: TurnLock,
  ) {
    this.nodeNames = new Set(Object.keys(graph.nodes).filter((n) => !n.startsWith("__")));
  }

  static async open(cfg: Config, options: OpenOptions = {}): Promise<Agent> {
    const { deps, parts, closers, checkpointer } = await openDeps(cfg, options);
    let lock: TurnLock = new LocalTurnLock();
    if (cfg.redisUrl) {
      lock = new RedisTurnLock(await openRedis(cfg.redisUrl), { leaseMs: cfg.turnLockLeaseMs });
      closers.push(() => lock.close());
    }
    return new Agent(buildAgentGraph(deps).compile({ checkpointer }), deps, parts, checkpointer, closers, lock);
  }

  /** Runs one shopper turn; a turn that answers a pending confirmation resumes the interrupted graph. */
  async turn(raw: TurnInput, observer?: TurnObserver): Promise<TurnResult> {
    const input = TurnInputSchema.parse(raw);
    const thread = threadIdOf(input.userId, input.chatId);
    // One turn at a time per conversation: a second "yes" (on this node or another) waits for the first to finish.
    return this.lock.run(thread, (fence) => this.runTurn(input, thread, fence, observer));
  }

  private async runTurn(input: z.output<typeof TurnInputSchema>, thread: string, fence: Fence, observer?: TurnObserver): Promise<TurnResult> {
    const config = { configurable: { thread_id: thread } };
    const current = await this.graph.getState(config);
    const handedOff = (current.values as Partial<AgentStateType>).staffHandoff;
    if (handedOff) {
      // Staff have this conversation: the agent says nothing. The message is still read (staff see
      // its intent and sentiment) and kept for them.
      const reading = await this.parts.nlu.read(input.text, { kind: "none" });
      await fence.assertHeld();
      await this.parts.conversations.recordTurn({
        userId: input.userId, chatId: input.chatId,
        user: { content: input.text, intent: reading.intent.label, confidence: reading.intent.confidence, entities: { ...reading.wanted }, reading: storedReading(reading) },
      });
      const values = current.values as AgentStateType;
      return {
        reply: "", intent: reading.intent.label, entities: { ...reading.wanted }, timings: {}, toolTimings: {}, runs: {}, confidence: reading.intent.confidence, slots: values.slots,
        excluded: values.excluded ?? {}, dont_care: values.dontCare ?? [], state: "handoff", task: values.task, task_source: values.taskSource ?? null, reply_source: null, products: [], order: null, awaitingConfirmation: false,
        offeredProductId: null,
      };
    }
    const waiting = current.tasks.some((t) => t.interrupts.length > 0);
    // Streaming node updates (rather than invoke) lets callers show progress and time each node.
    const options = { ...config, streamMode: ["updates", "custom"] as ("updates" | "custom")[] };
    // Every run the graph starts is timed by this turn's tracer (nodes and tools, with their counts).
    const tracer = new TurnTracer(this.nodeNames, observer ?? {});
    await runTraced(tracer, async () => {
      const stream = waiting
        ? await this.graph.stream(new Command({ resume: input.text }), options)
        : await this.graph.stream({ messages: [new HumanMessage(input.text)], userId: input.userId, chatId: input.chatId }, options);
      for await (const [mode, chunk] of stream as AsyncIterable<["updates" | "custom", Record<string, unknown>]>) {
        if (mode === "custom" && typeof chunk.token === "string") observer?.onToken?.(chunk.token);
      }
    });
    const after = await this.graph.getState(config);
    const values = after.values as AgentStateType;
    // Every message is read once (understand, or confirmOrder for an answer to an offer).
    const reading = values.reading && values.readingFor >= 0 && values.reading.text === input.text ? values.reading : null;
    const entities = reading ? { ...reading.wanted } : waiting ? {} : values.entities;
    const stored = reading ? storedReading(reading) : null;
    const before = current.values as Partial<AgentStateType>;
    // The order this turn placed. The state keeps the last order, so a no to a later offer must not report it again.
    const placed = values.step === "confirmOrder" && values.order && values.order.orderId !== before.order?.orderId ? values.order : null;
    const shown = shownProducts(values, placed);
    await fence.assertHeld();
    await this.parts.conversations.recordTurn({
      userId: input.userId,
      chatId: input.chatId,
      user: { content: input.text, intent: values.intent, confidence: values.confidence, entities: { ...entities }, ...(stored ? { reading: stored } : {}) },
      bot: { content: values.reply, productIds: shown.map((p) => p.id) },
    });
    if (values.step === "handoff" && values.staffHandoff) await this.parts.conversations.setHandoff(input.userId, input.chatId, values.staffHandoff);
    const awaiting = after.tasks.some((t) => t.interrupts.length > 0);
    return {
      reply: values.reply,
      intent: values.intent,
      entities,
      timings: tracer.timings,
      toolTimings: tracer.toolTimings,
      runs: tracer.runs,
      confidence: values.confidence,
      // On an order's turn, the search it finished, with the quantity ordered (reset has already cleared it for the next one).
      slots: placed ? { ...before.slots, quantity: placed.quantity } : values.slots,
      excluded: values.excluded ?? {},
      dont_care: values.dontCare ?? [],
      state: values.step,
      task: values.task,
      task_source: values.taskSource ?? null,
      reply_source: values.step === "booking" || values.step === "chitChat" ? (values.replySource ?? null) : null,
      products: shown,
      order: placed,
      awaitingConfirmation: awaiting,
      offeredProductId: awaiting ? (values.pendingOrder?.productId ?? null) : null,
    };
  }

  /** A member of staff answers a handed-over conversation; null when there is no such conversation. */
  async staffReply(userId: string, chatId: string, text: string) {
    return this.parts.conversations.recordStaffMessage(userId, chatId, text);
  }

  /** Staff hand a conversation back: the agent answers again from the next message. False when it was not handed over. */
  async releaseHandoff(userId: string, chatId: string): Promise<boolean> {
    const thread = threadIdOf(userId, chatId);
    // Under the turn lock: a shopper's turn on any node sees the conversation either handed over or not.
    return this.lock.run(thread, async (fence) => {
      const config = { configurable: { thread_id: thread } };
      const state = await this.graph.getState(config);
      if (!(state.values as Partial<AgentStateType>).staffHandoff) return false;
      await fence.assertHeld();
      await this.graph.updateState(config, { staffHandoff: null, reply: "", pendingQuestion: null });
      await this.parts.conversations.setHandoff(userId, chatId, null);
      return true;
    });
  }

  /** Forgets a conversation: its checkpoints (state and history) and its stored messages. */
  async deleteConversation(userId: string, chatId: string): Promise<boolean> {
    const thread = threadIdOf(userId, chatId);
    return this.lock.run(thread, async () => {
      await this.checkpointer.deleteThread(thread);
      return this.parts.conversations.deleteConversation(userId, chatId);
    });
  }

  async close(): Promise<void> {
    for (const close of this.closers) await close();
  }
}
