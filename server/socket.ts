/**
 * Socket.IO: an authenticated handshake (token, or user id in open mode), one room per
 * conversation (`<userId>:<chatId>`, always derived from the authenticated user, so a shopper can
 * join only their own), connection-state recovery, and the event contract in server/README.md.
 */
import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import type { z } from "zod";
import { conversationIdOf } from "../retrieval/conversations.js";
import { tokenExpired } from "./auth.js";
import type { ServerContext } from "./context.js";
import { ApiError, describeIssues } from "./errors.js";
import { withCards } from "./cards.js";
import { botMessage } from "./payloads.js";
import { ConfirmPayload, HandshakeAuth, JoinPayload, MessagePayload } from "./schemas.js";

export type Ack = (response: { ok: true; [k: string]: unknown } | { ok: false; error: ReturnType<ApiError["toJSON"]> }) => void;
type Handler = (payload: unknown, ack?: unknown) => void;

interface ClientEvents {
  join: Handler;
  leave: Handler;
  message: Handler;
  confirm: Handler;
  decline: Handler;
  /** The staff namespace's (server/staffSocket.ts). */
  list: Handler;
  reply: Handler;
  release: Handler;
}
interface ServerEvents {
  user_message: (m: { chatId: string; text: string; at: string }) => void;
  bot_message: (m: ReturnType<typeof botMessage>) => void;
  typing: (m: { chatId: string; on: boolean }) => void;
  /** A piece of a generated small-talk reply as the model writes it; the bot_message that follows carries the whole reply. */
  bot_token: (m: { chatId: string; text: string }) => void;
  progress: (m: { chatId: string; node: string }) => void;
  error: (e: ReturnType<ApiError["toJSON"]> & { chatId?: string }) => void;
  /** Staff namespace: a handed-over conversation changed; operator pages list them again. */
  handoffs_changed: (m: { conversation_id: string }) => void;
}
interface SocketData {
  userId: string;
  /** When the token ends (epoch ms); undefined in open mode. */
  expiresAt?: number;
}
export type ChatSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
export type ChatIo = Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>;

/** How long a dropped client can come back and receive what it missed. */
const RECOVERY_MS = 2 * 60_000;
/** setTimeout's longest delay; a token valid for longer is still checked on every event. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function parse<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const r = schema.safeParse(payload);
  if (!r.success) throw new ApiError("invalid_request", describeIssues(r.error.issues));
  return r.data;
}

export const asAck = (ack: unknown): Ack | undefined => (typeof ack === "function" ? (ack as Ack) : undefined);

/** Refuses a handshake with the error's code and message in `data` (the client's connect_error), counted. */
export function refuseHandshake(ctx: ServerContext, e: unknown, next: (err?: Error) => void): void {
  const err = e instanceof ApiError ? e : new ApiError("unauthorized", "authentication failed");
  ctx.metrics.rejected.inc({ transport: "socketio", code: err.code });
  next(Object.assign(new Error(err.message), { data: err.toJSON() }));
}

/**
 * A connection lives no longer than its token: disconnected at expiry, and every event checked
 * (a timer alone could fire late). Shopper and staff connections alike.
 */
export function endsWithToken(socket: ChatSocket, ctx: ServerContext): void {
  const expiresAt = socket.data.expiresAt;
  const expire = () => {
    if (!socket.connected) return;
    ctx.metrics.rejected.inc({ transport: "socketio", code: "unauthorized" });
    socket.emit("error", new ApiError("unauthorized", "the token has expired; reconnect with a new one").toJSON());
    socket.disconnect(true);
  };
  const expiry = expiresAt !== undefined && expiresAt - Date.now() < MAX_TIMER_MS ? setTimeout(expire, Math.max(0, expiresAt - Date.now())) : undefined;
  expiry?.unref();
  socket.on("disconnect", () => clearTimeout(expiry));
  socket.use((packet, next) => {
    if (!tokenExpired(expiresAt)) {
      next();
      return;
    }
    const ack = asAck(packet[packet.length - 1]);
    ack?.({ ok: false, error: new ApiError("unauthorized", "the token has expired; reconnect with a new one").toJSON() });
    expire();
  });
}

/** With an adapter (Redis streams), rooms span every node: an event emitted on one reaches sockets on all. */
export function attachSocketIo(server: HttpServer, ctx: ServerContext, adapter?: ServerOptions["adapter"]): ChatIo {
  const origins = ctx.cfg.corsOrigins;
  const io: ChatIo = new Server(server, {
    ...(adapter ? { adapter } : {}),
    serveClient: true,
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: origins.includes("*") ? true : origins },
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_MS, skipMiddlewares: false },
  });
  const gauge = ctx.metrics.openSockets.labels({ transport: "socketio" });

  // Connection-state recovery replays missed room events from the Socket constructor, before any
  // middleware: whoever presented the session id would get them, token or not. So the adapter
  // hands back the session without its packets; they wait here (by socket id) until the
  // middleware below has checked the new token, and go out only to the same shopper.
  const rooms = io.of("/").adapter;
  const restoreSession = rooms.restoreSession.bind(rooms);
  const heldPackets = new Map<string, unknown[][]>();
  rooms.restoreSession = async (pid, offset) => {
    const session = await restoreSession(pid, offset);
    if (!session) return session;
    heldPackets.set(session.sid, session.missedPackets);
    return { ...session, missedPackets: [] };
  };
  const toReplay = new WeakMap<ChatSocket, unknown[][]>();

  io.use((socket, next) => {
    const held = heldPackets.get(socket.id);
    heldPackets.delete(socket.id);
    // On recovery socket.data is still the previous session's: the shopper the packets belong to.
    const previousUser = socket.recovered ? socket.data.userId : undefined;
    // Counted before anything else: a bad handshake is a handshake too.
    ctx.connections
      .take([`ip:${socket.handshake.address}`])
      .then(() => {
        const auth = HandshakeAuth.safeParse(socket.handshake.auth);
        if (!auth.success) throw new ApiError("invalid_request", "invalid handshake auth");
        return ctx.auth.identify(auth.data.token, auth.data.userId);
      })
      .then(
        ({ userId, expiresAt }) => {
          socket.data = { userId, expiresAt };
          if (held && held.length > 0 && previousUser === userId) toReplay.set(socket, held);
          next();
        },
        (e: unknown) => refuseHandshake(ctx, e, next),
      );
  });

  io.on("connection", (socket: ChatSocket) => {
    gauge.inc();
    socket.on("disconnect", () => gauge.dec());
    const userId = socket.data.userId;
    // A recovered session keeps its rooms; keep only this user's (the token is checked again above).
    for (const room of socket.rooms) if (room !== socket.id && !room.startsWith(`${userId}:`)) void socket.leave(room);
    // The events this shopper missed, now that the token is known to be theirs. Each packet ends
    // with its old offset; emit() stores it again under a fresh one for the next recovery.
    const replay = toReplay.get(socket) ?? [];
    toReplay.delete(socket);
    const emitRaw = socket.emit.bind(socket) as unknown as (event: string, ...args: unknown[]) => boolean;
    for (const packet of replay) {
      const [event, ...args] = packet.slice(0, -1);
      if (typeof event === "string") emitRaw(event, ...args);
    }

    endsWithToken(socket, ctx);

    const fail = (e: unknown, ack: Ack | undefined, chatId?: string) => {
      const err = e instanceof ApiError ? e : new ApiError("internal", "unexpected error");
      if (ack) ack({ ok: false, error: err.toJSON() });
      else socket.emit("error", { ...err.toJSON(), ...(chatId ? { chatId } : {}) });
    };

    /** One connection follows at most MAX_ROOMS_PER_SOCKET conversations (rooms) at once. */
    const mayFollow = (room: string) => {
      // socket.rooms holds the connection's own room too.
      if (!socket.rooms.has(room) && socket.rooms.size - 1 >= ctx.cfg.maxRoomsPerSocket) {
        throw new ApiError("invalid_request", `this connection already follows ${ctx.cfg.maxRoomsPerSocket} conversations; leave one first`);
      }
    };
    const follow = async (room: string) => {
      mayFollow(room);
      await socket.join(room);
    };

    socket.on("join", (payload, rawAck) => {
      const ack = asAck(rawAck);
      void (async () => {
        const { chatId } = parse(JoinPayload, payload);
        const room = conversationIdOf(userId, chatId);
        await follow(room);
        const stored = await ctx.agent.parts.conversations.history(userId, chatId, 200);
        // Reopened conversations show what they showed: each reply's product cards, and the orders placed in it.
        const history = await withCards(ctx.agent.parts.retriever.store, stored);
        const orders = (await ctx.agent.parts.orders.byUser(userId)).filter((o) => o.chatId === chatId).toReversed();
        const state = await ctx.agent.graph.getState({ configurable: { thread_id: room } });
        const awaitingConfirmation = state.tasks.some((t) => t.interrupts.length > 0);
        const pending = (state.values as { pendingOrder?: { productId: number } | null }).pendingOrder;
        ack?.({ ok: true, chatId, history, orders, awaitingConfirmation, offeredProductId: awaitingConfirmation ? (pending?.productId ?? null) : null });
      })().catch((e: unknown) => fail(e, ack));
    });

    socket.on("leave", (payload, rawAck) => {
      const ack = asAck(rawAck);
      try {
        const { chatId } = parse(JoinPayload, payload);
        void socket.leave(conversationIdOf(userId, chatId));
        ack?.({ ok: true });
      } catch (e) {
        fail(e, ack);
      }
    });

    const turn = async (chatId: string, text: string, ack: Ack | undefined) => {
      const room = conversationIdOf(userId, chatId);
      try {
        mayFollow(room);
        await ctx.turns.admit({ userId, chatId, text, transport: "socketio", ip: socket.handshake.address });
      } catch (e) {
        fail(e, ack, chatId);
        return;
      }
      ack?.({ ok: true });
      void socket.join(room);
      io.to(room).emit("user_message", { chatId, text: text.trim(), at: new Date().toISOString() });
      io.to(room).emit("typing", { chatId, on: true });
      ctx.turns
        .runAdmitted({ userId, chatId, text, transport: "socketio", ip: socket.handshake.address,
          onNode: (node) => io.to(room).emit("progress", { chatId, node }),
          onToken: (piece) => io.to(room).emit("bot_token", { chatId, text: piece }),
        })
        .then(
          (outcome) => {
            io.to(room).emit("typing", { chatId, on: false });
            io.to(room).emit("bot_message", botMessage(outcome));
          },
          (e: unknown) => {
            io.to(room).emit("typing", { chatId, on: false });
            fail(e, undefined, chatId);
          },
        );
    };

    socket.on("message", (payload, rawAck) => {
      const ack = asAck(rawAck);
      try {
        const { chatId, text } = parse(MessagePayload(ctx.cfg.maxMessageChars), payload);
        void turn(chatId, text, ack);
      } catch (e) {
        fail(e, ack);
      }
    });

    // Buttons for a pending offer: the same as typing "yes" or "no" (the agent resumes its interrupt).
    for (const [event, text] of [["confirm", "yes"], ["decline", "no"]] as const) {
      socket.on(event, (payload, rawAck) => {
        const ack = asAck(rawAck);
        try {
          void turn(parse(ConfirmPayload, payload).chatId, text, ack);
        } catch (e) {
          fail(e, ack);
        }
      });
    }
  });

  return io;
}
