/**
 * The one way any interface talks to the agent: checks (draining, message length, rate limits),
 * the turn itself with per-node timings and progress, metrics, and the in-flight set that
 * graceful shutdown waits for. Nothing reaches Agent.turn without passing through here.
 */
import type { FastifyBaseLogger } from "fastify";
import type { Agent, TurnResult } from "../graph/agent.js";
import { makeModelTools } from "../tools/modelTools.js";
import { makeNluTools } from "../tools/nluTools.js";
import { ApiError } from "./errors.js";
import type { Metrics, Transport } from "./metrics.js";
import type { TurnRateLimiter } from "./rateLimit.js";

export interface TurnRequest {
  userId: string;
  chatId: string;
  text: string;
  transport: Transport;
  ip: string;
  /** Called as each graph node starts. */
  onNode?: (node: string) => void;
  /** Called with each checked piece of a generated small-talk reply as it is written (full mode). */
  onToken?: (text: string) => void;
}

export interface TurnOutcome extends TurnResult {
  chatId: string;
  conversationId: string;
  /** What the models found in this message alone (the stored message's entities). */
  entities: Record<string, unknown>;
}

export class TurnService {
  private readonly inFlight = new Set<Promise<unknown>>();
  private draining = false;
  private readonly modelTools: ReadonlySet<string>;

  constructor(
    readonly agent: Agent,
    private readonly metrics: Metrics,
    private readonly limiter: TurnRateLimiter,
    private readonly log: FastifyBaseLogger,
    readonly maxMessageChars: number,
    /** Turns a minute from one address, all its users together (a guard looser than the per-user limit). */
    private readonly perIpPerMinute: number,
  ) {
    this.modelTools = new Set([...Object.values(makeModelTools(agent.parts.models)), ...Object.values(makeNluTools(agent.parts.nlu))].map((t) => t.name));
  }

  /** Called after a turn in a handed-over conversation (set by the server to notify staff). */
  onHandoffTurn: (conversationId: string) => void = () => undefined;

  get accepting(): boolean {
    return !this.draining;
  }

  /** Refuses what must not reach the agent; counts the turn against the rate limits when accepted. */
  async admit(req: Omit<TurnRequest, "onNode" | "onToken">): Promise<void> {
    try {
      if (this.draining) throw new ApiError("shutting_down", "the server is shutting down; try again shortly");
      const text = req.text.trim();
      if (text === "") throw new ApiError("invalid_request", "the message is empty");
      // Characters are code points, as zod's max() and the agent count them: an emoji is one, not two UTF-16 units.
      if ([...text].length > this.maxMessageChars) throw new ApiError("invalid_request", `the message is longer than ${this.maxMessageChars} characters`);
      await this.limiter.take([`user:${req.userId}`, [`ip:${req.ip}`, this.perIpPerMinute]]);
    } catch (e) {
      if (e instanceof ApiError) this.metrics.rejected.inc({ transport: req.transport, code: e.code });
      throw e;
    }
  }

  /** admit() then the turn. Errors from the agent come back as ApiError turn_failed (logged in full here). */
  async run(req: TurnRequest): Promise<TurnOutcome> {
    await this.admit(req);
    return this.runAdmitted(req);
  }

  /** The turn of a message admit() already accepted. */
  runAdmitted(req: TurnRequest): Promise<TurnOutcome> {
    const work = this.execute(req);
    this.inFlight.add(work);
    void work.then(
      () => this.inFlight.delete(work),
      () => this.inFlight.delete(work),
    );
    return work;
  }

  private async execute(req: TurnRequest): Promise<TurnOutcome> {
    const started = performance.now();
    const text = req.text.trim();
    try {
      const result = await this.agent.turn(
        { userId: req.userId, chatId: req.chatId, text },
        {
          onNode: req.onNode,
          onNodeDone: (node, ms) => this.metrics.nodeSeconds.observe({ node }, ms / 1000),
          onToolDone: (tool, ms) =>
            this.modelTools.has(tool) ? this.metrics.modelSeconds.observe({ task: tool }, ms / 1000) : this.metrics.toolSeconds.observe({ tool }, ms / 1000),
          ...(req.onToken ? { onToken: req.onToken } : {}),
        },
      );
      const entities: Record<string, unknown> = { ...result.entities };
      this.metrics.turnSeconds.observe({ transport: req.transport, outcome: "ok" }, (performance.now() - started) / 1000);
      this.log.info({ userId: req.userId, chatId: req.chatId, transport: req.transport, intent: result.intent, state: result.state, ms: Math.round(performance.now() - started), timings: result.timings }, "turn");
      // A conversation just handed over, or a shopper writing in one: open operator pages refresh.
      if (result.state === "handoff") this.onHandoffTurn(`${req.userId}:${req.chatId}`);
      return { ...result, chatId: req.chatId, conversationId: `${req.userId}:${req.chatId}`, entities };
    } catch (e) {
      this.metrics.turnSeconds.observe({ transport: req.transport, outcome: "error" }, (performance.now() - started) / 1000);
      this.log.error({ err: e, userId: req.userId, chatId: req.chatId, transport: req.transport }, "turn failed");
      throw new ApiError("turn_failed", "the agent could not answer this message; please try again");
    }
  }

  /** Stops admitting turns and waits for those in flight (each resolves or fails on its own). */
  async drain(): Promise<void> {
    this.draining = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
