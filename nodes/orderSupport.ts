/**
 * Order support: tracking, returns, complaints and general support, grounded in the orders
 * store. A negative shopper gets an apology and the offer of a human colleague.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType } from "../graph/state.js";
import { formatPrice } from "../retrieval/retriever.js";
import type { Order } from "../retrieval/orders.js";
import { botSays, lastUserText } from "./messages.js";
import { sizeLabel, typeNoun } from "../graph/task.js";
import { ORDER_ID } from "../nlu/cues.js";
import { isPolicyQuestion, POLICIES, policyAsked } from "../graph/policies.js";

/** Words of a shopper who is upset, not just asking. */
const UPSET = /\b(late|still (waiting|not)|ages|never|hasn'?t|not (arrived|here|come)|annoyed|angry|upset|furious|ridiculous|unacceptable|disappointed|gutted|fed up|sick of|wrong|broken|damaged|missing)\b/i;

/** The shopper asks for a person. */
const HUMAN_REQUEST = /\b(human|person|someone|somebody|agent|representative|rep|manager|staff|operator)\b/i;
export const HUMAN_OFFER = "Would you like me to connect you with a member of our team?";

async function findOrder(deps: AgentDeps, state: AgentStateType, text: string, config?: LangGraphRunnableConfig): Promise<Order | null> {
  const orderId = ORDER_ID.exec(text)?.[0];
  const found = await deps.tools.findOrders.invoke({ userId: state.userId, ...(orderId ? { orderId } : {}) }, config);
  return found[0] ?? null;
}

const describe = (o: Order) => `${o.orderId} (${o.quantity} x ${o.name}, ${sizeLabel(o.size)}, ${formatPrice(o.total)})`;

export function makeOrderSupport(deps: AgentDeps) {
  return async function orderSupport(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const text = lastUserText(state.messages);
    // "Where's my stuff?" reads as negative to the sentiment model; only an upset shopper gets an apology.
    const negative = state.sentiment === "negative" && (state.intent === "complaint" || UPSET.test(text));
    const apology = negative ? "I'm sorry about this. " : "";
    let reply: string;
    const policy = policyAsked(text);
    switch (state.intent) {
      case "track_order": {
        const o = await findOrder(deps, state, text, config);
        reply = o
          ? `${apology}Your order ${describe(o)} was placed on ${o.createdAt.slice(0, 10)} and is being prepared for shipping.`
          : `${apology}I couldn't find an order for you${ORDER_ID.test(text) ? " with that number" : ""}. Could you check the order number (it looks like ORD-1234ABCD)?`;
        break;
      }
      case "return_product": {
        const o = await findOrder(deps, state, text, config);
        const asked = ORDER_ID.exec(text)?.[0];
        reply = o
          ? `${apology}Order ${describe(o)}: ${POLICIES.returns} ${HUMAN_OFFER.replace("?", " to arrange the return?")}`
          : asked
            ? `${apology}I couldn't find order ${asked.toUpperCase()} on your account. Could you check the number?`
            : isPolicyQuestion(text)
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
          : HUMAN_REQUEST.test(text)
          ? `${apology}${HUMAN_OFFER}`
          : negative
            ? `${apology}${HUMAN_OFFER}`
            : "I can help you find products, place orders, track them and arrange returns. What do you need?";
    }
    if (negative && state.intent !== "complaint" && !reply.includes(HUMAN_OFFER) && !HUMAN_REQUEST.test(text)) reply = `${reply} ${HUMAN_OFFER}`;
    // A question asked mid-search: answered, then back to the search where it was.
    const type = state.slots.product_type;
    const pending = state.pendingQuestion ? deps.requiredSlots.questions[state.pendingQuestion] : undefined;
    if (type && pending && state.intent !== "complaint" && !negative) reply = `${reply} Now, back to your ${typeNoun(type)}: ${pending}`;
    if (state.pendingOrder) reply = `${reply} Would you still like the ${state.pendingOrder.name}?`;
    return { reply, step: "orderSupport" as const, messages: [botSays(reply)] };
  };
}
