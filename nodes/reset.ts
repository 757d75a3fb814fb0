/** Reset: forgets the finished search (history stays) and asks what to do next (seed 000's words). */
import type { AgentStateType } from "../graph/state.js";
import { botSays } from "./messages.js";

export const NEXT_QUESTION = "What would you like me to do next?";

export function reset(state: AgentStateType) {
  const reply = state.step === "confirmOrder" ? `${state.reply} ${NEXT_QUESTION}` : `Sure, let's start over. ${NEXT_QUESTION}`;
  return {
    slots: {}, dontCare: [], asked: {}, offered: [], picked: null, pendingQuestion: null, task: null, pendingOrder: null,
    searchFrom: state.messages.length,
    reply,
    step: state.step === "confirmOrder" ? ("confirmOrder" as const) : ("reset" as const),
    messages: [botSays(NEXT_QUESTION)],
  };
}
