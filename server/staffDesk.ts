/**
 * What staff do with handed-over conversations, whichever way they reach the server (REST under
 * /api/handoffs, or the operator page over Socket.IO's /staff namespace): see those waiting, answer
 * one (stored, and pushed to the shopper's live clients), hand one back to the agent. Every change
 * is announced to the staff namespace so every open operator page refreshes.
 */
import { HANDED_BACK } from "../graph/replies.js";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { noticeMessage, restConversation, restMessage } from "./payloads.js";

/** The latest messages shown with each waiting conversation. */
const RECENT = 20;

const notHandedOver = () => new ApiError("not_found", "no handed-over conversation with that id");

export async function waitingConversations(ctx: ServerContext) {
  const conversations = ctx.agent.parts.conversations;
  const waiting = await conversations.handoffs();
  return Promise.all(
    waiting.map(async (c) => ({
      ...restConversation(c),
      since: c.handoff!.since,
      reason: c.handoff!.reason,
      messages: (await conversations.history(c.userId, c.chatId, RECENT)).map(restMessage),
    })),
  );
}

export async function answerAsStaff(ctx: ServerContext, userId: string, chatId: string, message: string) {
  const c = await ctx.agent.parts.conversations.get(userId, chatId);
  if (!c?.handoff) throw notHandedOver();
  const m = await ctx.agent.staffReply(userId, chatId, message);
  if (!m) throw notHandedOver();
  ctx.notify(userId, chatId, noticeMessage(chatId, m.content, "staff"));
  ctx.notifyStaff(`${userId}:${chatId}`);
  return restMessage(m);
}

export async function handBack(ctx: ServerContext, userId: string, chatId: string) {
  if (!(await ctx.agent.releaseHandoff(userId, chatId))) throw notHandedOver();
  ctx.notify(userId, chatId, noticeMessage(chatId, HANDED_BACK, "agent"));
  ctx.notifyStaff(`${userId}:${chatId}`);
  return { conversation_id: `${userId}:${chatId}`, released: true as const };
}
