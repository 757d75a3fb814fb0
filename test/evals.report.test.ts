/**
 * The HTML report is one self-contained page: Chart.js inlined, nothing fetched, and in a real
 * headless Chromium (opened from a file, offline) it draws the confusion matrix and the latency
 * histogram without a script error. CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { chromium } from "playwright-core";
import { ExpectSchema } from "../evals/dialogue.js";
import { checkTurn } from "../evals/check.js";
import type { Observation } from "../evals/observation.js";
import type { DialogueRecord } from "../evals/play.js";
import { renderHtml } from "../evals/report/html.js";
import { buildReport } from "../evals/report/json.js";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const noBrowser = existsSync(executablePath) ? false : `no Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`;

const obs = (intent: string, state: string): Observation => ({ reply: "<b>hi</b> & </script>", intent, confidence: 0.9, slots: {}, excluded: {}, dont_care: [], state, task: null, task_source: null, reply_source: null, products: [], order: null, awaitingConfirmation: false });

function records(): DialogueRecord[] {
  const plan: [string, string, number][] = [["greeting", "greeting", 120], ["greeting", "chit_chat", 340], ["track_order", "track_order", 900], ["complaint", "complaint", 1500]];
  return plan.map(([gold, got, ms], i) => {
    const expect = ExpectSchema.parse({ intent: gold });
    const o = obs(got, "greeting");
    const checks = checkTurn(expect, o, new Set());
    return {
      id: `d${i}`, file: "f.jsonl", line: i + 1, tags: i % 2 ? ["odd"] : ["even"], userId: "u", chatId: "c",
      turns: [{ index: 0, user: `message <${i}>`, expect, observation: o, error: null, checks, pass: checks.every((c) => c.pass), latencyMs: ms, nodeMs: { "node:understand": ms / 2, "tool:read_turn": ms / 4 }, orderPlaced: false }],
      pass: checks.every((c) => c.pass),
    };
  });
}

describe("the HTML report", () => {
  const report = buildReport(records(), { target: "inprocess", dialogues_path: "evals/dialogues", started_at: "s", finished_at: "f", model_dir: null, node: process.version });
  const html = renderHtml(report);
  const dir = mkdtempSync(path.join(tmpdir(), "evals-report-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("inlines Chart.js and fetches nothing", () => {
    assert.match(html, /Chart\.js v4\.6\.1/);
    assert.doesNotMatch(html, /<script[^>]+src=/i);
    assert.doesNotMatch(html, /<link[^>]+href=/i);
    for (const id of ["confusion", "latency", "nodes", "checks", "tags"]) assert.match(html, new RegExp(`<canvas id="${id}">`));
  });

  it("escapes shopper text and keeps the data block parseable", () => {
    assert.match(html, /message &#60;1&#62;/);
    const data = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(data);
    const parsed = JSON.parse(data[1]!) as { confusion: { labels: string[]; matrix: number[][] }; latency: { counts: number[] } };
    assert.deepEqual(parsed.confusion.labels, ["chit_chat", "complaint", "greeting", "track_order"]);
    assert.equal(parsed.latency.counts.reduce((a, b) => a + b, 0), 4);
  });

  it("draws the confusion matrix and the latency histogram in a real browser, offline", { skip: skipped(noBrowser) }, async () => {
    const file = path.join(dir, "report.html");
    writeFileSync(file, html);
    const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (r) => {
        if (!r.url().startsWith("file:")) requests.push(r.url());
      });
      await page.goto(`file://${file}`);
      await page.waitForFunction(() => (globalThis as unknown as { reportCharts?: object }).reportCharts !== undefined);
      const drawn = await page.evaluate(() => {
        const charts = (globalThis as unknown as { reportCharts: Record<string, { data: { datasets: { data: unknown[] }[] }; config: { type: string } }> }).reportCharts;
        return Object.fromEntries(Object.entries(charts).map(([k, c]) => [k, { type: c.config.type, points: c.data.datasets[0]?.data.length ?? 0 }]));
      });
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      assert.deepEqual(drawn.confusion, { type: "bubble", points: 4 });
      assert.equal(drawn.latency?.type, "bar");
      assert.ok((drawn.latency?.points ?? 0) >= 4);
      assert.ok(drawn.nodes && drawn.checks && drawn.tags);
      const title = await page.title();
      assert.match(title, /75\.0% of 4 dialogues/);
    } finally {
      await browser.close();
    }
  });
});
