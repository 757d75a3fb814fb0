/**
 * Small talk, answered from the shipped small-talk corpus; when a search is under way the
 * pending question is asked again, so the flow resumes.
 */
import type { AgentDeps } from "../graph/deps.js";
import { replies, STEER_BACK } from "../graph/replies.js";
import type { AgentStateType } from "../graph/state.js";
import { botSays, lastUserText } from "./messages.js";

export function makeChitChat(deps: AgentDeps) {
  return function chitChat(state: AgentStateType) {
    const match = deps.smalltalk.answer(lastUserText(state.messages));
    const answer = match?.answer ?? STEER_BACK;
    const pending = state.pendingQuestion ? deps.requiredSlots.questions[state.pendingQuestion] : undefined;
    const reply = pending ? replies.backToSearch(answer, state.slots.product_type?.toLowerCase() ?? "search", pending) : answer;
    const offer = state.pendingOrder ? `${reply}${replies.stillWant(state.pendingOrder.name)}` : reply;
    return { reply: offer, step: "chitChat" as const, messages: [botSays(offer)] };
  };
}
