/**
 * Offers: a product put to the shopper for a yes or no. Each offer has its own id, so a yes sent
 * twice (to one node or two) orders once.
 */
import { randomUUID } from "node:crypto";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { botSays } from "../nodes/messages.js";
import type { AgentStateType, PendingOrder, ShownProduct } from "./state.js";
import { CLOSING_QUESTION, replies } from "./replies.js";
import { sizesInStock } from "./task.js";

/** An offer the shopper is asked to confirm; unique per offer, so a repeated yes orders once. */
export function offerOf(p: Pick<ShownProduct, "id" | "name" | "price">, size: string, quantity: number, config?: LangGraphRunnableConfig): PendingOrder {
  return { offerId: `${config?.configurable?.thread_id ?? "thread"}:${randomUUID()}`, productId: p.id, name: p.name, size, quantity, unitPrice: p.price };
}

/**
 * An offer of `wanted` units, never of more than are `available`: "place an order for 50 titan
 * watches" with 2 left offers the 2, and the note before the reply says so (blind round 56).
 */
export function cappedOffer(p: Pick<ShownProduct, "id" | "name" | "price">, size: string, wanted: number, available: number, config?: LangGraphRunnableConfig) {
  const pendingOrder = offerOf(p, size, Math.min(wanted, available), config);
  return { pendingOrder, note: wanted > available ? `${replies.fewerLeft(wanted, available)} ` : "" };
}

/**
 * An offer of more than one names the count and the total before its question ("actually make it
 * 2" must hear that 2 are offered: blind round 34); an offer of one is left as it is.
 */
export function withQuantity(reply: string, order: Pick<PendingOrder, "quantity" | "unitPrice"> | null): string {
  if (!order || order.quantity <= 1) return reply;
  const note = replies.quantityTotal(order.quantity, Math.round(order.quantity * order.unitPrice * 100) / 100);
  const question = CLOSING_QUESTION.exec(reply);
  if (!question) return `${reply.trimEnd()}${note}`;
  const asked = question[0].trim().replace(/\b(buy|order|take|have) it\b/i, "$1 them");
  return `${reply.slice(0, question.index).trimEnd()}${note} ${asked}`;
}

/**
 * Offers a product already shown, in the size the shopper gave when it has it in stock, else its
 * first size in stock, which the question then names ("Would you like to buy it in L?").
 */
export function offerShown(p: ShownProduct, lead: string, state: Pick<AgentStateType, "slots" | "offered">, config?: LangGraphRunnableConfig) {
  const wanted = state.slots.size;
  const size = wanted && (p.stock[wanted] ?? 0) > 0 ? wanted : sizesInStock(p)[0];
  const capped = size ? cappedOffer(p, size, state.slots.quantity ?? 1, p.stock[size] ?? 0, config) : null;
  const pendingOrder = capped?.pendingOrder ?? null;
  // The size is always named for a sized product: "no wait, size L" must hear that L is what is offered.
  const reply = withQuantity(`${capped?.note ?? ""}${lead}${pendingOrder ? replies.offerQuestion(size) : replies.soldOutNow}`, pendingOrder);
  return { reply, step: "booking" as const, pendingOrder, picked: null, offered: [...state.offered, p.id], messages: [botSays(reply)] };
}
