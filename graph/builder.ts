/**
 * The agent's state graph, uncompiled: the caller picks the checkpointer (file, MongoDB, or the
 * LangGraph dev server's own).
 *
 *   START -> trimHistory -> understand -> greeting | slotFilling | offerFollowUp | chitChat | orderSupport | goodbye | reset | handoff
 *   slotFilling -> contextTranslation (nothing missing) | offerFollowUp (the size of a picked product given) | END (a question was asked)
 *   contextTranslation -> booking -> confirmOrder (an offer) | END
 *   understand -> offerFollowUp (a pick or a question about products shown; no search, no model) -> confirmOrder | END
 *   confirmOrder -(interrupt, resume)-> reset | understand (a new request) | END (a no) | confirmOrder (fewer left than asked: those left are offered)
 *   chitChat | orderSupport -> confirmOrder (a side question while an offer stands) | END
 */
import { END, START, StateGraph } from "@langchain/langgraph";
import type { AgentDeps } from "./deps.js";
import { routeAfterBooking, routeAfterSlotFilling } from "./routing.js";
import { AgentInput, AgentOutput } from "./io.js";
import { AgentState } from "./state.js";
import { makeBooking } from "../nodes/booking.js";
import { makeChitChat } from "../nodes/chitChat.js";
import { makeConfirmOrder } from "../nodes/confirmOrder.js";
import { makeContextTranslation } from "../nodes/contextTranslation.js";
import { goodbye } from "../nodes/goodbye.js";
import { handoff } from "../nodes/handoff.js";
import { greeting } from "../nodes/greeting.js";
import { makeOfferFollowUp } from "../nodes/offerFollowUp.js";
import { makeOrderSupport } from "../nodes/orderSupport.js";
import { reset } from "../nodes/reset.js";
import { makeSlotFilling } from "../nodes/slotFilling.js";
import { trimHistory } from "../nodes/trimHistory.js";
import { makeUnderstand } from "../nodes/understand.js";

export function buildAgentGraph(deps: AgentDeps) {
  return new StateGraph({ state: AgentState, input: AgentInput, output: AgentOutput })
    .addNode("trimHistory", trimHistory)
    .addNode("understand", makeUnderstand(deps), { ends: ["greeting", "slotFilling", "offerFollowUp", "chitChat", "orderSupport", "goodbye", "reset", "handoff"] })
    .addNode("greeting", greeting)
    .addNode("slotFilling", makeSlotFilling(deps))
    .addNode("contextTranslation", makeContextTranslation(deps))
    .addNode("booking", makeBooking(deps))
    .addNode("offerFollowUp", makeOfferFollowUp(deps))
    .addNode("confirmOrder", makeConfirmOrder(deps), { ends: ["confirmOrder", "reset", "understand", END] })
    .addNode("reset", reset)
    .addNode("chitChat", makeChitChat(deps))
    .addNode("orderSupport", makeOrderSupport(deps))
    .addNode("goodbye", goodbye)
    .addNode("handoff", handoff)
    .addEdge(START, "trimHistory")
    .addEdge("trimHistory", "understand")
    .addConditionalEdges("slotFilling", routeAfterSlotFilling, ["contextTranslation", "offerFollowUp", END])
    .addEdge("contextTranslation", "booking")
    .addConditionalEdges("booking", routeAfterBooking, ["confirmOrder", END])
    .addConditionalEdges("offerFollowUp", routeAfterBooking, ["confirmOrder", END])
    .addEdge("greeting", END)
    .addConditionalEdges("chitChat", routeAfterBooking, ["confirmOrder", END])
    .addConditionalEdges("orderSupport", routeAfterBooking, ["confirmOrder", END])
    .addEdge("goodbye", END)
    .addEdge("handoff", END)
    .addEdge("reset", END);
}
