/**
 * Rules kept as data (nlu/rules/*.json): each with examples it must match and counter-examples it
 * must not, checked by test/nlu.test.ts. A rule overrules a confident encoder only where its data
 * says so (`outranks`, optionally `onlyWhen` a kind of pending context): readings measured wrong.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { INTENTS, type Intent } from "../contract/index.js";
import type { ReadingContext } from "./reading.js";

const CONTEXT_KINDS = ["none", "question", "offer", "list", "order_number"] as const satisfies readonly ReadingContext["kind"][];

const RuleSchema = z.object({
  name: z.string().regex(/^[a-z_]+$/),
  intent: z.enum(INTENTS),
  pattern: z.string().min(1),
  flags: z.string().regex(/^[iu]*$/),
  examples: z.array(z.string()).min(1),
  counterExamples: z.array(z.string()),
  outranks: z.array(z.enum(INTENTS)).optional(),
  onlyWhen: z.enum(CONTEXT_KINDS).optional(),
});
const FileSchema = z.object({ note: z.string(), rules: z.array(RuleSchema).min(1) });

export interface IntentRule {
  name: string;
  intent: Intent;
  re: RegExp;
  examples: string[];
  counterExamples: string[];
  /** Confident encoder readings this rule overrules when it matches. */
  outranks: readonly Intent[];
  /** Only while the agent has this kind of thing pending. */
  onlyWhen?: ReadingContext["kind"];
}

export function loadIntentRules(file = new URL("./rules/intent_cues.json", import.meta.url)): IntentRule[] {
  const parsed = FileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  return parsed.rules.map((r) => ({
    name: r.name,
    intent: r.intent,
    re: new RegExp(r.pattern, r.flags),
    examples: r.examples,
    counterExamples: r.counterExamples,
    outranks: r.outranks ?? [],
    ...(r.onlyWhen ? { onlyWhen: r.onlyWhen } : {}),
  }));
}

/** Does this matching rule overrule the encoder's confident `reading` in `context`? */
export function outranks(rule: IntentRule, reading: Intent, context: ReadingContext): boolean {
  return rule.outranks.includes(reading) && (rule.onlyWhen === undefined || rule.onlyWhen === context.kind);
}

/** The first rule whose pattern the text matches. */
export function firstCue(rules: readonly IntentRule[], text: string): IntentRule | null {
  for (const r of rules) if (r.re.test(text)) return r;
  return null;
}

/** The phrase cues nlu/phrasings.ts reads (nlu/rules/phrase_cues.json); the file must hold each, and only these. */
export const PHRASE_CUE_NAMES = [
  "list", "other", "different_color", "different_brand", "cheaper", "delivery", "payment", "discount", "policy_question", "reset",
  "show_something_else", "decline", "new_request", "says_no", "upset", "person_named", "cheapest_shown", "cheapest_first", "impossible_count", "for_self", "goes_back", "refers_back", "puts_off", "gift_wrap",
  "question_sizes", "question_colours", "question_price", "question_stock", "question_details",
  "no_words", "yes_words", "courtesy", "sign_off", "place_order", "standing_budget", "open_request",
] as const;
export type PhraseCueName = (typeof PHRASE_CUE_NAMES)[number];

const PhraseCueSchema = z.object({
  name: z.enum(PHRASE_CUE_NAMES),
  why: z.string().min(1),
  pattern: z.string().min(1),
  flags: z.string().regex(/^[iu]*$/),
  examples: z.array(z.string()).min(1),
  counterExamples: z.array(z.string()).min(1),
});
const PhraseFileSchema = z.object({ note: z.string(), cues: z.array(PhraseCueSchema) });

export interface PhraseCue {
  name: PhraseCueName;
  re: RegExp;
  examples: string[];
  counterExamples: string[];
}

/** nlu/rules/phrase_cues.json, by name; a cue missing or named twice is an error at load. */
export function loadPhraseCues(file = new URL("./rules/phrase_cues.json", import.meta.url)): Record<PhraseCueName, PhraseCue> {
  const parsed = PhraseFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const byName = new Map<PhraseCueName, PhraseCue>();
  for (const c of parsed.cues) {
    if (byName.has(c.name)) throw new Error(`${String(file)}: phrase cue ${c.name} is defined twice`);
    byName.set(c.name, { name: c.name, re: new RegExp(c.pattern, c.flags), examples: c.examples, counterExamples: c.counterExamples });
  }
  const missing = PHRASE_CUE_NAMES.filter((n) => !byName.has(n));
  if (missing.length > 0) throw new Error(`${String(file)}: phrase cues missing: ${missing.join(", ")}`);
  return Object.fromEntries(byName) as Record<PhraseCueName, PhraseCue>;
}
