/** Settings the understanding export writes beside the model (models/nlu/export.py). */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** Used when a model directory predates the measured threshold. */
const DEFAULT_RULE_THRESHOLD = 0.9;

/**
 * The top-intent probability below which a data rule may decide the intent. export.py picks it on
 * the validation split: the lowest probability above which the encoder is right 99% of the time.
 */
export function loadRuleThreshold(dir: string): number {
  const file = path.join(dir, "manifest.json");
  if (!existsSync(file)) return DEFAULT_RULE_THRESHOLD;
  const parsed = z.object({ rule_threshold: z.number().min(0).max(1).optional() }).safeParse(JSON.parse(readFileSync(file, "utf8")));
  return parsed.success ? (parsed.data.rule_threshold ?? DEFAULT_RULE_THRESHOLD) : DEFAULT_RULE_THRESHOLD;
}
