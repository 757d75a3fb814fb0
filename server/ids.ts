/** Shopper, chat and conversation ids as every interface accepts them (the agent's own id rule). */
import { randomBytes } from "node:crypto";
import { z } from "zod";

const ID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;
export const IdSchema = z.string().regex(ID_PATTERN, "ids are 1-64 letters, digits, '_', '.', '@' or '-'");

/** `${userId}:${chatId}` (conversationIdOf in retrieval/conversations.ts); ':' never occurs in either part. */
export const ConversationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.@-]{1,64}:[A-Za-z0-9_.@-]{1,64}$/, "a conversation id is '<user_id>:<chat_id>'")
  .transform((s) => {
    const at = s.indexOf(":");
    return { userId: s.slice(0, at), chatId: s.slice(at + 1) };
  });

/** A fresh chat id for a conversation the client did not name. */
export const newChatId = () => `c-${randomBytes(6).toString("hex")}`;
