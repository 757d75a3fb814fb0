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
