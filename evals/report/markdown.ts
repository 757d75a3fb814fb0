/** The Markdown summary: the headline numbers, the per-key and per-label tables, and the failures. */
import { num, ms, pct, short } from "./format.js";
import type { Report } from "./json.js";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");

export function renderMarkdown(r: Report, maxFailures = 60): string {
  const m = r.metrics;
  const out: string[] = [];
  out.push(`# Dialogue evaluation`, "");
  out.push(`Target \`${r.run.target}\`, dialogues \`${r.run.dialogues_path}\`, ${r.run.started_at} to ${r.run.finished_at}${r.run.model_dir ? `, models \`${r.run.model_dir}\`` : ""}.`, "");
  out.push(
    table(["metric", "value"], [
      ["dialogues", String(r.dialogues)],
      ["turns (with expectations)", `${m.turns} (${m.checked_turns})`],
      ["dialogue success rate", pct(r.dialogue_success_rate)],
      ["turn pass rate", pct(r.turn_pass_rate)],
      ["intent accuracy", pct(r.intent_accuracy)],
      ["intent macro-F1", num(r.intent_macro_f1)],
      ["slot F1 (micro; P / R)", `${num(r.slot_f1)} (${num(m.slots.micro.precision)} / ${num(m.slots.micro.recall)})`],
      ["structured task match", `${pct(m.task.rate)} of ${m.task.turns}`],
      ["structured task from the context model unchanged", `${pct(m.task_source.rate)} of ${m.task_source.searches} searches`],
      ["offers worded by the response model", `${pct(m.reply_source.rate)} of ${m.reply_source.offers}`],
      ["product constraints: turns / products", `${pct(m.products.turn_rate)} of ${m.products.turns} / ${pct(m.products.product_rate)} of ${m.products.shown} (${m.products.empty_turns} turns with none)`],
      ["orders as expected", `${pct(m.orders.accuracy)} (${m.orders.missed} missed, ${m.orders.unwanted} unwanted)`],
      ["latency per turn p50 / p95", `${ms(r.latency_ms.p50)} / ${ms(r.latency_ms.p95)}`],
      ["turns with errors", String(m.errors)],
    ]),
    "",
  );
  out.push("## Checks by key", "", table(["key", "passed", "total", "rate"], Object.entries(m.checks).map(([k, c]) => [k, String(c.passed), String(c.total), pct(c.rate)])), "");
  if (Object.keys(m.tags).length > 0) {
    out.push("## Dialogue success by tag", "", table(["tag", "passed", "dialogues", "rate"], Object.entries(m.tags).map(([k, t]) => [k, String(t.passed), String(t.dialogues), pct(t.rate)])), "");
  }
  out.push(
    "## Intents",
    "",
    table(["label", "precision", "recall", "F1", "support"], Object.entries(m.intent.per_label).map(([l, c]) => [l, num(c.precision), num(c.recall), num(c.f1), String(c.support)])),
    "",
    "Confusion matrix (rows: expected, columns: predicted):",
    "",
    table(["expected \\ predicted", ...m.intent.labels], m.intent.labels.map((l, i) => [l, ...m.intent.matrix[i]!.map(String)])),
    "",
  );
  out.push("## Slots", "", table(["slot", "precision", "recall", "F1", "tp", "fp", "fn"], Object.entries(m.slots.per_slot).map(([k, c]) => [k, num(c.precision), num(c.recall), num(c.f1), String(c.tp), String(c.fp), String(c.fn)])), "");
  const nodes = Object.entries(m.node_latency_ms);
  out.push("## Latency", "", table(["what", "n", "p50", "p95", "max"], [["turn", String(m.latency_ms.n), ms(m.latency_ms.p50), ms(m.latency_ms.p95), ms(m.latency_ms.max)], ...nodes.map(([k, l]) => [k, String(l.n), ms(l.p50), ms(l.p95), ms(l.max)])]), "");
  if (nodes.length === 0) out.push("Per-node latency: not reported by this target.", "");
  out.push(`## Failures (${r.failures.length})`, "");
  if (r.failures.length > 0) {
    out.push(table(["dialogue", "turn", "user", "key", "expected", "got"], r.failures.slice(0, maxFailures).map((f) => [f.dialogue, String(f.turn), short(f.user, 60), f.key, short(f.expected, 80), short(f.got, 120)])));
    if (r.failures.length > maxFailures) out.push("", `... and ${r.failures.length - maxFailures} more in report.json.`);
  } else out.push("None.");
  return out.join("\n") + "\n";
}
