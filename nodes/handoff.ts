/**
 * Handoff to staff: the shopper asked for a person, said yes when the agent offered one, or complained
 * angrily right after that offer. The
 * conversation is marked as handed over; from the next message on the agent answers nothing
 * (graph/agent.ts) until staff hand it back (server/routes/handoffs.ts), and the shopper is told so.
 */
import type { AgentStateType, Handoff } from "../graph/state.js";
import { botSays } from "./messages.js";
import { HANDOFF, HUMAN_OFFER } from "../graph/replies.js";

export function handoff(state: Pick<AgentStateType, "reply" | "intent">) {
  const offered = state.reply.includes(HUMAN_OFFER);
  const reason: Handoff["reason"] = !offered ? "asked" : state.intent === "complaint" ? "escalated" : "accepted";
  return {
    staffHandoff: { since: new Date().toISOString(), reason },
    pendingOrder: null,
    pendingQuestion: null,
    reply: HANDOFF,
    step: "handoff" as const,
    messages: [botSays(HANDOFF)],
  };
}
