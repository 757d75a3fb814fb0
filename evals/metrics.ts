/**
 * Metrics over played dialogues: pass rates, intent accuracy / macro-F1 / confusion matrix,
 * per-slot precision / recall / F1, structured-task match, product-constraint satisfaction,
 * order outcomes, latency percentiles per turn and per node, and success per tag. Pure functions
 * of the records, so they are unit-tested on hand-made inputs.
 */
import { productMismatch, slotMatches } from "./check.js";
import type { SlotsExpect } from "./dialogue.js";
import type { DialogueRecord, TurnRecord } from "./play.js";
import { percentile, prf, rate, round, type Prf } from "./stats.js";

/** The label recorded for a turn that got no reply at all. */
export const NO_REPLY = "(no reply)";

export interface Counted extends Prf {
  support: number;
}

export interface IntentMetrics {
  turns: number;
  accuracy: number | null;
  macro_f1: number | null;
  /** Gold and predicted labels, sorted; rows of `matrix` are gold, columns predicted. */
  labels: string[];
  matrix: number[][];
  per_label: Record<string, Counted>;
}

export interface SlotCounts extends Prf {
  tp: number;
  fp: number;
  fn: number;
}

export interface LatencySummary {
  n: number;
  p50: number | null;
  p95: number | null;
  mean: number | null;
  max: number | null;
}

export interface Metrics {
  dialogues: number;
  turns: number;
  /** Turns with at least one expectation. */
  checked_turns: number;
  errors: number;
  dialogue_success_rate: number | null;
  turn_pass_rate: number | null;
  checks: Record<string, { passed: number; total: number; rate: number | null }>;
  intent: IntentMetrics;
  slots: { micro: SlotCounts; per_slot: Record<string, SlotCounts> };
  task: { turns: number; matched: number; rate: number | null };
  /**
   * Turns that made a structured task (context translation ran) and how many kept the T5 context
   * translator's sentence unchanged (it agreed with the slots) rather than writing it from them.
   */
  task_source: { searches: number; from_model: number; rate: number | null };
  /** Booking offers (a single product offered) and how many the response model worded. */
  reply_source: { offers: number; from_model: number; rate: number | null };
  /** Small-talk turns and how many the generative chat model answered (full mode; 0 in minimal mode). */
  small_talk_source: { turns: number; generated: number; rate: number | null };
  products: { turns: number; satisfied_turns: number; empty_turns: number; turn_rate: number | null; shown: number; matching: number; product_rate: number | null };
  orders: { expected_placed: number; expected_not_placed: number; as_expected: number; missed: number; unwanted: number; accuracy: number | null };
  latency_ms: LatencySummary;
  node_latency_ms: Record<string, LatencySummary>;
  tags: Record<string, { dialogues: number; passed: number; rate: number | null }>;
}

const allTurns = (ds: readonly DialogueRecord[]) => ds.flatMap((d) => d.turns);

export function latencySummary(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { n: 0, p50: null, p95: null, mean: null, max: null };
  return {
    n: values.length,
    p50: round(percentile(values, 50), 1),
    p95: round(percentile(values, 95), 1),
    mean: round(values.reduce((a, b) => a + b, 0) / values.length, 1),
    max: round(Math.max(...values), 1),
  };
}

export function intentMetrics(turns: readonly TurnRecord[]): IntentMetrics {
  const pairs = turns.filter((t) => t.expect?.intent !== undefined).map((t) => ({ gold: t.expect!.intent!, got: t.observation?.intent ?? NO_REPLY }));
  const labels = [...new Set(pairs.flatMap((p) => [p.gold, p.got]))].sort();
  const at = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (const p of pairs) matrix[at.get(p.gold)!]![at.get(p.got)!]! += 1;
  const per_label: Record<string, Counted> = {};
  for (const [i, l] of labels.entries()) {
    const tp = matrix[i]![i]!;
    const support = matrix[i]!.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, row) => a + row[i]!, 0);
    per_label[l] = { ...prf(tp, predicted - tp, support - tp), support };
  }
  const correct = pairs.filter((p) => p.gold === p.got).length;
  const f1s = Object.values(per_label).map((c) => c.f1 ?? 0);
  return {
    turns: pairs.length,
    accuracy: round(rate(correct, pairs.length)),
    macro_f1: f1s.length === 0 ? null : round(f1s.reduce((a, b) => a + b, 0) / f1s.length),
    labels,
    matrix,
    per_label: Object.fromEntries(Object.entries(per_label).map(([l, c]) => [l, { ...c, precision: round(c.precision), recall: round(c.recall), f1: round(c.f1) }])),
  };
}

/**
 * Slot precision / recall over the annotated keys: an expected value the agent holds is a true
 * positive; a wrong value is a false positive and a false negative; a missing one a false
 * negative. Keys a turn does not annotate are not judged (expectations list a subset).
 */
export function slotMetrics(turns: readonly TurnRecord[]): Metrics["slots"] {
  const per: Record<string, { tp: number; fp: number; fn: number }> = {};
  for (const t of turns) {
    for (const [k, want] of Object.entries(t.expect?.slots ?? {}) as [keyof SlotsExpect, string | number | string[]][]) {
      const c = (per[k] ??= { tp: 0, fp: 0, fn: 0 });
      const got = t.observation?.slots[k];
      if (got === undefined || got === null) c.fn += 1;
      else if (slotMatches(k, want, got)) c.tp += 1;
      else {
        c.fp += 1;
        c.fn += 1;
      }
    }
  }
  const withPrf = (c: { tp: number; fp: number; fn: number }): SlotCounts => {
    const m = prf(c.tp, c.fp, c.fn);
    return { ...c, precision: round(m.precision), recall: round(m.recall), f1: round(m.f1) };
  };
  const total = Object.values(per).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  return { micro: withPrf(total), per_slot: Object.fromEntries(Object.entries(per).sort().map(([k, c]) => [k, withPrf(c)])) };
}

function productMetrics(turns: readonly TurnRecord[]): Metrics["products"] {
  let n = 0, satisfied = 0, empty = 0, shown = 0, matching = 0;
  for (const t of turns) {
    const m = t.expect?.products_match;
    if (!m) continue;
    n += 1;
    const products = t.observation?.products ?? [];
    if (products.length === 0) empty += 1;
    const ok = products.filter((p) => productMismatch(p, m) === null).length;
    shown += products.length;
    matching += ok;
    if (products.length > 0 && ok === products.length) satisfied += 1;
  }
  return { turns: n, satisfied_turns: satisfied, empty_turns: empty, turn_rate: round(rate(satisfied, n)), shown, matching, product_rate: round(rate(matching, shown)) };
}

function orderMetrics(turns: readonly TurnRecord[]): Metrics["orders"] {
  let yes = 0, no = 0, ok = 0, missed = 0, unwanted = 0;
  for (const t of turns) {
    const want = t.expect?.order_placed;
    if (want === undefined) continue;
    if (want) yes += 1;
    else no += 1;
    if (want === t.orderPlaced) ok += 1;
    else if (want) missed += 1;
    else unwanted += 1;
  }
  return { expected_placed: yes, expected_not_placed: no, as_expected: ok, missed, unwanted, accuracy: round(rate(ok, yes + no)) };
}

function taskSourceMetrics(turns: readonly TurnRecord[]): Metrics["task_source"] {
  const searches = turns.filter((t) => t.observation !== null && "node:contextTranslation" in t.nodeMs);
  const fromModel = searches.filter((t) => t.observation?.task_source === "model").length;
  return { searches: searches.length, from_model: fromModel, rate: round(rate(fromModel, searches.length)) };
}

function replySourceMetrics(turns: readonly TurnRecord[]): Metrics["reply_source"] {
  const offers = turns.filter((t) => t.observation?.state === "booking" && t.observation.reply_source != null);
  const fromModel = offers.filter((t) => t.observation?.reply_source === "model").length;
  return { offers: offers.length, from_model: fromModel, rate: round(rate(fromModel, offers.length)) };
}

function smallTalkSourceMetrics(turns: readonly TurnRecord[]): Metrics["small_talk_source"] {
  const talk = turns.filter((t) => t.observation?.state === "chitChat");
  const generated = talk.filter((t) => t.observation?.reply_source === "model").length;
  return { turns: talk.length, generated, rate: round(rate(generated, talk.length)) };
}

export function computeMetrics(dialogues: readonly DialogueRecord[]): Metrics {
  const turns = allTurns(dialogues);
  const checks: Metrics["checks"] = {};
  for (const c of turns.flatMap((t) => t.checks)) {
    const key = c.key.startsWith("slots.") ? "slots" : c.key;
    const e = (checks[key] ??= { passed: 0, total: 0, rate: null });
    e.total += 1;
    if (c.pass) e.passed += 1;
  }
  for (const e of Object.values(checks)) e.rate = round(rate(e.passed, e.total));
  const tasks = turns.filter((t) => t.expect?.task_contains);
  const taskMatched = turns.flatMap((t) => t.checks).filter((c) => c.key === "task_contains" && c.pass).length;
  const nodeSamples: Record<string, number[]> = {};
  for (const t of turns) for (const [k, v] of Object.entries(t.nodeMs)) (nodeSamples[k] ??= []).push(v);
  const tags: Metrics["tags"] = {};
  for (const d of dialogues) {
    for (const tag of d.tags) {
      const e = (tags[tag] ??= { dialogues: 0, passed: 0, rate: null });
      e.dialogues += 1;
      if (d.pass) e.passed += 1;
    }
  }
  for (const e of Object.values(tags)) e.rate = round(rate(e.passed, e.dialogues));
  return {
    dialogues: dialogues.length,
    turns: turns.length,
    checked_turns: turns.filter((t) => t.expect && Object.keys(t.expect).length > 0).length,
    errors: turns.filter((t) => t.error !== null).length,
    dialogue_success_rate: round(rate(dialogues.filter((d) => d.pass).length, dialogues.length)),
    turn_pass_rate: round(rate(turns.filter((t) => t.pass).length, turns.length)),
    checks: Object.fromEntries(Object.entries(checks).sort()),
    intent: intentMetrics(turns),
    slots: slotMetrics(turns),
    task: { turns: tasks.length, matched: taskMatched, rate: round(rate(taskMatched, tasks.length)) },
    task_source: taskSourceMetrics(turns),
    reply_source: replySourceMetrics(turns),
    small_talk_source: smallTalkSourceMetrics(turns),
    products: productMetrics(turns),
    orders: orderMetrics(turns),
    latency_ms: latencySummary(turns.flatMap((t) => (t.latencyMs === null ? [] : [t.latencyMs]))),
    node_latency_ms: Object.fromEntries(Object.entries(nodeSamples).sort().map(([k, v]) => [k, latencySummary(v)])),
    tags: Object.fromEntries(Object.entries(tags).sort()),
  };
}
