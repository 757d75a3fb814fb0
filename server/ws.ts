/**
 * Seed 000's raw WebSocket paths, so its Python `websockets` clients work unchanged: text in, one
 * JSON reply out (`{"message", "products": {"action": "load_product", "data"}, ...}`), errors as
 * `{"error": {code, message}}` on the same socket. `/ws/{user_id}` is the shopper's general
 * conversation (chat id "general"); `/ws/chat/{user_id}/{chat_id}` a named one. Authentication
 * (with AUTH_SECRET): `?token=` or an `Authorization: Bearer` header, checked before the upgrade.
 */
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyBaseLogger } from "fastify";
import { WebSocketServer, type WebSocket } from "ws";
import { assertOwner, bearerOf, tokenExpired } from "./auth.js";
import type { ServerContext } from "./context.js";
import { ApiError, describeIssues } from "./errors.js";
import { IdSchema } from "./ids.js";
import { wsReply, type wsNotice } from "./payloads.js";
import { messageText } from "./schemas.js";

export const GENERAL_CHAT_ID = "general";
const PING_MS = 30_000;
/** Close code for a connection whose token expired (RFC 6455 1008: policy violation). */
export const CLOSE_TOKEN_EXPIRED = 1008;
/** setTimeout's longest delay; a token valid for longer is still checked on every message. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function routeOf(pathname: string): { userId: string; chatId: string } | null {
  const parts = pathname.split("/").slice(1);
  if (parts[0] !== "ws") return null;
  const decoded = parts.slice(1).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return "\u0000";
    }
  });
  const ids = (values: string[]) => {
    const bad = values.find((v) => !IdSchema.safeParse(v).success);
    if (bad !== undefined) throw new ApiError("invalid_request", describeIssues(IdSchema.safeParse(bad).error?.issues ?? []));
    return values;
  };
  if (decoded.length === 1) return { userId: ids(decoded)[0]!, chatId: GENERAL_CHAT_ID };
  if (decoded.length === 3 && decoded[0] === "chat") {
    const [userId, chatId] = ids(decoded.slice(1));
    return { userId: userId!, chatId: chatId! };
  }
  return null;
}

/** Refuses an upgrade with a plain HTTP error, before any WebSocket exists. */
function refuse(socket: Duplex, e: ApiError): void {
  const body = JSON.stringify({ error: e.toJSON() });
  socket.end(`HTTP/1.1 ${e.statusCode} ${e.code}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`);
}

export interface RawWebSockets {
  /**
   * Sends a notice (a staff member's reply, the hand-back) to this node's open raw WebSockets of
   * one conversation. Socket.IO rooms reach every node through the Redis adapter; a raw socket is
   * reached only by the node that holds it.
   */
  notify(userId: string, chatId: string, notice: ReturnType<typeof wsNotice>): void;
  close(): void;
}

export function attachRawWebSockets(server: HttpServer, ctx: ServerContext, log: FastifyBaseLogger): RawWebSockets {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const gauge = ctx.metrics.openSockets.labels({ transport: "websocket" });
  const alive = new WeakSet<WebSocket>();
  const textSchema = messageText(ctx.cfg.maxMessageChars);
  /** Open sockets per conversation ("user:chat"), for notices that do not answer a message. */
  const byConversation = new Map<string, Set<WebSocket>>();

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname.startsWith("/socket.io/")) return; // Socket.IO's own upgrade handler takes these.
    // Node drops its own error listener from an upgraded socket: a reset while the token is being
    // checked would otherwise be an uncaught 'error' and end the process.
    socket.on("error", (err) => log.debug({ err }, "websocket upgrade socket error"));
    let route: ReturnType<typeof routeOf>;
    try {
      route = routeOf(url.pathname);
    } catch (e) {
      refuse(socket, e as ApiError);
      return;
    }
    if (!route) {
      refuse(socket, new ApiError("not_found", "WebSocket paths are /ws/{user_id} and /ws/chat/{user_id}/{chat_id}"));
      return;
    }
    const { chatId } = route;
    const token = url.searchParams.get("token") ?? bearerOf(req.headers.authorization);
    ctx.connections
      .take([`ip:${req.socket.remoteAddress ?? "unknown"}`])
      .then(() => ctx.auth.identify(token ?? undefined, route.userId))
      .then(({ userId, expiresAt }) => {
        assertOwner(userId, route.userId, ctx.auth.open);
        if (!ctx.turns.accepting) throw new ApiError("shutting_down", "the server is shutting down");
        wss.handleUpgrade(req, socket, head, (ws) => serve(ws, userId, chatId, req.socket.remoteAddress ?? "unknown", expiresAt));
      })
      .catch((e: unknown) => {
        const err = e instanceof ApiError ? e : new ApiError("internal", "unexpected error");
        ctx.metrics.rejected.inc({ transport: "websocket", code: err.code });
        refuse(socket, err);
      });
  });

  function serve(ws: WebSocket, userId: string, chatId: string, ip: string, expiresAt: number | undefined): void {
    gauge.inc();
    alive.add(ws);
    // A malformed or oversized frame (bad UTF-8, reserved opcode or RSV bit, unmasked, close code
    // 999, a 126-byte ping, a stray continuation, over maxPayload) makes ws emit 'error' and close
    // the socket itself with the matching code (1002, 1007 or 1009). Without this listener that
    // 'error' is uncaught and kills the server.
    ws.on("error", (err: Error & { code?: string }) => {
      ctx.metrics.rejected.inc({ transport: "websocket", code: "invalid_request" });
      log.info({ userId, chatId, reason: err.message, code: err.code }, "websocket closed on a bad frame");
    });
    ws.on("pong", () => alive.add(ws));
    const conversation = `${userId}:${chatId}`;
    const peers = byConversation.get(conversation) ?? new Set<WebSocket>();
    byConversation.set(conversation, peers.add(ws));
    const sendError = (e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError("internal", "unexpected error");
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ error: err.toJSON() }));
    };
    // A connection lives no longer than its token: closed at expiry, and checked on every message.
    const expire = () => {
      if (ws.readyState !== ws.OPEN) return;
      ctx.metrics.rejected.inc({ transport: "websocket", code: "unauthorized" });
      sendError(new ApiError("unauthorized", "the token has expired; reconnect with a new one"));
      ws.close(CLOSE_TOKEN_EXPIRED, "token expired");
    };
    const expiry = expiresAt !== undefined && expiresAt - Date.now() < MAX_TIMER_MS ? setTimeout(expire, Math.max(0, expiresAt - Date.now())) : undefined;
    expiry?.unref();
    ws.on("close", () => {
      gauge.dec();
      clearTimeout(expiry);
      peers.delete(ws);
      if (peers.size === 0 && byConversation.get(conversation) === peers) byConversation.delete(conversation);
    });
    ws.on("message", (data, isBinary) => {
      if (tokenExpired(expiresAt)) {
        expire();
        return;
      }
      if (isBinary) {
        sendError(new ApiError("invalid_request", "send the message as text"));
        return;
      }
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      const text = textSchema.safeParse(bytes.toString("utf8"));
      if (!text.success) {
        sendError(new ApiError("invalid_request", describeIssues(text.error.issues)));
        return;
      }
      ctx.turns.run({ userId, chatId, text: text.data, transport: "websocket", ip }).then(
        (o) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(wsReply(o)));
        },
        sendError,
      );
    });
  }

  // Drop peers that stopped answering pings (a vanished phone keeps no socket open).
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_MS);
  pinger.unref();

  return {
    notify(userId, chatId, notice) {
      for (const ws of byConversation.get(`${userId}:${chatId}`) ?? []) if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(notice));
    },
    close() {
      clearInterval(pinger);
      for (const ws of wss.clients) ws.close(1001, "server shutting down");
      wss.close();
    },
  };
}
