/**
 * Follow-ups about products already shown, answered from their catalog data without searching
 * again or calling a model: "the second one" offers that product, "what sizes does it come in?"
 * answers about the last offer and offers it again. Understanding routes here (graph/routing.ts
 * followUpTarget); the reply's step is "booking", the phase the shopper is in (DESIGN.md's flow).
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { lastOffered } from "../graph/alternatives.js";
import { answerProductQuestion } from "../graph/productQuestions.js";
import { followUpTarget } from "../graph/routing.js";
import type { AgentStateType, ShownProduct } from "../graph/state.js";
import { sizeLabel } from "../graph/task.js";
import { formatPrice } from "../retrieval/retriever.js";
import { offerOf } from "./booking.js";
import { botSays } from "./messages.js";

/** Offers a product already shown, in the size asked for when it has it, else its first size in stock. */
function offerShown(p: ShownProduct, lead: string, state: AgentStateType, config?: LangGraphRunnableConfig) {
  const wanted = state.slots.size;
  const size = wanted && (p.stock[wanted] ?? 0) > 0 ? wanted : p.sizes.find((s) => (p.stock[s] ?? 0) > 0);
  const pendingOrder = size ? offerOf(p, size, state.slots.quantity ?? 1, config) : null;
  const reply = `${lead}${pendingOrder ? ` Would you like to buy it${size && size !== wanted ? ` in ${sizeLabel(size)}` : ""}?` : " It is sold out right now."}`;
  return { reply, step: "booking" as const, pendingOrder, offered: [...state.offered, p.id], messages: [botSays(reply)] };
}

export function offerFollowUp(state: AgentStateType, config?: LangGraphRunnableConfig) {
  const cues = state.reading?.cues;
  const target = cues ? followUpTarget(cues, state.products, lastOffered(state), state.pendingQuestion, state.slots) : null;
  // Understanding routes here only with a target; a state without one (an edited checkpoint) just ends the turn.
  if (!target) return {};
  const lead = target.question ? answerProductQuestion(target.question, target.product) : `The ${target.product.name} is ${formatPrice(target.product.price)}.`;
  return offerShown(target.product, lead, state, config);
}
