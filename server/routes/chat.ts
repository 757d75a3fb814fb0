/** POST /api/chat (seed 003) and GET /api/chat/model-info (seed 004). */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { bearerOf } from "../auth.js";
import type { ServerContext } from "../context.js";
import { ApiError } from "../errors.js";
import { newChatId } from "../ids.js";
import { ModelInfoSchema } from "../modelInfo.js";
import { chatStatus, ChatStatusSchema } from "../../models/chat/open.js";
import { restReply } from "../payloads.js";
import { ChatReplySchema, ChatRequestSchema, ErrorSchema } from "../schemas.js";

export function chatRoutes(ctx: ServerContext): FastifyPluginCallbackZod {
  return (app, _opts, done) => {
    app.post(
      "/api/chat",
      {
        schema: {
          operationId: "sendMessage", summary: "Send one shopper message; the same conversation_id continues the conversation (answers and confirmations included)",
          tags: ["chat"],
          security: [{ bearer: [] }],
          body: ChatRequestSchema(ctx.cfg.maxMessageChars),
          response: { 200: ChatReplySchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 429: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema },
        },
      },
      async (req) => {
        const userId = await ctx.auth.userFor(bearerOf(req.headers.authorization), req.body.user_id);
        const named = req.body.conversation_id;
        if (named?.userId !== undefined && named.userId !== userId) throw new ApiError("forbidden", "this conversation belongs to another shopper");
        const outcome = await ctx.turns.run({ userId, chatId: named?.chatId ?? newChatId(), text: req.body.message, transport: "rest", ip: req.ip });
        return restReply(outcome);
      },
    );

    app.get(
      "/api/chat/model-info",
      { schema: { operationId: "getModelInfo", summary: "The T5 student model the agent runs (architecture, tasks, labels, decoding, files) and the small-talk mode", tags: ["health"], response: { 200: ModelInfoSchema.extend({ chat: ChatStatusSchema }) } } },
      () => ({ ...ctx.modelInfo, chat: chatStatus(ctx.agent.parts.chat) }),
    );
    done();
  };
}
