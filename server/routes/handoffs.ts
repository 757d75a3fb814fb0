/**
 * Staff side of the handoff (nodes/handoff.ts): the conversations waiting for a person, a staff
 * reply (stored, and pushed to the shopper's live Socket.IO clients as a bot_message marked
 * `staff`), and handing a conversation back to the agent. Staff tokens only (open mode: anyone).
 */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { bearerOf } from "../auth.js";
import type { ServerContext } from "../context.js";
import { ApiError } from "../errors.js";
import { noticeMessage, restConversation, restMessage } from "../payloads.js";
import { ConversationParams, ConversationSchema, ErrorSchema, MessageSchema, messageText } from "../schemas.js";

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema };
/** The latest messages shown with each waiting conversation. */
const RECENT = 20;

export const HANDED_BACK = "You're back with the shop's assistant. What can I do for you?";

export function handoffRoutes(ctx: ServerContext): FastifyPluginCallbackZod {
  const conversations = ctx.agent.parts.conversations;
  return (app, _opts, done) => {
    // Every route here is for staff: one check, before any handler runs (this plugin's scope only).
    app.addHook("preHandler", async (req) => {
      await ctx.auth.staff(bearerOf(req.headers.authorization));
    });
    app.get(
      "/api/handoffs",
      {
        schema: {
          operationId: "listHandoffs", summary: "Conversations handed to staff, longest waiting first, each with its latest messages",
          tags: ["staff"],
          security: [{ bearer: [] }],
          response: {
            200: z.object({ handoffs: z.array(ConversationSchema.extend({ since: z.string(), reason: z.enum(["asked", "accepted", "escalated"]), messages: z.array(MessageSchema) })) }),
            ...errors,
          },
        },
      },
      async () => {
        const waiting = await conversations.handoffs();
        const handoffs = await Promise.all(
          waiting.map(async (c) => ({
            ...restConversation(c),
            since: c.handoff!.since,
            reason: c.handoff!.reason,
            messages: (await conversations.history(c.userId, c.chatId, RECENT)).map(restMessage),
          })),
        );
        return { handoffs };
      },
    );

    app.post(
      "/api/handoffs/:id/reply",
      {
        schema: {
          operationId: "replyToHandoff", summary: "A member of staff answers a handed-over conversation (stored, and sent to the shopper's live clients)",
          tags: ["staff"],
          security: [{ bearer: [] }],
          params: ConversationParams,
          body: z.strictObject({ message: messageText(ctx.cfg.maxMessageChars).describe("What the member of staff writes") }),
          response: { 200: MessageSchema, ...errors },
        },
      },
      async (req) => {
        const { userId, chatId } = req.params.id;
        const c = await conversations.get(userId, chatId);
        if (!c?.handoff) throw new ApiError("not_found", "no handed-over conversation with that id");
        const m = await ctx.agent.staffReply(userId, chatId, req.body.message);
        if (!m) throw new ApiError("not_found", "no handed-over conversation with that id");
        ctx.notify(userId, chatId, noticeMessage(chatId, m.content, "staff"));
        return restMessage(m);
      },
    );

    app.post(
      "/api/handoffs/:id/release",
      {
        schema: {
          operationId: "releaseHandoff", summary: "Hand a conversation back to the agent, which answers again from the next message",
          tags: ["staff"],
          security: [{ bearer: [] }],
          params: ConversationParams,
          response: { 200: z.object({ conversation_id: z.string(), released: z.literal(true) }), ...errors },
        },
      },
      async (req) => {
        const { userId, chatId } = req.params.id;
        if (!(await ctx.agent.releaseHandoff(userId, chatId))) throw new ApiError("not_found", "no handed-over conversation with that id");
        ctx.notify(userId, chatId, noticeMessage(chatId, HANDED_BACK, "agent"));
        return { conversation_id: `${userId}:${chatId}`, released: true as const };
      },
    );
    done();
  };
}
