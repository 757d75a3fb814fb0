/** Seed 003's conversation endpoints: list a shopper's conversations, read, delete and close one. */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { assertOwner, bearerOf } from "../auth.js";
import type { ServerContext } from "../context.js";
import { ApiError } from "../errors.js";
import { restConversation, restMessage } from "../payloads.js";
import { ConversationParams, ConversationSchema, ErrorSchema, MessageSchema, UserParams } from "../schemas.js";

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema };

export function conversationRoutes(ctx: ServerContext): FastifyPluginCallbackZod {
  const conversations = ctx.agent.parts.conversations;

  /** The acting shopper must own `owner`'s data (always true in open mode, where the id sent is trusted). */
  async function authorize(req: FastifyRequest, owner: string): Promise<void> {
    const acting = await ctx.auth.userFor(bearerOf(req.headers.authorization), owner);
    assertOwner(acting, owner, ctx.auth.open);
  }

  return (app, _opts, done) => {
    app.get(
      "/api/conversations/:user_id",
      {
        schema: {
          operationId: "listConversations", summary: "A shopper's conversations, most recent first",
          tags: ["conversations"],
          security: [{ bearer: [] }],
          params: UserParams,
          response: { 200: z.object({ user_id: z.string(), conversations: z.array(ConversationSchema) }), ...errors },
        },
      },
      async (req) => {
        await authorize(req, req.params.user_id);
        const list = await conversations.list(req.params.user_id);
        return { user_id: req.params.user_id, conversations: list.map(restConversation) };
      },
    );

    app.get(
      "/api/conversations/:id/history",
      {
        schema: {
          operationId: "getConversationHistory", summary: "A conversation's messages, oldest first, each shopper message with its intent, confidence and entities",
          tags: ["conversations"],
          security: [{ bearer: [] }],
          params: ConversationParams,
          response: { 200: ConversationSchema.extend({ messages: z.array(MessageSchema) }), ...errors },
        },
      },
      async (req) => {
        const { userId, chatId } = req.params.id;
        await authorize(req, userId);
        const conversation = await conversations.get(userId, chatId);
        if (!conversation) throw new ApiError("not_found", "no such conversation");
        const messages = await conversations.history(userId, chatId);
        return { ...restConversation(conversation), messages: messages.map(restMessage) };
      },
    );

    app.delete(
      "/api/conversations/:id",
      {
        schema: {
          operationId: "deleteConversation", summary: "Forget a conversation: its messages and the agent's state",
          tags: ["conversations"],
          security: [{ bearer: [] }],
          params: ConversationParams,
          response: { 200: z.object({ conversation_id: z.string(), deleted: z.literal(true) }), ...errors },
        },
      },
      async (req) => {
        const { userId, chatId } = req.params.id;
        await authorize(req, userId);
        if (!(await ctx.agent.deleteConversation(userId, chatId))) throw new ApiError("not_found", "no such conversation");
        return { conversation_id: `${userId}:${chatId}`, deleted: true as const };
      },
    );

    app.post(
      "/api/conversations/:id/close",
      {
        schema: {
          operationId: "closeConversation", summary: "Mark a conversation closed (kept, listed as inactive; a new message reopens it)",
          tags: ["conversations"],
          security: [{ bearer: [] }],
          params: ConversationParams,
          response: { 200: z.object({ conversation_id: z.string(), active: z.literal(false) }), ...errors },
        },
      },
      async (req) => {
        const { userId, chatId } = req.params.id;
        await authorize(req, userId);
        if (!(await conversations.closeConversation(userId, chatId))) throw new ApiError("not_found", "no such conversation");
        return { conversation_id: `${userId}:${chatId}`, active: false as const };
      },
    );
    done();
  };
}
