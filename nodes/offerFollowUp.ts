/**
 * Follow-ups about products already shown, answered from their catalog data without searching
 * again or calling a model: "the second one" offers that product, "what sizes does it come in?"
 * answers about the last offer and offers it again. A product picked while its size is still
 * unknown is remembered (`picked`) and the size asked; the answer comes back here and that product
 * is offered in it. Understanding routes here (graph/routing.ts followUpTarget), slot filling too
 * once the size of a picked product is given. An offer's step is "booking", the phase the shopper
 * is in (DESIGN.md's flow); the size question's is "slotFilling".
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { lastOffered } from "../graph/alternatives.js";
import type { AgentDeps } from "../graph/deps.js";
import { offerShown } from "../graph/offers.js";
import { replies } from "../graph/replies.js";
import { followUpTarget, namedBy } from "../graph/routing.js";
import type { AgentStateType, ShownProduct } from "../graph/state.js";
import { rangeName, sizeLabel, sizesInStock } from "../graph/task.js";
import { botSays } from "./messages.js";

export function makeOfferFollowUp(deps: AgentDeps) {
  return function offerFollowUp(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const picked = state.picked === null ? undefined : state.products.find((p) => p.id === state.picked);
    const target = picked ? { product: picked, question: null } : state.reading ? followUpTarget(state.reading, state.products, lastOffered(state), state.entities) : null;
    // Understanding routes here only with a target; a state without one (an edited checkpoint) just ends the turn.
    if (!target) return {};
    const p = target.product;
    // "What colours do you have?": the range's colours (a product has one), then the offer again.
    const coloursAnswer = () => {
      const { gender, size, brand } = state.slots;
      const range = `${rangeName(p.articleType)}${gender ? ` for ${gender.toLowerCase()}` : ""}${size ? ` in ${sizeLabel(size)}` : ""}`;
      return `${replies.rangeColours(range, deps.coloursOf({ productType: p.articleType, gender, size, brand }))} ${replies.productAnswer("price", p)}`;
    };
    const lead = target.question === "colours" ? coloursAnswer() : replies.productAnswer(target.question ?? "price", p);
    // Picked before the size was given: ask it for this product, and keep the pick for the answer.
    const sized = !deps.oneSize(p.articleType) && sizesInStock(p).length > 1;
    // A product picked with a question about it ("is the black one leather?") is answered, then its size asked.
    const pickedNow = target.named !== undefined || (state.reading?.pick ?? null) !== null;
    // The sizes in stock, unless the answer has just listed them.
    const askSize = target.question === "sizes" || target.question === "stock" ? replies.whichSize : replies.pickSize(p);
    // The size asked for this product, the pick kept for the answer.
    const askingSize = (reply: string, products = state.products) => ({
      reply, step: "slotFilling" as const, picked: p.id, pendingQuestion: "size" as const, pendingOrder: null,
      asked: { ...state.asked, size: (state.asked.size ?? 0) + 1 }, previewed: false, products, messages: [botSays(reply)],
    });
    if ((!target.question || pickedNow) && sized && state.slots.size === undefined && !state.dontCare.includes("size")) return askingSize(`${lead} ${askSize}`);
    // A new size for the offer: of the products shown, those in that size, the offer first.
    const size = state.entities.size;
    // Picked by its words ("the black one then"): of the products shown, those the words name, the offer first.
    const words = target.named;
    // Both when both are said ("ok the grey one, size L": blind round 72 kept black ones on the screen).
    const newSize = size !== undefined && !target.question;
    const stays = (x: ShownProduct) => x.id !== p.id && (!newSize || (x.stock[size] ?? 0) > 0) && (words === undefined || namedBy(x, words));
    const shown = newSize || words !== undefined ? [p, ...state.products.filter(stays)] : state.products;
    // Not in the size the shopper gave: say so and ask, rather than offer another size unasked (blind
    // round 72 offered a kurta in S to "does the 2nd one run small? I'm usually an M").
    const given = state.slots.size;
    if (given !== undefined && !deps.oneSize(p.articleType) && (p.stock[given] ?? 0) === 0 && sizesInStock(p).length > 0) {
      return askingSize(`${lead} ${replies.notInSize(given)} ${askSize}`, shown);
    }
    return { ...offerShown(p, lead, state, config), products: shown };
  };
}
