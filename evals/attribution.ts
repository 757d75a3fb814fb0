/**
 * Why a dialogue failed, read from the checks of its first failing turn (later turns often fail
 * only because of it): a misread shopper (intent, slots, exclusions) is understanding's; a turn read
 * right that still showed wrong products is retrieval's; a task sentence missing words is the
 * models'; the rest (state, reply, order) is the dialogue policy's.
 */
import type { Check } from "./check.js";

export const FAILURE_CAUSES = ["error", "understanding", "retrieval", "models", "policy"] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

interface CheckedTurn {
  error: string | null;
  checks: readonly Check[];
}

const understandingKey = (key: string) => key === "intent" || key.startsWith("slots.") || key.startsWith("excluded.");
const retrievalKey = (key: string) => key === "products_match" || key === "products_exclude";

/** The cause of one turn's failure, or null when the turn passed. */
export function turnCause(turn: CheckedTurn): FailureCause | null {
  if (turn.error !== null) return "error";
  const failed = turn.checks.filter((c) => !c.pass).map((c) => c.key);
  if (failed.length === 0) return null;
  if (failed.some(understandingKey)) return "understanding";
  if (failed.some(retrievalKey)) return "retrieval";
  if (failed.includes("task_contains")) return "models";
  return "policy";
}

/** The cause of a dialogue's failure (its first failing turn's), or null when it passed. */
export function dialogueCause(turns: readonly CheckedTurn[]): FailureCause | null {
  for (const t of turns) {
    const cause = turnCause(t);
    if (cause !== null) return cause;
  }
  return null;
}

/** Failing dialogues' ids by cause, every cause present (empty when none failed for it). */
export function failuresByCause(dialogues: readonly { id: string; turns: readonly CheckedTurn[] }[]): Record<FailureCause, string[]> {
  const out = Object.fromEntries(FAILURE_CAUSES.map((c) => [c, [] as string[]])) as Record<FailureCause, string[]>;
  for (const d of dialogues) {
    const cause = dialogueCause(d.turns);
    if (cause !== null) out[cause].push(d.id);
  }
  return out;
}
