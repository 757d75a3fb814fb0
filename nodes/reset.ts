/** Reset: forgets the finished search (history stays) and asks what to do next (seed 000's words). */
import { NEXT_QUESTION, replies } from "../graph/replies.js";
import type { AgentStateType } from "../graph/state.js";
import { botSays } from "./messages.js";
import { searchesLeft } from "../graph/earlierSearches.js";

export function reset(state: AgentStateType) {
  // Reached from the order just placed, not from "let's start over" said after one (the step stays confirmOrder until a node changes it).
  const afterOrder = state.step === "confirmOrder" && state.reading?.cues.reset !== true;
  const reply = state.step === "confirmOrder" ? replies.afterOrder(state.reply) : replies.startOver();
  return {
    // After an order the search it finished is kept with the earlier ones ("and a cap, same budget",
    // "let's go back to the sneakers"); a start-over forgets them all.
    slots: {}, earlier: afterOrder ? searchesLeft(state.earlier ?? {}, state.slots) : {}, dontCare: [], asked: {}, offered: [], picked: null, pendingQuestion: null, task: null, pendingOrder: null,
    lastPerson: state.slots.gender ?? state.lastPerson,
    // A budget said to hold for everything outlasts an order ("whatever I buy today"), not a start-over.
    standingBudget: afterOrder ? state.standingBudget : {},
    searchFrom: state.messages.length,
    reply,
    step: state.step === "confirmOrder" ? ("confirmOrder" as const) : ("reset" as const),
    // After an order, confirmOrder already said what was placed: only the question is new. A
    // start-over says it all here. Either way the checkpoint holds the words the shopper saw.
    messages: [botSays(state.step === "confirmOrder" ? NEXT_QUESTION : reply)],
  };
}
