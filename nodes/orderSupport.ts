/**
 * Order support: tracking, returns, complaints and general support, grounded in the orders
 * store. A negative shopper gets an apology and the offer of a human colleague.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType } from "../graph/state.js";
import { formatPrice } from "../retrieval/retriever.js";
import type { Order } from "../retrieval/orders.js";
import { botSays } from "./messages.js";
import { sizeLabel, typeNoun } from "../graph/task.js";
import type { TurnCues } from "../nlu/phrasings.js";
import { POLICIES } from "../graph/policies.js";

export const HUMAN_OFFER = "Would you like me to connect you with a member of our team?";

async function findOrder(deps: AgentDeps, state: AgentStateType, orderId: string | null, config?: LangGraphRunnableConfig): Promise<Order | null> {
  const found = await deps.tools.findOrders.invoke({ userId: state.userId, ...(orderId ? { orderId } : {}) }, config);
  return found[0] ?? null;
}

const describe = (o: Order) => `${o.orderId} (${o.quantity} x ${o.name}, ${sizeLabel(o.size)}, ${formatPrice(o.total)})`;

export function makeOrderSupport(deps: AgentDeps) {
  return async function orderSupport(state: AgentStateType, config?: LangGraphRunnableConfig) {
    // The words of the message as read once this turn (an edited checkpoint without a reading: none).
    const cues: Partial<TurnCues> = state.reading?.cues ?? {};
    const orderId = cues.orderId ?? null;
    // "Where's my stuff?" reads as negative to the sentiment model; only an upset shopper gets an apology.
    const negative = state.sentiment === "negative" && (state.intent === "complaint" || cues.upset === true);
    const apology = negative ? "I'm sorry about this. " : "";
    let reply: string;
    const policy = cues.policy ?? null;
    switch (state.intent) {
      case "track_order": {
        const o = await findOrder(deps, state, orderId, config);
        reply = o
          ? `${apology}Your order ${describe(o)} was placed on ${o.createdAt.slice(0, 10)} and is being prepared for shipping.`
          : `${apology}I couldn't find an order for you${orderId ? " with that number" : ""}. Could you check the order number (it looks like ORD-1234ABCD)?`;
        break;
      }
      case "return_product": {
        const o = await findOrder(deps, state, orderId, config);
        const asked = orderId;
        reply = o
          ? `${apology}Order ${describe(o)}: ${POLICIES.returns} ${HUMAN_OFFER.replace("?", " to arrange the return?")}`
          : asked
            ? `${apology}I couldn't find order ${asked.toUpperCase()} on your account. Could you check the number?`
            : cues.policyQuestion === true
              ? `Yes: ${POLICIES.returns.charAt(0).toLowerCase()}${POLICIES.returns.slice(1)} To start a return, tell me the order number (like ORD-1234ABCD).`
              : `${apology}I couldn't find the order you want to return. Could you give me the order number (like ORD-1234ABCD)?`;
        break;
      }
      case "complaint":
        reply = `I'm really sorry to hear that. ${HUMAN_OFFER}`;
        break;
      default:
        reply = policy
          ? POLICIES[policy]
          : cues.mentionsPerson === true
          ? `${apology}${HUMAN_OFFER}`
          : negative
            ? `${apology}${HUMAN_OFFER}`
            : "I can help you find products, place orders, track them and arrange returns. What do you need?";
    }
    if (negative && state.intent !== "complaint" && !reply.includes(HUMAN_OFFER) && cues.mentionsPerson !== true) reply = `${reply} ${HUMAN_OFFER}`;
    // A question asked mid-search: answered, then back to the search where it was.
    const type = state.slots.product_type;
    const pending = state.pendingQuestion ? deps.requiredSlots.questions[state.pendingQuestion] : undefined;
    if (type && pending && state.intent !== "complaint" && !negative) reply = `${reply} Now, back to your ${typeNoun(type)}: ${pending}`;
    if (state.pendingOrder) reply = `${reply} Would you still like the ${state.pendingOrder.name}?`;
    return { reply, step: "orderSupport" as const, messages: [botSays(reply)] };
  };
}
