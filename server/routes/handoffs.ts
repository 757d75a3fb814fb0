/**
 * Staff side of the handoff over REST (nodes/handoff.ts; what each does: server/staffDesk.ts): the
 * conversations waiting for a person, a staff reply (stored, and pushed to the shopper's live
 * Socket.IO clients as a bot_message marked `staff`), and handing a conversation back to the agent.
 * Staff tokens only (open mode: anyone). The operator page does the same over Socket.IO (/staff).
 */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { bearerOf } from "../auth.js";
import type { ServerContext } from "../context.js";
import { ConversationParams, ConversationSchema, ErrorSchema, MessageSchema, messageText } from "../schemas.js";
import { answerAsStaff, handBack, waitingConversations } from "../staffDesk.js";

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema };
export function handoffRoutes(ctx: ServerContext): FastifyPluginCallbackZod {
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
      async () => ({ handoffs: await waitingConversations(ctx) }),
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
      async (req) => answerAsStaff(ctx, req.params.id.userId, req.params.id.chatId, req.body.message),
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
      async (req) => handBack(ctx, req.params.id.userId, req.params.id.chatId),
    );
    done();
  };
}
