/** The reply to one turn, shaped for each interface from the same TurnOutcome. */
import type { ShownProduct } from "../graph/state.js";
import type { StoredMessage, Conversation } from "../retrieval/conversations.js";
import type { TurnOutcome } from "./turns.js";

/** Seed 000's product payload. */
export interface LoadProductAction {
  action: "load_product";
  data: ShownProduct[];
}

const loadProduct = (products: ShownProduct[]): LoadProductAction | undefined =>
  products.length > 0 ? { action: "load_product", data: products } : undefined;

/** Socket.IO `bot_message`. */
export function botMessage(o: TurnOutcome) {
  const action = loadProduct(o.products);
  return {
    chatId: o.chatId,
    reply: o.reply,
    intent: o.intent,
    confidence: o.confidence,
    entities: o.entities,
    slots: o.slots,
    excluded: o.excluded,
    dont_care: o.dont_care,
    state: o.state,
    task: o.task,
    task_source: o.task_source,
    reply_source: o.reply_source,
    products: o.products,
    order: o.order,
    awaitingConfirmation: o.awaitingConfirmation,
    offeredProductId: o.offeredProductId,
    ...(action ? { action } : {}),
    timings: o.timings,
    /** True for a reply a member of staff wrote in a handed-over conversation. */
    staff: false,
  };
}

/** A `bot_message` that is not the agent's answer to a turn: a staff reply, or the notice that the agent is back. */
export function noticeMessage(chatId: string, reply: string, from: "staff" | "agent"): ReturnType<typeof botMessage> {
  return {
    chatId, reply, intent: "", confidence: 0, entities: {}, slots: {}, excluded: {}, dont_care: [], state: from === "staff" ? "handoff" : "reset",
    task: null, task_source: null, reply_source: null, products: [], order: null, awaitingConfirmation: false, offeredProductId: null, timings: {}, staff: from === "staff",
  };
}

/** The same notice to a raw WebSocket client, in that transport's shape (`message`, `chat_id`). */
export function wsNotice(n: ReturnType<typeof noticeMessage>) {
  return { message: n.reply, chat_id: n.chatId, state: n.state, staff: n.staff };
}

/** REST `POST /api/chat` (seed 003's field names). */
export function restReply(o: TurnOutcome) {
  return {
    reply: o.reply,
    conversation_id: o.conversationId,
    intent: o.intent,
    confidence: o.confidence,
    entities: o.entities,
    slots: o.slots,
    excluded: o.excluded,
    dont_care: o.dont_care,
    state: o.state,
    task: o.task,
    task_source: o.task_source,
    reply_source: o.reply_source,
    products: o.products,
    order: o.order,
    awaiting_confirmation: o.awaitingConfirmation,
    offered_product_id: o.offeredProductId,
  };
}

/** Raw WebSocket reply: seed 000's `{message, products: {action: "load_product", data}}` plus the turn's details. */
export function wsReply(o: TurnOutcome) {
  const action = loadProduct(o.products);
  return {
    message: o.reply,
    ...(action ? { products: action } : {}),
    chat_id: o.chatId,
    intent: o.intent,
    confidence: o.confidence,
    entities: o.entities,
    slots: o.slots,
    excluded: o.excluded,
    dont_care: o.dont_care,
    state: o.state,
    task: o.task,
    task_source: o.task_source,
    reply_source: o.reply_source,
    order: o.order,
    awaiting_confirmation: o.awaitingConfirmation,
    offered_product_id: o.offeredProductId,
  };
}

export function restMessage(m: StoredMessage) {
  return {
    message_id: m.messageId,
    role: m.role,
    content: m.content,
    ...(m.intent === undefined ? {} : { intent: m.intent }),
    ...(m.confidence === undefined ? {} : { confidence: m.confidence }),
    ...(m.entities === undefined ? {} : { entities: m.entities }),
    ...(m.productIds === undefined ? {} : { product_ids: m.productIds }),
    ...(m.staff ? { staff: true } : {}),
    created_at: m.createdAt,
  };
}

export function restConversation(c: Conversation) {
  return {
    conversation_id: c.conversationId,
    user_id: c.userId,
    chat_id: c.chatId,
    title: c.title,
    active: c.active,
    message_count: c.messageCount,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}
