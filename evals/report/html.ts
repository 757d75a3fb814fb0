/**
 * The HTML report: one self-contained page (Chart.js's UMD build inlined, the data as JSON in the
 * page) so it opens offline from a file or a CI artifact. Charts: the intent confusion matrix,
 * the per-turn latency histogram, per-node latency, pass rate per check and success per tag.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT_DIR } from "../../config.js";
import { histogram } from "../stats.js";
import { ms, num, pct, short } from "./format.js";
import type { Report } from "./json.js";

const CHART_JS = path.join(ROOT_DIR, "node_modules", "chart.js", "dist", "chart.umd.js");

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON that is safe inside a <script> element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/** The data the page's charts read, computed here so the page script only draws. */
export function chartData(r: Report) {
  const m = r.metrics;
  const h = histogram(r.latency_samples_ms);
  return {
    confusion: { labels: m.intent.labels, matrix: m.intent.matrix },
    latency: { edges: h.edges, counts: h.counts, width: h.width, p50: r.latency_ms.p50, p95: r.latency_ms.p95 },
    nodes: Object.entries(m.node_latency_ms).map(([name, l]) => ({ name, p50: l.p50, p95: l.p95 })),
    checks: Object.entries(m.checks).map(([key, c]) => ({ key, rate: c.rate, total: c.total })),
    tags: Object.entries(m.tags).map(([tag, t]) => ({ tag, rate: t.rate, dialogues: t.dialogues })),
  };
}

// Runs in the browser: draws every chart from the JSON block. Kept as plain ES2017 text.
const PAGE_SCRIPT = String.raw`
const data = JSON.parse(document.getElementById("report-data").textContent);
const charts = {};
const c = data.confusion;
if (c.labels.length > 0) {
  const max = Math.max(1, ...c.matrix.flat());
  const points = [];
  c.matrix.forEach((row, i) => row.forEach((n, j) => { if (n > 0) points.push({ x: c.labels[j], y: c.labels[i], n, r: 4 + 16 * Math.sqrt(n / max) }); }));
  charts.confusion = new Chart(document.getElementById("confusion"), {
    type: "bubble",
    data: { datasets: [{ label: "turns", data: points, pointStyle: "rect",
      backgroundColor: points.map((p) => p.x === p.y ? "rgba(34,139,34," + (0.35 + 0.65 * p.n / max) + ")" : "rgba(200,40,40," + (0.35 + 0.65 * p.n / max) + ")") }] },
    options: { maintainAspectRatio: false, plugins: { legend: { display: false }, tooltip: { callbacks: { label: (ctx) => "expected " + ctx.raw.y + ", predicted " + ctx.raw.x + ": " + ctx.raw.n } } },
      scales: { x: { type: "category", labels: c.labels, title: { display: true, text: "predicted" }, offset: true, ticks: { autoSkip: false, maxRotation: 60 } },
                y: { type: "category", labels: c.labels, title: { display: true, text: "expected" }, offset: true, reverse: false, ticks: { autoSkip: false } } } },
  });
}
const l = data.latency;
if (l.counts.length > 0) {
  charts.latency = new Chart(document.getElementById("latency"), {
    type: "bar",
    data: { labels: l.edges.map((e) => Math.round(e) + "-" + Math.round(e + l.width)), datasets: [{ label: "turns", data: l.counts, backgroundColor: "rgba(54,110,200,0.7)" }] },
    options: { plugins: { legend: { display: false }, title: { display: true, text: "p50 " + l.p50 + " ms, p95 " + l.p95 + " ms" } },
      scales: { x: { title: { display: true, text: "latency per turn (ms)" } }, y: { title: { display: true, text: "turns" }, beginAtZero: true } } },
  });
}
if (data.nodes.length > 0) {
  charts.nodes = new Chart(document.getElementById("nodes"), {
    type: "bar",
    data: { labels: data.nodes.map((n) => n.name), datasets: [
      { label: "p50 ms", data: data.nodes.map((n) => n.p50), backgroundColor: "rgba(54,110,200,0.7)" },
      { label: "p95 ms", data: data.nodes.map((n) => n.p95), backgroundColor: "rgba(230,140,30,0.7)" }] },
    options: { indexAxis: "y", maintainAspectRatio: false, scales: { x: { title: { display: true, text: "ms" }, beginAtZero: true } } },
  });
}
const rateChart = (id, rows, label) => new Chart(document.getElementById(id), {
  type: "bar",
  data: { labels: rows.map((r) => r.name), datasets: [{ label, data: rows.map((r) => r.rate === null ? null : Math.round(r.rate * 1000) / 10),
    backgroundColor: rows.map((r) => (r.rate ?? 0) >= 0.9 ? "rgba(34,139,34,0.7)" : (r.rate ?? 0) >= 0.7 ? "rgba(230,160,30,0.7)" : "rgba(200,40,40,0.7)") }] },
  options: { indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { x: { min: 0, max: 100, title: { display: true, text: label } } } },
});
if (data.checks.length > 0) charts.checks = rateChart("checks", data.checks.map((x) => ({ name: x.key + " (" + x.total + ")", rate: x.rate })), "% passed");
if (data.tags.length > 0) charts.tags = rateChart("tags", data.tags.map((x) => ({ name: x.tag + " (" + x.dialogues + ")", rate: x.rate })), "% of dialogues passed");
window.reportCharts = charts;
`;

/** Chart height in pixels for `rows` rows, so long lists stay readable and short ones stay small. */
const height = (rows: number, perRow: number, extra = 90) => Math.max(180, rows * perRow + extra);

function confusionTable(r: Report): string {
  const { labels, matrix } = r.metrics.intent;
  if (labels.length === 0) return "<p>No intent expectations.</p>";
  const max = Math.max(1, ...matrix.flat());
  const head = `<tr><th>expected \\ predicted</th>${labels.map((l) => `<th>${esc(l)}</th>`).join("")}</tr>`;
  const rows = labels.map((l, i) => {
    const cells = matrix[i]!.map((n, j) => {
      const hue = i === j ? "34,139,34" : "200,40,40";
      const style = n > 0 ? ` style="background: rgba(${hue},${(0.15 + 0.6 * (n / max)).toFixed(2)})"` : "";
      return `<td${style}>${n || ""}</td>`;
    });
    return `<tr><th>${esc(l)}</th>${cells.join("")}</tr>`;
  });
  return `<div style="overflow-x: auto"><table class="matrix">${head}${rows.join("")}</table></div>`;
}

/** Failing dialogues by the cause of their first failing turn (evals/attribution.ts). */
function causeTable(r: Report): string {
  const rows = Object.entries(r.failures_by_cause).filter(([, ids]) => ids.length > 0);
  if (rows.length === 0) return "<p>None failed.</p>";
  return `<p>The cause of each failing dialogue's first failing turn.</p><table><tr><th>cause</th><th>dialogues</th><th>ids</th></tr>${rows.map(([c, ids]) => `<tr><td>${esc(c)}</td><td>${ids.length}</td><td>${esc(ids.join(", "))}</td></tr>`).join("")}</table>`;
}

export function renderHtml(r: Report, chartJs = readFileSync(CHART_JS, "utf8")): string {
  const m = r.metrics;
  const headline: [string, string][] = [
    ["dialogues", String(r.dialogues)],
    ["dialogue success", pct(r.dialogue_success_rate)],
    ["turn pass rate", pct(r.turn_pass_rate)],
    ["intent accuracy", pct(r.intent_accuracy)],
    ["intent macro-F1", num(r.intent_macro_f1)],
    ["slot F1", num(r.slot_f1)],
    ["task match", pct(m.task.rate)],
    ["task from the context model", pct(m.task_source.rate)],
    ["offers worded by the model", pct(m.reply_source.rate)],
    ["small talk generated (full mode)", pct(m.small_talk_source.rate)],
    ["product constraints", pct(m.products.turn_rate)],
    ["orders as expected", pct(m.orders.accuracy)],
    ["latency p50 / p95", `${ms(r.latency_ms.p50)} / ${ms(r.latency_ms.p95)}`],
  ];
  const failures = r.failures
    .slice(0, 300)
    .map((f) => `<tr><td>${esc(f.dialogue)}</td><td>${f.turn}</td><td>${esc(short(f.user, 80))}</td><td>${esc(f.key)}</td><td>${esc(short(f.expected, 100))}</td><td>${esc(short(f.got, 160))}</td></tr>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Dialogue evaluation: ${esc(pct(r.dialogue_success_rate))} of ${r.dialogues} dialogues</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1200px; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .9rem; min-width: 9rem; }
.card b { display: block; font-size: 1.3rem; }
.chart { position: relative; height: 420px; margin: 1rem 0 2rem; }
table { border-collapse: collapse; font-size: .85rem; margin: 1rem 0; }
td, th { border: 1px solid #ddd; padding: .25rem .45rem; text-align: left; vertical-align: top; }
table.matrix td { text-align: center; min-width: 2rem; }
</style>
</head>
<body>
<h1>Dialogue evaluation</h1>
<p>Target <code>${esc(r.run.target)}</code>, dialogues <code>${esc(r.run.dialogues_path)}</code>, ${esc(r.run.started_at)} to ${esc(r.run.finished_at)}.</p>
<div class="cards">${headline.map(([k, v]) => `<div class="card">${esc(k)}<b>${esc(v)}</b></div>`).join("")}</div>
<h2>Intent confusion matrix</h2>
<div class="chart" style="height: ${height(m.intent.labels.length, 34, 160)}px"><canvas id="confusion"></canvas></div>
${confusionTable(r)}
<h2>Latency per turn</h2>
<div class="chart" style="height: 320px"><canvas id="latency"></canvas></div>
<h2>Latency per node and tool</h2>
${Object.keys(m.node_latency_ms).length > 0 ? `<div class="chart" style="height: ${height(Object.keys(m.node_latency_ms).length, 40)}px"><canvas id="nodes"></canvas></div>` : "<p>Not reported by this target.</p>"}
<h2>Pass rate per check</h2>
<div class="chart" style="height: ${height(Object.keys(m.checks).length, 30)}px"><canvas id="checks"></canvas></div>
${Object.keys(m.tags).length > 0 ? `<h2>Dialogue success per tag</h2>\n<div class="chart" style="height: ${height(Object.keys(m.tags).length, 26)}px"><canvas id="tags"></canvas></div>` : ""}
<h2>Failing dialogues by cause</h2>
${causeTable(r)}
<h2>Failures (${r.failures.length})</h2>
<table><tr><th>dialogue</th><th>turn</th><th>user</th><th>key</th><th>expected</th><th>got</th></tr>${failures}</table>
${r.failures.length > 300 ? `<p>... and ${r.failures.length - 300} more in report.json.</p>` : ""}
<script type="application/json" id="report-data">${scriptJson(chartData(r))}</script>
<script>${chartJs.replace(/<\/script/gi, "<\\/script")}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
