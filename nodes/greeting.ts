/** Greeting: answers a hello (seed 000's words) and waits for a request; mid-search it offers to carry on. */
import { replies } from "../graph/replies.js";
import type { AgentStateType } from "../graph/state.js";
import { botSays } from "./messages.js";

export function greeting(state: AgentStateType) {
  const reply = replies.greeting(state.slots.product_type);
  return { reply, step: "greeting" as const, messages: [botSays(reply)] };
}
