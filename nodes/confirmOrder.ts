/**
 * Purchase confirmation: interrupt() pauses the graph with the offer; the shopper's next message
 * resumes it (Command({ resume: text })). Yes places the order (stock reserved atomically, once
 * per offer even if the yes arrives twice; more than are left offers those left); no keeps the search for what comes next; anything
 * else is a new request and goes back through understanding.
 */
import { HumanMessage } from "@langchain/core/messages";
import { Command, END, interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentDeps } from "../graph/deps.js";
import { COUNT_ONE_OR_MORE, replies } from "../graph/replies.js";
import type { AgentStateType } from "../graph/state.js";
import { tellsToOrder } from "../nlu/phrasings.js";
import { orderIdFor } from "../retrieval/orders.js";
import { botSays } from "./messages.js";
import { restatesOffer } from "../graph/offerDetails.js";
import { offerOf } from "../graph/offers.js";

export interface ConfirmationRequest {
  question: string;
  offer: NonNullable<AgentStateType["pendingOrder"]>;
}

export function makeConfirmOrder(deps: AgentDeps) {
  return async function confirmOrder(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const offer = state.pendingOrder;
    if (!offer) return new Command({ goto: "__end__" });
    const answer = interrupt<ConfirmationRequest, unknown>({ question: state.reply, offer });
    const text = typeof answer === "string" ? answer.slice(0, 2000) : "";
    const reading = await deps.tools.readTurn.invoke({ text, context: { kind: "offer", product: offer.name } }, config);
    const intent = reading.intent;
    const { quantity: said, ...details } = reading.wanted;
    // "ok the 2nd, buy it" picks another product from the list: not a yes to the one on offer.
    // "Yes, order that backpack" only restates the offer: still a yes.
    const offered = state.products.find((p) => p.id === offer.productId);
    const newDetails = Object.keys(details).length > 0 && !restatesOffer(details, offered, offer.size);
    // A turn that asks for something ("no wait, something else", "what sizes?", "the Biba one") is a
    // new request whatever its first word, with or without the rules. "nah, too pricey" stays a no.
    const { cues } = reading;
    // An alternative read from an unsure intent alone is no request when the words only say yes ("haan chalega", blind round 48).
    const alternative = cues.alternative !== null && reading.answer !== "yes";
    const asksMore = cues.reset || cues.list || cues.productQuestion !== null || alternative || cues.pickWords !== null || cues.cheapestShown;
    // "the first one looks good, order it" when the first one is the one on offer: no other product, and
    // an order asked for (blind round 68 offered it again); "I'll take the first one" still gets the question.
    const pickOrders = reading.pick !== null && state.products.at(reading.pick)?.id === offer.productId && tellsToOrder(text) && reading.answer !== "no";
    const statesDetails = newDetails || Object.keys(reading.excluded).length > 0 || (reading.pick !== null && !pickOrders) || asksMore;
    // The reading's answer (the words, or the encoder when sure); new details make it a new request.
    const decision = statesDetails ? "other" : pickOrders ? "yes" : (reading.answer ?? "other");
    const heard = new HumanMessage(text);
    // A crash after the order was committed and before this conversation recorded it leaves the
    // offer pending: the order stands, whatever this answer says, and the reply says so.
    const [existing] = await deps.tools.findOrders.invoke({ userId: state.userId, orderId: orderIdFor(offer.offerId) }, config);
    if (existing) {
      const reply = replies.placedBeforeCrash(replies.placed(existing));
      return new Command({
        goto: "reset",
        update: {
          pendingOrder: null, order: { ...existing, status: "placed" as const },
          reply, step: "confirmOrder", intent: intent.label, confidence: intent.confidence, reading, readingFor: state.messages.length, sentiment: reading.sentiment.label,
          messages: [heard, botSays(reply)],
        },
      });
    }
    const plainQuestion = replies.confirmPlainly(offer.name, offer.size, offer.quantity * offer.unitPrice);
    // "ok then order 0 caps": not a yes to the count on offer; the offer stands and the shopper is asked
    // plainly ("nah I want zero of these" stays a no, and a new request is read as one).
    if (cues.impossibleCount && (decision === "yes" || decision === "unclear")) {
      const reply = `${COUNT_ONE_OR_MORE} ${plainQuestion}`;
      return new Command({
        goto: "confirmOrder",
        update: { reply, step: "confirmOrder", intent: intent.label, confidence: intent.confidence, reading, readingFor: state.messages.length, sentiment: reading.sentiment.label, messages: [heard, botSays(reply)] },
      });
    }
    if (decision === "other") {
      // A new request; understand drops the offer unless the turn is a side question ("do you take PayPal?").
      // It reuses this reading: the message is read once per turn.
      return new Command({ goto: "understand", update: { messages: [heard], reading, readingFor: state.messages.length } });
    }
    // Unclear again after the plain question: no order (it cannot be taken back), and no third question.
    if (decision === "unclear" && !state.reply.endsWith(plainQuestion)) {
      // Not sure it was a yes ("hmm ok leave it"): the offer stands and the shopper is asked plainly.
      const reply = plainQuestion;
      return new Command({
        goto: "confirmOrder",
        update: { reply, step: "confirmOrder", intent: intent.label, confidence: intent.confidence, reading, readingFor: state.messages.length, sentiment: reading.sentiment.label, messages: [heard, botSays(reply)] },
      });
    }
    // The turn's intent is what the answer was taken to be, whatever the classifier read into it.
    if (decision === "no" || decision === "unclear") {
      // The search stays, so "do you have it in white?" or "anything cheaper?" can follow the no.
      const reply = replies.declined();
      return new Command({ goto: END, update: { pendingOrder: null, reply, step: "confirmOrder", intent: "deny", confidence: intent.confidence, reading, readingFor: state.messages.length, sentiment: reading.sentiment.label, messages: [heard, botSays(reply)] } });
    }
    // "Yes, I'll take 2": the count said with the yes is the quantity ordered.
    const quantity = said ?? offer.quantity;
    const placed = await deps.tools.placeOrder.invoke({ ...offer, quantity, userId: state.userId, chatId: state.chatId }, config);
    if (placed.ok && placed.created) await deps.tools.recordInteractions.invoke({ userId: state.userId, productIds: [offer.productId], kind: "purchase" }, config);
    // "I'll take 3" with 2 left: the 2 are offered in their place, and the next yes orders them.
    if (!placed.ok && offered && placed.left > 0 && placed.left < quantity) {
      const { left } = placed;
      const reply = replies.onlyLeft(left, offer.name, offer.size);
      return new Command({
        goto: "confirmOrder",
        update: {
          pendingOrder: offerOf(offered, offer.size, left, config),
          // The count asked for stays what the shopper asked ("18 of them"), as when a search offers fewer.
          slots: { ...state.slots, quantity },
          reply, step: "confirmOrder", intent: "affirm", confidence: intent.confidence, reading, readingFor: state.messages.length, sentiment: reading.sentiment.label,
          messages: [heard, botSays(reply)],
        },
      });
    }
    const reply = placed.ok
      ? `${replies.placed(placed.order)}.`
      : quantity > 1
        ? replies.notEnoughLeft(quantity, offer.name, offer.size)
        : replies.soldOutJustNow(offer.name, offer.size);
    return new Command({
      goto: "reset",
      update: {
        pendingOrder: null,
        order: placed.ok ? { ...placed.order, status: "placed" as const } : state.order,
        reply, step: "confirmOrder", intent: "affirm", confidence: intent.confidence, reading, readingFor: state.messages.length, sentiment: reading.sentiment.label,
        messages: [heard, botSays(reply)],
      },
    });
  };
}
