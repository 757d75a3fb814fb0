/**
 * Rules kept as data (nlu/rules/*.json): each with examples it must match and counter-examples it
 * must not, checked by test/nlu.rules.test.ts. A rule never overrules a confident encoder.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { INTENTS, type Intent } from "../contract/index.js";

const RuleSchema = z.object({
  name: z.string().regex(/^[a-z_]+$/),
  intent: z.enum(INTENTS),
  pattern: z.string().min(1),
  flags: z.string().regex(/^[iu]*$/),
  examples: z.array(z.string()).min(1),
  counterExamples: z.array(z.string()),
});
const FileSchema = z.object({ note: z.string(), rules: z.array(RuleSchema).min(1) });

export interface IntentRule {
  name: string;
  intent: Intent;
  re: RegExp;
  examples: string[];
  counterExamples: string[];
}

export function loadIntentRules(file = new URL("./rules/intent_cues.json", import.meta.url)): IntentRule[] {
  const parsed = FileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  return parsed.rules.map((r) => ({ name: r.name, intent: r.intent, re: new RegExp(r.pattern, r.flags), examples: r.examples, counterExamples: r.counterExamples }));
}

/** The first rule whose pattern the text matches. */
export function firstCue(rules: readonly IntentRule[], text: string): IntentRule | null {
  for (const r of rules) if (r.re.test(text)) return r;
  return null;
}
