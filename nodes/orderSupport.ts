/**
 * Order support: tracking, returns, complaints and general support, grounded in the orders
 * store. A negative shopper gets an apology and the offer of a human colleague.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType } from "../graph/state.js";
import type { Order } from "../retrieval/orders.js";
import { botSays } from "./messages.js";
import type { TurnCues } from "../nlu/phrasings.js";
import { APOLOGY, HUMAN_OFFER, POLICIES, replies, WHAT_WE_DO } from "../graph/replies.js";

async function findOrder(deps: AgentDeps, state: AgentStateType, orderId: string | null, config?: LangGraphRunnableConfig): Promise<Order | null> {
  const found = await deps.tools.findOrders.invoke({ userId: state.userId, ...(orderId ? { orderId } : {}) }, config);
  return found[0] ?? null;
}

export function makeOrderSupport(deps: AgentDeps) {
  return async function orderSupport(state: AgentStateType, config?: LangGraphRunnableConfig) {
    // The words of the message as read once this turn (an edited checkpoint without a reading: none).
    const cues: Partial<TurnCues> = state.reading?.cues ?? {};
    const orderId = cues.orderId ?? null;
    // "Where's my stuff?" reads as negative to the sentiment model; only an upset shopper gets an apology.
    const negative = state.sentiment === "negative" && (state.intent === "complaint" || cues.upset === true);
    const apology = negative ? APOLOGY : "";
    let reply: string;
    const policy = cues.policy ?? null;
    switch (state.intent) {
      case "track_order": {
        const o = await findOrder(deps, state, orderId, config);
        reply = o
          ? `${apology}${replies.orderStatus(o)}`
          : `${apology}${replies.noOrderFound(orderId !== null)}`;
        break;
      }
      case "return_product": {
        const o = await findOrder(deps, state, orderId, config);
        reply = o
          ? `${apology}${replies.returnOrder(o)}`
          : orderId
            ? `${apology}${replies.noSuchOrder(orderId)}`
            : cues.policyQuestion === true
              ? replies.returnsPolicy()
              : `${apology}${replies.returnWhichOrder()}`;
        break;
      }
      case "complaint":
        reply = replies.complaint();
        break;
      default:
        reply = policy
          ? POLICIES[policy]
          : cues.mentionsPerson === true
          ? `${apology}${HUMAN_OFFER}`
          : negative
            ? `${apology}${HUMAN_OFFER}`
            : WHAT_WE_DO;
    }
    if (negative && state.intent !== "complaint" && !reply.includes(HUMAN_OFFER) && cues.mentionsPerson !== true) reply = `${reply} ${HUMAN_OFFER}`;
    // A question asked mid-search: answered, then back to the search where it was.
    const type = state.slots.product_type;
    const pending = state.pendingQuestion ? deps.requiredSlots.questions[state.pendingQuestion] : undefined;
    if (type && pending && state.intent !== "complaint" && !negative) reply = replies.backToType(reply, type, pending);
    if (state.pendingOrder) reply = `${reply}${replies.stillWant(state.pendingOrder.name)}`;
    return { reply, step: "orderSupport" as const, messages: [botSays(reply)] };
  };
}
