/** Goodbye: a farewell; the conversation's state stays for when the shopper returns. */
import type { AgentStateType } from "../graph/state.js";
import { botSays } from "./messages.js";

export function goodbye(state: AgentStateType) {
  const reply = state.order ? `Thank you for your order ${state.order.orderId}. Goodbye!` : "Goodbye! Come back any time.";
  return { reply, step: "goodbye" as const, pendingQuestion: null, messages: [botSays(reply)] };
}
