/**
 * What the agent is waiting for when a shopper message arrives, from the state: the context the
 * understanding encoder reads beside the message ("asked size", "offered puma black tshirt", ...).
 * Pure, unit-tested.
 */
import type { ReadingContext } from "../nlu/reading.js";
import type { AgentStateType } from "./state.js";

export function readingContext(s: Pick<AgentStateType, "pendingOrder" | "pendingQuestion" | "step" | "products" | "reply">): ReadingContext {
  if (s.pendingOrder) return { kind: "offer", product: s.pendingOrder.name };
  if (s.pendingQuestion) return { kind: "question", slot: s.pendingQuestion };
  if (s.step === "booking" && s.products.length > 1) return { kind: "list" };
  if (s.step === "orderSupport" && /\border (number|id)\b/i.test(s.reply)) return { kind: "order_number" };
  return { kind: "none" };
}
