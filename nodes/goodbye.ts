/** Goodbye: a farewell; the conversation's state stays for when the shopper returns. */
import { replies } from "../graph/replies.js";
import type { AgentStateType } from "../graph/state.js";
import { botSays } from "./messages.js";

export function goodbye(state: AgentStateType) {
  const reply = replies.goodbye(state.order?.orderId);
  return { reply, step: "goodbye" as const, pendingQuestion: null, messages: [botSays(reply)] };
}
