/** Greeting: answers a hello (seed 000's words) and waits for a request. */
import type { AgentStateType } from "../graph/state.js";
import { botSays } from "./messages.js";

export const GREETING_REPLY = "Hi! How may I assist you today?";

export function greeting(state: AgentStateType) {
  const reply = state.slots.product_type ? `${GREETING_REPLY} Shall we carry on with your ${state.slots.product_type.toLowerCase()}?` : GREETING_REPLY;
  return { reply, step: "greeting" as const, messages: [botSays(reply)] };
}
