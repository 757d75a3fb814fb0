/**
 * Routing: pure functions of the state (unit-tested in test/routing.test.ts).
 */
import type { ProductQuestion } from "../nlu/phrasings.js";
import type { TurnReading } from "../nlu/reading.js";
import { namesWord } from "../retrieval/catalog/text.js";
import type { SlotKey } from "../retrieval/slots.js";
import type { AgentStateType, ShownProduct } from "./state.js";

export type TurnRoute = "greeting" | "slotFilling" | "chitChat" | "orderSupport" | "goodbye" | "reset" | "handoff";

export interface TurnFacts {
  intent: string;
  confidence: number;
  /** The label comes from (or agrees with) an unambiguous phrasing, not the classifier alone. */
  intentFromCue?: boolean;
  /** Did this turn's slot extraction find anything (including a don't-care)? */
  turnHasSlots: boolean;
  /** Did this turn name a product type? */
  turnHasProductType?: boolean;
  /** Is the agent waiting for an answer to a slot question? */
  pendingQuestion: SlotKey | null;
  /** Has the conversation gathered any product detail so far? */
  hasSlots: boolean;
  /** Did the shopper ask to start over ("never mind", "start again")? */
  wantsReset: boolean;
  /** Did the shopper ask in so many words for a person ("get me a real person")? */
  asksForPerson?: boolean;
  /** Did the agent's last reply offer to bring in a member of the team? */
  humanOffered?: boolean;
  /** Is the turn's sentiment strongly negative (an angry complaint)? */
  stronglyNegative?: boolean;
  /** Did the shopper ask whether the shop sells something ("do you sell laptops?")? */
  asksIfSold?: boolean;
  /** Does the turn state a budget and no other detail ("ugh fine, 150 max then")? */
  turnOnlyBudget?: boolean;
}

const SUPPORT_INTENTS = new Set(["track_order", "return_product", "complaint", "support"]);
const SHOPPING_INTENTS = new Set(["find_product", "buy_product", "find_similar_products", "get_trending_products", "inform"]);
/** Below this confidence a turn that carries product details is treated as shopping whatever its label. */
const LOW_CONFIDENCE = 0.5;

/** Where a shopper's turn goes once it is understood. */
export function routeTurn(f: TurnFacts): TurnRoute {
  // A person asked for (and read as any support request), a yes to the offer of one, or an angry
  // complaint after the agent offered one: staff take over.
  if (f.asksForPerson && SUPPORT_INTENTS.has(f.intent)) return "handoff";
  if (f.humanOffered && (f.intent === "affirm" || (f.intent === "complaint" && f.stronglyNegative === true))) return "handoff";
  // Mid-search, an unsure classifier's guess alone does not pull the shopper out of the search
  // ("how much is it?" once read as a complaint at 0.26): a clear phrasing or a confident label does.
  const midSearch = f.pendingQuestion !== null || f.hasSlots;
  // Nor does a budget said in a grumble ("ugh fine, 150 max then" read as a complaint, blind round
  // 43): a budget is never about an order already placed.
  const unsureMidSearch = midSearch && !f.intentFromCue && (f.confidence < LOW_CONFIDENCE || f.turnOnlyBudget === true);
  if (SUPPORT_INTENTS.has(f.intent) && !unsureMidSearch) return "orderSupport";
  if (f.wantsReset) return "reset";
  if (f.intent === "goodbye" && !unsureMidSearch) return "goodbye";
  // An answer to the agent's question keeps the flow going even if it reads like small talk.
  if (f.turnHasSlots && (f.pendingQuestion !== null || f.confidence < LOW_CONFIDENCE)) return "slotFilling";
  if (SHOPPING_INTENTS.has(f.intent) || unsureMidSearch) return "slotFilling";
  // Naming a product or a detail of one ("I'm an XS"), or asking whether the shop sells one, is a
  // shopping request even when the classifier heard small talk.
  if ((f.turnHasSlots || f.turnHasProductType || f.asksIfSold) && f.intent === "chit_chat") return "slotFilling";
  if (f.intent === "greeting") return f.turnHasSlots ? "slotFilling" : "greeting";
  // "no" / "yes" to a slot question: a don't-care or a go-ahead, handled by slot filling.
  if ((f.intent === "deny" || f.intent === "affirm") && (f.pendingQuestion !== null || f.hasSlots)) return "slotFilling";
  return "chitChat";
}

/**
 * After slot filling: ask (end the turn) while something is missing; otherwise offer the product
 * the shopper picked before giving its size, or build the task for a search.
 */
export function routeAfterSlotFilling(s: Pick<AgentStateType, "pendingQuestion" | "picked">): "contextTranslation" | "offerFollowUp" | "__end__" {
  if (s.pendingQuestion !== null) return "__end__";
  return s.picked !== null ? "offerFollowUp" : "contextTranslation";
}

/**
 * After booking, or a side question answered while an offer stands: an offer waits for
 * confirmation; no offer (nothing in stock, or none made) ends the turn.
 */
export function routeAfterBooking(s: Pick<AgentStateType, "pendingOrder">): "confirmOrder" | "__end__" {
  return s.pendingOrder ? "confirmOrder" : "__end__";
}

/** Times a slot is asked in one search; then it stops being required, so the agent never loops on a question. */
export const MAX_ASKS = 2;
const NEVER_DROPPED: ReadonlySet<SlotKey> = new Set(["product_type", "size"]);

/**
 * What slot filling should do: ask about `ask`, or search (ask null). Slots already asked
 * MAX_ASKS times without an answer are dropped (`skip`), except the product type, which a search
 * cannot do without, and the size, which an order cannot (an offer in a size the shopper never
 * gave was bought once: "size nine" went unread twice, the size was dropped, size 5 was offered).
 */
export function nextQuestion(missing: readonly SlotKey[], asked: Partial<Record<SlotKey, number>>): { ask: SlotKey | null; skip: SlotKey[] } {
  const skip = missing.filter((k) => !NEVER_DROPPED.has(k) && (asked[k] ?? 0) >= MAX_ASKS);
  return { ask: missing.find((k) => !skip.includes(k)) ?? null, skip };
}

/** The required slots still missing, in the data's order. */
export function missingSlots(required: readonly SlotKey[], have: Partial<Record<SlotKey, unknown>>, dontCare: readonly SlotKey[]): SlotKey[] {
  return required.filter((k) => have[k] === undefined && !dontCare.includes(k));
}

/** "the Biba one", "the blue one", "the slim fit one": every word is the product's brand, colour or in its name. */
export function namedBy(p: Pick<ShownProduct, "name" | "brand" | "baseColour">, words: string): boolean {
  return namedByFields(`${p.name} ${p.brand} ${p.baseColour ?? ""}`, words);
}

/** "the black one": every word is the product's own brand or colour, not only a word of its name ("Silver-Black"). */
export function namedByBrandOrColour(p: Pick<ShownProduct, "brand" | "baseColour">, words: string): boolean {
  return namedByFields(`${p.brand} ${p.baseColour ?? ""}`, words);
}

function namedByFields(fields: string, words: string): boolean {
  return words.split(/\s+/).every((w) => namesWord(fields, w));
}


/** What a follow-up turn is about: a product picked from those shown, or a question about the one on offer. */
export interface FollowUp {
  product: ShownProduct;
  /** Set when the shopper asked something about the product rather than picking it. */
  question: ProductQuestion | null;
  /** The shopper's words that picked it ("the black one"): those shown that they name stay on the screen. */
  named?: string;
}

/**
 * A turn that is about products already shown, answered from their data without searching again
 * (nodes/offerFollowUp.ts): a pick ("the second one") of a product on the screen, or a question
 * ("what sizes does it come in?") about the last offer, or a new size for the last offer. `said`
 * is what the turn states.
 */
export function followUpTarget(
  reading: Pick<TurnReading, "pick" | "cues"> & Partial<Pick<TurnReading, "excluded">>,
  shown: readonly ShownProduct[],
  lastOffer: ShownProduct | undefined,
  said: Partial<Record<SlotKey, unknown>> = {},
): FollowUp | null {
  const { pick, cues } = reading;
  // "something like the wildcraft one but in blue": a product the turn's colour or brand does not fit
  // is what the shopper compares with, not the one they pick (blind round 72 offered the black one).
  const fits = (p: ShownProduct) =>
    (typeof said.color !== "string" || namedBy(p, said.color.toLowerCase())) && (typeof said.brand !== "string" || namedBy(p, said.brand.toLowerCase()));
  const picked = pick === null ? undefined : shown.at(pick);
  // "does the 2nd one run small?", "is the black one leather?": the question is about the product picked.
  const question = cues.productQuestion ?? null;
  if (picked && fits(picked)) return { product: picked, question };
  // "which is the cheapest of the ones you showed?": the lowest-priced shown, not a new search (blind round 41).
  if (cues.cheapestShown && shown.length > 0) return { product: shown.reduce((a, b) => (b.price < a.price ? b : a)), question: null };
  // "The blue one. not red": a product named by the shopper's words is not one saying what they ruled out ("Red & Blue Printed Kurta").
  const ruledOut = reading.excluded?.color ?? [];
  const allowed = (p: ShownProduct) => !ruledOut.some((c) => namedBy(p, c));
  // A product whose own colour or brand is the words comes before one whose name only holds them
  // ("the black ones": a black backpack, not the "Silver-Black" one listed first; blind round 40).
  const words = cues.pickWords;
  const named = words === null ? undefined : (shown.find((p) => namedByBrandOrColour(p, words) && allowed(p) && fits(p)) ?? shown.find((p) => namedBy(p, words) && allowed(p) && fits(p)));
  if (named && words !== null) return { product: named, question, named: words };
  if (cues.productQuestion && lastOffer) return { product: lastOffer, question: cues.productQuestion };
  // "no wait, size L" to an offer: the same product in the new size, when it has that size in stock.
  const keys = Object.keys(said);
  const size = typeof said.size === "string" ? said.size : undefined;
  if (lastOffer && size && keys.every((k) => k === "size" || k === "quantity") && (lastOffer.stock[size] ?? 0) > 0) return { product: lastOffer, question: null };
  return null;
}
