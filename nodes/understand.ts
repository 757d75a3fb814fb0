/**
 * NLU on every shopper turn: intent, slots and sentiment from the models, merged into the
 * conversation's slots (a later value overwrites: "actually make it black"), then routed.
 */
import { Command, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { combineEntities, typeFromNameWord } from "../graph/entities.js";
import { dontCareKeys } from "../retrieval/lexicon.js";
import { decideIntent, intentCue, ORDER_ID } from "../graph/intentCues.js";
import { followUpOnOffer } from "../graph/alternatives.js";
import { isPolicyQuestion } from "../graph/policies.js";
import { asksToReset, routeTurn } from "../graph/routing.js";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType } from "../graph/state.js";
import type { NormalizedSlots, SlotKey } from "../retrieval/slots.js";
import { lastUserText } from "./messages.js";

/**
 * A new product type starts a new search: details of the old one (size, features...) no longer
 * apply. A type of the same kind ("shoes" then "sports shoes", Shoes both) refines the search
 * instead, so the brand and colour already given still hold.
 */
export function mergeSlots(old: NormalizedSlots, turn: NormalizedSlots, sameKind: (a: string, b: string) => boolean): NormalizedSlots {
  if (turn.product_type && old.product_type && turn.product_type !== old.product_type && !sameKind(old.product_type, turn.product_type)) {
    return { ...(old.gender ? { gender: old.gender } : {}), ...turn };
  }
  return { ...old, ...turn };
}

export function makeUnderstand(deps: AgentDeps) {
  return async function understand(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const text = lastUserText(state.messages);
    const [modelIntent, modelSlots, lexicon, sentiment] = await Promise.all([
      deps.tools.classifyIntent.invoke({ text }, config),
      deps.tools.extractSlots.invoke({ text }, config),
      deps.tools.lookupEntities.invoke({ text }, config),
      deps.tools.analyzeSentiment.invoke({ text }, config),
    ]);
    const parsed = { ...modelSlots, slots: combineEntities(modelSlots.slots, lexicon, text, deps.vocabulary) };
    // Asked what they are looking for, "casual ones" names Casual Shoes even without the word "shoes".
    if (state.pendingQuestion === "product_type" && !parsed.slots.product_type) {
      const type = typeFromNameWord(text, deps.vocabulary.productTypes);
      if (type) parsed.slots = { ...parsed.slots, product_type: type };
    }
    // Details that do not matter: stated in words, or the model's reading when the words allow it.
    const modelDontCare = /\b(any|whatever|matter|preference|care|mind|fussy)\b/i.test(text) ? modelSlots.dontCare : [];
    // "no wait, something else" starts over; it is not a "no preference" answer.
    const turnDontCare = asksToReset(text) ? [] : [...new Set([...dontCareKeys(text, state.pendingQuestion), ...modelDontCare])];
    const intent = decideIntent(modelIntent, text, {
      namesProduct: lexicon.product_type !== undefined,
      hasDetails: Object.keys(parsed.slots).length > 0 || turnDontCare.length > 0,
      statesValues: Object.keys(parsed.slots).length > 0,
      pendingQuestion: state.pendingQuestion !== null,
    });
    const sameKind = (a: string, b: string) => deps.groupOf(a) !== undefined && deps.groupOf(a) === deps.groupOf(b);
    // A bare order number answers the support question of the last turn: a return stays a return.
    if (state.step === "orderSupport" && ORDER_ID.test(text) && intent.label === "track_order" && state.intent === "return_product") {
      intent.label = "return_product";
    }
    const newSearch = Boolean(parsed.slots.product_type && parsed.slots.product_type !== state.slots.product_type && !(state.slots.product_type && sameKind(state.slots.product_type, parsed.slots.product_type)));
    const slots = mergeSlots(state.slots, parsed.slots, sameKind);
    let dontCare: SlotKey[] = newSearch ? [] : state.dontCare.filter((k) => parsed.slots[k] === undefined);
    for (const k of turnDontCare) if (!dontCare.includes(k)) dontCare.push(k);
    // "no" to "Do you have a preferred brand?" means any brand will do.
    if (intent.label === "deny" && state.pendingQuestion && parsed.slots[state.pendingQuestion] === undefined) {
      dontCare = [...dontCare, state.pendingQuestion];
    }
    const followed = followUpOnOffer({ slots, dontCare }, state, text, intent.label, parsed.slots);
    const turnHasSlots = Object.keys(parsed.slots).length > 0 || turnDontCare.length > 0;
    const goto = routeTurn({
      intent: intent.label,
      confidence: intent.confidence,
      intentFromCue: intent.source === "cue" || intentCue(text) === intent.label,
      turnHasSlots,
      turnHasProductType: parsed.slots.product_type !== undefined,
      pendingQuestion: state.pendingQuestion,
      hasSlots: Object.keys(state.slots).length > 0,
      wantsReset: asksToReset(text) && !turnHasSlots,
    });
    // A side question (small talk, delivery, payment, an order's status) leaves an offer standing.
    const sideQuestion =
      goto === "chitChat" ||
      (goto === "orderSupport" && (intent.label === "support" || intent.label === "track_order" || (intent.label === "return_product" && !ORDER_ID.test(text) && isPolicyQuestion(text))));
    return new Command({
      goto,
      update: {
        ...(sideQuestion ? {} : { pendingOrder: null }),
        intent: intent.label,
        confidence: intent.confidence,
        sentiment: sentiment.label,
        entities: parsed.slots,
        slots: followed.slots,
        dontCare: followed.dontCare,
        ...(newSearch ? { searchFrom: Math.max(0, state.messages.length - 1), task: null, asked: {}, offered: [] } : {}),
      },
    });
  };
}
