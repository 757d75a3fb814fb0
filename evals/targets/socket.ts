/**
 * The live target: a running server over Socket.IO. Contract (server/): connect with
 * `auth: { userId }` (or `{ token }`), `join` {chatId} -> ack {ok}, `message` {chatId, text} ->
 * ack {ok} or {ok: false, error: {code, message}}, then a `bot_message` for that chat with the turn's result and
 * optional per-node `timings`. `typing` and `progress` events are ignored here.
 */
import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { ObservationSchema, type Observation, type TurnOutcome } from "../observation.js";
import type { Conversation, Target } from "../target.js";

/** The server's errors are {code, message} objects; a bare string is accepted too. */
const AckSchema = z.object({ ok: z.boolean(), error: z.union([z.string(), z.object({ code: z.string().optional(), message: z.string() })]).optional() });
const BotMessageSchema = ObservationSchema.extend({ chatId: z.string() });

export interface SocketTargetOptions {
  /** Sent as `auth.token` instead of `auth.userId` when the server requires signed tokens. */
  token?: string;
  /** How long to wait for a connection, an ack or a reply. */
  timeoutMs?: number;
}

export function parseServerUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--target must be "inprocess" or a server URL like http://127.0.0.1:3000, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`--target URL must be http:// or https://, got ${JSON.stringify(raw)}`);
  return url;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function ack(socket: Socket, event: string, payload: unknown, ms: number): Promise<void> {
  const raw: unknown = await withTimeout(socket.emitWithAck(event, payload), ms, `the ack of "${event}"`);
  const parsed = AckSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`the server's ack of "${event}" is malformed: ${JSON.stringify(raw)?.slice(0, 200)}`);
  if (!parsed.data.ok) {
    const e = parsed.data.error;
    const why = e === undefined ? "no reason given" : typeof e === "string" ? e : `${e.code ? `${e.code}: ` : ""}${e.message}`;
    throw new Error(`the server refused "${event}": ${why}`);
  }
}

class SocketConversation implements Conversation {
  private readonly replies: unknown[] = [];
  private waiter: ((m: unknown) => void) | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly chatId: string,
    private readonly timeoutMs: number,
  ) {
    socket.on("bot_message", (m: unknown) => {
      if (typeof m !== "object" || m === null || (m as { chatId?: unknown }).chatId !== chatId) return;
      if (this.waiter) this.waiter(m);
      else this.replies.push(m);
    });
  }

  private nextReply(): Promise<unknown> {
    const queued = this.replies.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.waiter = (m) => {
        this.waiter = null;
        resolve(m);
      };
    });
  }

  async send(text: string): Promise<TurnOutcome> {
    const t0 = performance.now();
    const reply = this.nextReply();
    await ack(this.socket, "message", { chatId: this.chatId, text }, this.timeoutMs);
    const raw = await withTimeout(reply, this.timeoutMs, "the bot_message");
    const latencyMs = performance.now() - t0;
    const parsed = BotMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`the server's bot_message does not follow the contract: ${issues}`);
    }
    const observation: Observation = parsed.data;
    const nodeMs = Object.fromEntries(Object.entries(observation.timings ?? {}).map(([k, v]) => [`node:${k}`, v]));
    return { observation, latencyMs, nodeMs };
  }

  close(): Promise<void> {
    this.socket.disconnect();
    return Promise.resolve();
  }
}

export class SocketTarget implements Target {
  readonly name: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly url: URL,
    private readonly options: SocketTargetOptions = {},
  ) {
    this.name = url.origin;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  async open(userId: string, chatId: string): Promise<Conversation> {
    const auth = this.options.token ? { token: this.options.token } : { userId };
    const socket = io(this.url.href, { auth, transports: ["websocket"], reconnection: false, timeout: this.timeoutMs });
    try {
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          socket.once("connect", () => resolve());
          socket.once("connect_error", (e: Error) => reject(new Error(`cannot connect to ${this.url.origin}: ${e.message}`)));
        }),
        this.timeoutMs,
        `a connection to ${this.url.origin}`,
      );
      const conversation = new SocketConversation(socket, chatId, this.timeoutMs);
      await ack(socket, "join", { chatId }, this.timeoutMs);
      return conversation;
    } catch (e) {
      socket.disconnect();
      throw e;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
