/**
 * A/B comparison of two report.json files: the headline metrics side by side with their change,
 * per-slot F1, per-check and per-tag rates, and the dialogues that flipped between pass and fail.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ms, num, pct } from "./report/format.js";

const nullableNumber = z.number().nullable();
const rateTable = z.record(z.string(), z.object({ rate: nullableNumber }).loose());

/** The parts of report.json a comparison reads; anything else in the file is ignored. */
export const ComparableReportSchema = z.object({
  dialogues: z.number(),
  dialogue_success_rate: nullableNumber,
  turn_pass_rate: nullableNumber,
  intent_accuracy: nullableNumber,
  intent_macro_f1: nullableNumber,
  slot_f1: nullableNumber,
  latency_ms: z.object({ p50: nullableNumber, p95: nullableNumber }).loose(),
  failures: z.array(z.unknown()),
  run: z.object({ target: z.string(), started_at: z.string() }).loose().optional(),
  metrics: z
    .object({
      task: z.object({ rate: nullableNumber }).loose(),
      products: z.object({ turn_rate: nullableNumber }).loose(),
      orders: z.object({ accuracy: nullableNumber }).loose(),
      slots: z.object({ per_slot: z.record(z.string(), z.object({ f1: nullableNumber }).loose()) }).loose(),
      checks: rateTable,
      tags: rateTable,
    })
    .loose()
    .optional(),
  results: z.array(z.object({ id: z.string(), pass: z.boolean() }).loose()).optional(),
});
export type ComparableReport = z.output<typeof ComparableReportSchema>;

export function readReport(file: string): ComparableReport {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: cannot read a report: ${(e as Error).message}`);
  }
  const parsed = ComparableReportSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ");
    throw new Error(`${file}: not an evaluation report.json: ${issues}`);
  }
  return parsed.data;
}

type Fmt = (x: number | null) => string;
const delta = (a: number | null, b: number | null, fmt: Fmt, lowerIsBetter = false) => {
  if (a === null || b === null) return "";
  const d = b - a;
  if (Math.abs(d) < 1e-9) return "=";
  const better = lowerIsBetter ? d < 0 : d > 0;
  return `${d > 0 ? "+" : "-"}${fmt(Math.abs(d))} ${better ? "▲" : "▼"}`;
};

export function renderComparison(a: ComparableReport, b: ComparableReport, names: [string, string]): string {
  const rows: string[][] = [];
  const row = (label: string, x: number | null, y: number | null, fmt: Fmt, lowerIsBetter = false) => rows.push([label, fmt(x), fmt(y), delta(x, y, fmt, lowerIsBetter)]);
  const count: Fmt = (x) => (x === null ? "n/a" : String(x));
  row("dialogues", a.dialogues, b.dialogues, count);
  row("dialogue success rate", a.dialogue_success_rate, b.dialogue_success_rate, pct);
  row("turn pass rate", a.turn_pass_rate, b.turn_pass_rate, pct);
  row("intent accuracy", a.intent_accuracy, b.intent_accuracy, pct);
  row("intent macro-F1", a.intent_macro_f1, b.intent_macro_f1, (x) => num(x));
  row("slot F1", a.slot_f1, b.slot_f1, (x) => num(x));
  if (a.metrics && b.metrics) {
    row("structured task match", a.metrics.task.rate, b.metrics.task.rate, pct);
    row("product constraints (turns)", a.metrics.products.turn_rate, b.metrics.products.turn_rate, pct);
    row("orders as expected", a.metrics.orders.accuracy, b.metrics.orders.accuracy, pct);
  }
  row("latency p50", a.latency_ms.p50, b.latency_ms.p50, ms, true);
  row("latency p95", a.latency_ms.p95, b.latency_ms.p95, ms, true);
  row("failed checks", a.failures.length, b.failures.length, count, true);
  if (a.metrics && b.metrics) {
    const am = a.metrics, bm = b.metrics;
    for (const k of [...new Set([...Object.keys(am.slots.per_slot), ...Object.keys(bm.slots.per_slot)])].sort()) {
      row(`slot F1: ${k}`, am.slots.per_slot[k]?.f1 ?? null, bm.slots.per_slot[k]?.f1 ?? null, (x) => num(x));
    }
    for (const k of [...new Set([...Object.keys(am.checks), ...Object.keys(bm.checks)])].sort()) row(`check: ${k}`, am.checks[k]?.rate ?? null, bm.checks[k]?.rate ?? null, pct);
    for (const k of [...new Set([...Object.keys(am.tags), ...Object.keys(bm.tags)])].sort()) row(`tag: ${k}`, am.tags[k]?.rate ?? null, bm.tags[k]?.rate ?? null, pct);
  }
  const out = [
    `| metric | A: ${names[0]} | B: ${names[1]} | B - A |`,
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
  if (a.results && b.results) {
    const before = new Map(a.results.map((r) => [r.id, r.pass]));
    const fixed = b.results.filter((r) => r.pass && before.get(r.id) === false).map((r) => r.id);
    const broken = b.results.filter((r) => !r.pass && before.get(r.id) === true).map((r) => r.id);
    out.push("", `Dialogues fixed in B (${fixed.length}): ${fixed.join(", ") || "none"}`, "", `Dialogues broken in B (${broken.length}): ${broken.join(", ") || "none"}`);
  }
  return out.join("\n") + "\n";
}
