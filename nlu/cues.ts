/**
 * Intent cues: phrasings whose intent is unambiguous ("where is my order", "bye"), kept as data in
 * nlu/rules/intent_cues.json with examples and counter-examples, plus what a turn's entities and the
 * pending question add. The encoder decides; a cue decides only when the encoder is unsure (below
 * the threshold the export chose on validation data). Pure functions, unit-tested.
 */
import type { Intent } from "../contract/index.js";
import { firstCue, loadIntentRules } from "./rules.js";

/** Order numbers as the orders store writes them. */
export const ORDER_ID = /\bORD-[0-9A-F]{8}\b/i;

/** nlu/rules/intent_cues.json, loaded once. */
export const INTENT_RULES = loadIntentRules();

const PERSON_RULE = INTENT_RULES.find((r) => r.name === "ask_for_person");

/** The shopper asks in so many words to be put through to a person (nlu/rules/intent_cues.json, ask_for_person). */
export function asksForPerson(text: string): boolean {
  return PERSON_RULE?.re.test(text) ?? false;
}

/** The intent a phrasing unambiguously signals, if any. */
export function intentCue(text: string): Intent | null {
  return firstCue(INTENT_RULES, text)?.intent ?? null;
}

const REQUEST_WORDS = /\b(want|need|looking|look for|show|find|search|get|buy|order|purchase|have|got|like|would|could|can)\b/i;
const BUY_WORDS = /\b(buy|purchase|order (a|an|the|some|me|one|two|\d|it|this|that|them)|book (it|this|that)|add (it|this|that|them|.{1,40}) to (my )?(cart|bag|basket)|i'?ll take|get me|check ?out|ship me|want to get)\b/i;

/** The request a message naming a product makes: buying when it says so ("get me", "I'll take"), else finding. */
export function requestIntent(text: string): "buy_product" | "find_product" {
  return BUY_WORDS.test(text) ? "buy_product" : "find_product";
}

/** What the turn's entities and the agent's pending question add to the text alone. */
export interface TurnContext {
  /** A product type the message names (from the catalog lookup tables). */
  namesProduct: boolean;
  /** The message states some product detail (type, colour, size, brand, price...) or a don't-care. */
  hasDetails: boolean;
  /** The message states a product value (not just "no preference"). */
  statesValues?: boolean;
  /** The agent asked for a detail last turn. */
  pendingQuestion: boolean;
}

/** The intent the phrasing and its entities signal, if unambiguous. */
export function contextualCue(text: string, ctx: TurnContext): Intent | null {
  const cue = intentCue(text);
  // "ok, the kurta in M then": a leading yes/no before details is not the point of the message.
  if (cue && !((cue === "affirm" || cue === "deny") && (ctx.statesValues ?? ctx.hasDetails))) return cue;
  // A terse list of details answering the agent's question is an answer, even if it names the product.
  if (ctx.hasDetails && ctx.pendingQuestion && !REQUEST_WORDS.test(text)) return "inform";
  if (ctx.namesProduct) return requestIntent(text);
  if (ctx.hasDetails && ctx.pendingQuestion) return "inform";
  if (/\b(do you (sell|have|carry|stock)|have you got|looking for|show me|find me|got any)\b/i.test(text)) return "find_product";
  return null;
}

export interface IntentDecision {
  label: Intent;
  confidence: number;
  /** Where the label came from, for traces and the stored message. */
  source: "model" | "cue";
}

/**
 * Cues are precise phrasings (and named products), so when one applies it decides; the classifier
 * decides everything else (small talk, complaints in free words, ...). Measured: the shipped
 * classifier alone is not accurate enough on unseen phrasing (models/README.md), cues are.
 */
export function decideIntent(model: { label: Intent; confidence: number }, text: string, ctx?: TurnContext, threshold = 1): IntentDecision {
  if (model.confidence >= threshold) return { ...model, source: "model" };
  const cue = ctx ? contextualCue(text, ctx) : intentCue(text);
  if (cue && cue !== model.label) return { label: cue, confidence: model.confidence, source: "cue" };
  return { ...model, source: "model" };
}
