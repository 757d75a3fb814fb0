/**
 * High-precision intent cues: phrasings whose intent is unambiguous ("where is my order", "bye",
 * "I want to return this"). The T5 classifier decides; a cue only overrides it when the model is
 * unsure, so a weak model can not send "track my parcel" to small talk. Pure functions, unit-tested.
 */
import type { Intent } from "../models/runtime/labels.js";

const CUES: [Intent, RegExp][] = [
  ["track_order", /\b(where('?s| is)? my (order|package|parcel|delivery|stuff)|track(ing)? (my |the )?(order|package|parcel|shipment|delivery)|order status|status of my (order|purchase)|has my order (shipped|arrived)|when will (my|it|the) (order|package|parcel)? ?(arrive|come|be delivered|ship)|(hasn'?t|not|never) (arrived|been delivered|shown up))\b/i],
  ["return_product", /\b(return|refund|send (it|this|them) back|exchange (it|this|them|my)|money back)\b/i],
  ["complaint", /\b(complain(t)?|terrible|awful|horrible|worst|useless|ripped off|scam|broken|damaged|defective|fell apart|disappointed|unacceptable|furious|angry|not happy|wrong (item|size|product|colou?r))\b/i],
  ["support", /\b(talk to (a )?(human|person|someone|agent)|customer (service|support|care)|speak (to|with) (a )?(human|person|agent|manager)|help desk|contact (you|support))\b/i],
  ["goodbye", /^\s*(bye|goodbye|good bye|see (you|ya)|cya|later|take care|that'?s all|i'?m done|have a (good|nice) (day|one))\b[\s!.]*$/i],
  ["greeting", /^\s*(hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening)|greetings)\b[\s!.,]*(there|team|folks|all)?[\s!.]*$/i],
  ["get_trending_products", /\b(trending|bestsell(ing|ers?)|best sell(ing|ers?)|popular|what'?s hot|in fashion|top picks|most bought)\b/i],
  ["find_similar_products", /\b(similar|something like (this|that|it)|more like (this|that)|alternatives?|other options like)\b/i],
  ["affirm", /^\s*(y|ya|yes|yeah|yep|yup|sure|ok(ay)?|of course|absolutely|definitely|sounds good|go ahead|please do|do it|confirm(ed)?|perfect|great)\b[\s!.,]*(please|thanks|thank you)?[\s!.]*$/i],
  ["deny", /^\s*(n|no|nope|nah|not really|no thanks|no thank you|not now|maybe later|don'?t|cancel)\b[\s!.,]*(thanks|thank you)?[\s!.]*$/i],
];

/** The intent a phrasing unambiguously signals, if any. */
export function intentCue(text: string): Intent | null {
  for (const [intent, re] of CUES) if (re.test(text)) return intent;
  return null;
}

/** Below this confidence a clear cue overrides the classifier. */
export const CUE_OVERRIDES_BELOW = 0.9;

export interface IntentDecision {
  label: Intent;
  confidence: number;
  /** Where the label came from, for traces and the stored message. */
  source: "model" | "cue";
}

export function decideIntent(model: { label: Intent; confidence: number }, text: string): IntentDecision {
  const cue = intentCue(text);
  if (cue && cue !== model.label && model.confidence < CUE_OVERRIDES_BELOW) return { label: cue, confidence: model.confidence, source: "cue" };
  return { ...model, source: "model" };
}
