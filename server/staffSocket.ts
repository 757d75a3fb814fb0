/**
 * The operator page's connection: Socket.IO namespace /staff, for staff tokens only (open mode:
 * anyone). Events (each with an acknowledgement {ok, ...} or {ok: false, error}):
 *   list {}                                  -> {ok, handoffs: [...]}, as GET /api/handoffs
 *   reply {conversation_id, message}         -> {ok, message}, as POST /api/handoffs/:id/reply
 *   release {conversation_id}                -> {ok, conversation_id, released}, as POST .../release
 * and the server emits handoffs_changed {conversation_id} whenever one changes.
 */
import { z } from "zod";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { ConversationIdSchema } from "./ids.js";
import { messageText } from "./schemas.js";
import { asAck, endsWithToken, parse, refuseHandshake, type ChatIo, type ChatSocket } from "./socket.js";
import { answerAsStaff, handBack, waitingConversations } from "./staffDesk.js";

const Auth = z.object({ token: z.string().max(4096).optional() });
const ReplyPayload = (maxChars: number) => z.strictObject({ conversation_id: ConversationIdSchema, message: messageText(maxChars) });
const ReleasePayload = z.strictObject({ conversation_id: ConversationIdSchema });

export function attachStaffNamespace(io: ChatIo, ctx: ServerContext) {
  const staff = io.of("/staff");
  staff.use((socket, next) => {
    ctx.connections
      .take([`ip:${socket.handshake.address}`])
      .then(() => {
        const auth = Auth.safeParse(socket.handshake.auth);
        if (!auth.success) throw new ApiError("invalid_request", "invalid handshake auth");
        return ctx.auth.staffIdentity(auth.data.token);
      })
      .then(
        ({ userId, expiresAt }) => {
          socket.data = { userId, expiresAt };
          next();
        },
        (e: unknown) => refuseHandshake(ctx, e, next),
      );
  });

  staff.on("connection", (socket: ChatSocket) => {
    endsWithToken(socket, ctx);
    /** Runs one staff action, answering its acknowledgement with the result or the error. */
    const handle = (work: (payload: unknown) => Promise<Record<string, unknown>>) => (payload: unknown, ack?: unknown) => {
      const answer = asAck(ack);
      work(payload).then(
        (result) => answer?.({ ok: true, ...result }),
        (e: unknown) => {
          const err = e instanceof ApiError ? e : new ApiError("internal", "internal error");
          if (!(e instanceof ApiError)) ctx.metrics.rejected.inc({ transport: "socketio", code: "internal" });
          answer?.({ ok: false, error: err.toJSON() });
        },
      );
    };
    socket.on("list", handle(async () => ({ handoffs: await waitingConversations(ctx) })));
    socket.on("reply", handle(async (payload) => {
      const { conversation_id: id, message } = parse(ReplyPayload(ctx.cfg.maxMessageChars), payload);
      return { message: await answerAsStaff(ctx, id.userId, id.chatId, message) };
    }));
    socket.on("release", handle(async (payload) => {
      const { conversation_id: id } = parse(ReleasePayload, payload);
      return handBack(ctx, id.userId, id.chatId);
    }));
  });
  return staff;
}
