/**
 * Checks and metrics on small hand-made records (pure logic: the only place in the evaluation
 * tests where observations are made up), the A/B comparison and the recording export.
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { checkTurn, productMismatch } from "../evals/check.js";
import { renderComparison, ComparableReportSchema } from "../evals/compare.js";
import type { Expect } from "../evals/dialogue.js";
import { ExpectSchema } from "../evals/dialogue.js";
import { computeMetrics, NO_REPLY } from "../evals/metrics.js";
import type { Observation, ObservedProduct } from "../evals/observation.js";
import type { DialogueRecord, TurnRecord } from "../evals/play.js";
import { draftDialogue } from "../evals/recording.js";
import { buildReport } from "../evals/report/json.js";
import { renderMarkdown } from "../evals/report/markdown.js";
import { histogram, percentile, prf } from "../evals/stats.js";
import { loadEvalVocabulary } from "../evals/vocabulary.js";

const shirt = (over: Partial<ObservedProduct> = {}): ObservedProduct => ({
  id: 1, name: "Turtle Men Navy Blue Shirt", brand: "Turtle", articleType: "Shirts", baseColour: "Navy Blue", gender: "Men",
  usage: "Casual", season: "Summer", price: 45.99, sizes: ["S", "M", "L"], stock: { S: 1, M: 2, L: 0 }, ...over,
});

const obs = (over: Partial<Observation> = {}): Observation => ({
  reply: "", intent: "find_product", confidence: 0.9, slots: {}, excluded: {}, dont_care: [], state: "slotFilling", task: null, task_source: null, reply_source: null, products: [], order: null, awaitingConfirmation: false, ...over,
});

const expect = (e: unknown): Expect => ExpectSchema.parse(e);

function turn(e: unknown, o: Observation | null, latencyMs = 100, nodeMs: Record<string, number> = {}): TurnRecord {
  const ex = e === undefined ? undefined : expect(e);
  const checks = o ? checkTurn(ex, o, new Set()) : [];
  return { index: 0, user: "x", expect: ex, observation: o, error: o ? null : "timed out", checks, pass: o !== null && checks.every((c) => c.pass), latencyMs: o ? latencyMs : null, nodeMs, orderPlaced: o?.order != null };
}

function dialogue(id: string, turns: TurnRecord[], tags: string[] = []): DialogueRecord {
  return { id, file: "f.jsonl", line: 1, tags, userId: "u", chatId: "c", turns: turns.map((t, i) => ({ ...t, index: i })), pass: turns.every((t) => t.pass) };
}

describe("checks", () => {
  it("compares slots case-insensitively, numbers numerically and features as a subset", () => {
    const o = obs({ slots: { color: "Navy Blue", price_max: 40, features: ["check", "slim fit"] } });
    const checks = checkTurn(expect({ slots: { color: "navy blue", price_max: 40, features: ["Check"] } }), o, new Set());
    assert.deepEqual(checks.map((c) => [c.key, c.pass]), [["slots.color", true], ["slots.price_max", true], ["slots.features", true]]);
    const wrong = checkTurn(expect({ slots: { color: "Black", size: "M" } }), o, new Set());
    assert.deepEqual(wrong.map((c) => [c.key, c.pass, c.got]), [["slots.color", false, "Navy Blue"], ["slots.size", false, null]]);
  });

  it("requires at least one product, and every product to match", () => {
    const m = expect({ products_match: { articleType: "Shirts", baseColour: ["Navy Blue", "Blue"], price: { max: 50 }, sizes: "M" } }).products_match!;
    assert.equal(productMismatch(shirt(), m), null);
    assert.equal(productMismatch(shirt({ price: 60 }), m), "price 60");
    assert.equal(productMismatch(shirt({ sizes: ["XL"] }), m), "sizes XL");
    const none = checkTurn(expect({ products_match: { articleType: "Shirts" } }), obs(), new Set());
    assert.deepEqual([none[0]?.pass, none[0]?.got], [false, "no products returned"]);
    const mixed = checkTurn(expect({ products_match: { articleType: "Shirts" } }), obs({ products: [shirt(), shirt({ id: 2, name: "Red Tee", articleType: "Tshirts" })] }), new Set());
    assert.equal(mixed[0]?.pass, false);
    assert.match(String(mixed[0]?.got), /1\/2 products do not match, e\.g\. #2 Red Tee: articleType "Tshirts"/);
  });

  it("checks what the agent holds as ruled out, and that no product has an excluded value", () => {
    const o = obs({ excluded: { color: ["Red"], brand: ["Nike"] }, products: [shirt()] });
    assert.ok(checkTurn(expect({ excluded: { color: "red", brand: ["nike"] } }), o, new Set()).every((c) => c.pass));
    assert.equal(checkTurn(expect({ excluded: { color: "Pink" } }), o, new Set())[0]?.pass, false);
    assert.equal(checkTurn(expect({ products_exclude: { baseColour: "Red" } }), o, new Set())[0]?.pass, true);
    const bad = checkTurn(expect({ products_exclude: { baseColour: ["Navy Blue"], name: "turtle" } }), o, new Set())[0];
    assert.equal(bad?.pass, false);
    assert.match(String(bad?.got), /1\/1 products are excluded/);
    assert.throws(() => expect({ excluded: { price_max: "10" } }));
  });

  it("counts an order as placed only when it is new in the conversation", () => {
    const o = obs({ order: { orderId: "ORD-1" } });
    assert.equal(checkTurn(expect({ order_placed: true }), o, new Set())[0]?.pass, true);
    assert.equal(checkTurn(expect({ order_placed: false }), o, new Set(["ORD-1"]))[0]?.pass, true);
    assert.equal(checkTurn(expect({ order_placed: true }), o, new Set(["ORD-1"]))[0]?.pass, false);
  });

  it("checks the task and the reply by words, case-insensitively", () => {
    const o = obs({ task: "Find a Navy Blue Turtle M shirt.", reply: "Found it for $45.99" });
    const c = checkTurn(expect({ task_contains: ["navy blue", "shirt"], reply_contains: "$", reply_not_contains: ["sorry"] }), o, new Set());
    assert.ok(c.every((x) => x.pass));
    assert.equal(checkTurn(expect({ task_contains: "shirt" }), obs(), new Set())[0]?.pass, false);
  });
});

describe("metrics", () => {
  // Three intent turns: greeting -> greeting, find_product -> find_product, track_order -> complaint; one turn with no reply.
  const d1 = dialogue("d1", [
    turn({ intent: "greeting", state: "greeting" }, obs({ intent: "greeting", state: "greeting" }), 100, { "node:understand": 40 }),
    turn({ intent: "find_product", slots: { color: "Navy Blue", size: "M", brand: "Turtle" } }, obs({ slots: { color: "Navy Blue", size: "L" } }), 300, { "node:understand": 60 }),
  ], ["apparel"]);
  const d2 = dialogue("d2", [
    turn({ intent: "track_order", order_placed: false }, obs({ intent: "complaint", state: "orderSupport" }), 200),
    turn({ intent: "greeting", products_match: { articleType: "Shirts" } }, null),
  ], ["support", "apparel"]);
  const d3 = dialogue("d3", [turn({ products_match: { articleType: "Shirts" }, order_placed: true }, obs({ products: [shirt(), shirt({ id: 2 })], order: { orderId: "ORD-9" } }), 400)]);
  const m = computeMetrics([d1, d2, d3]);

  it("counts dialogue success and turn pass rates, and errors", () => {
    assert.equal(m.dialogues, 3);
    assert.equal(m.turns, 5);
    assert.equal(m.errors, 1);
    assert.equal(m.dialogue_success_rate, 0.3333);
    assert.equal(m.turn_pass_rate, 0.4);
  });

  it("computes intent accuracy, macro-F1 and the confusion matrix, counting a missing reply as wrong", () => {
    assert.equal(m.intent.turns, 4);
    assert.equal(m.intent.accuracy, 0.5);
    assert.deepEqual(m.intent.labels, [NO_REPLY, "complaint", "find_product", "greeting", "track_order"]);
    const at = (gold: string, got: string) => m.intent.matrix[m.intent.labels.indexOf(gold)]![m.intent.labels.indexOf(got)];
    assert.equal(at("greeting", "greeting"), 1);
    assert.equal(at("greeting", NO_REPLY), 1);
    assert.equal(at("track_order", "complaint"), 1);
    // Per label F1: greeting P=1 R=0.5 -> 0.6667; find_product 1; track_order 0; complaint 0; (no reply) 0.
    assert.equal(m.intent.per_label.greeting?.f1, 0.6667);
    assert.equal(m.intent.macro_f1, 0.3333);
  });

  it("computes per-slot precision, recall and F1 over the annotated keys", () => {
    assert.deepEqual(m.slots.per_slot.color, { tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    assert.deepEqual(m.slots.per_slot.size, { tp: 0, fp: 1, fn: 1, precision: 0, recall: 0, f1: 0 });
    assert.deepEqual(m.slots.per_slot.brand, { tp: 0, fp: 0, fn: 1, precision: null, recall: 0, f1: 0 });
    assert.deepEqual([m.slots.micro.tp, m.slots.micro.fp, m.slots.micro.fn], [1, 1, 2]);
    assert.equal(m.slots.micro.f1, 0.4);
  });

  it("computes product constraint satisfaction, order outcomes, latency and tags", () => {
    assert.deepEqual(m.products, { turns: 2, satisfied_turns: 1, empty_turns: 1, turn_rate: 0.5, shown: 2, matching: 2, product_rate: 1 });
    assert.deepEqual(m.orders, { expected_placed: 1, expected_not_placed: 1, as_expected: 2, missed: 0, unwanted: 0, accuracy: 1 });
    assert.deepEqual(m.latency_ms, { n: 4, p50: 200, p95: 400, mean: 250, max: 400 });
    assert.deepEqual(m.node_latency_ms["node:understand"], { n: 2, p50: 40, p95: 60, mean: 50, max: 60 });
    assert.deepEqual(m.tags.apparel, { dialogues: 2, passed: 0, rate: 0 });
  });

  it("counts the turns whose structured task the context model made, and the offers the response model worded", () => {
    const searched = (source: "model" | "slots") => turn({}, obs({ task: "Find a shirt.", task_source: source }), 100, { "node:contextTranslation": 1 });
    const mixed = dialogue("t", [searched("model"), searched("slots"), searched("model"), turn({}, obs({ task: "Find a shirt.", task_source: "model" }))]);
    // The last turn kept an earlier task without translating: it is not a search of its own.
    assert.deepEqual(computeMetrics([mixed]).task_source, { searches: 3, from_model: 2, rate: 0.6667 });
    assert.deepEqual(m.task_source, { searches: 0, from_model: 0, rate: null });
    const offer = (source: "model" | "data" | null) => turn({}, obs({ state: "booking", reply_source: source }));
    assert.deepEqual(computeMetrics([dialogue("r", [offer("model"), offer("data"), offer(null)])]).reply_source, { offers: 2, from_model: 1, rate: 0.5 });
    // Small talk counts on its own: a generated answer is not an offer.
    const talk = (source: "model" | "data") => turn({}, obs({ state: "chitChat", reply_source: source }));
    const both = computeMetrics([dialogue("t", [offer("model"), talk("model"), talk("model"), talk("data")])]);
    assert.deepEqual(both.reply_source, { offers: 1, from_model: 1, rate: 1 });
    assert.deepEqual(both.small_talk_source, { turns: 3, generated: 2, rate: 0.6667 });
  });

  it("builds report.json with DESIGN.md's headline keys and one failure per failed check", () => {
    const r = buildReport([d1, d2, d3], { target: "test", dialogues_path: "x", started_at: "a", finished_at: "b", model_dir: null, node: "v20" });
    for (const k of ["dialogues", "dialogue_success_rate", "turn_pass_rate", "intent_accuracy", "intent_macro_f1", "slot_f1", "latency_ms", "failures"]) assert.ok(k in r, k);
    assert.deepEqual(r.failures.map((f) => `${f.dialogue}:${f.turn}:${f.key}`), ["d1:2:slots.size", "d1:2:slots.brand", "d2:1:intent", "d2:2:error"]);
    assert.ok(ComparableReportSchema.safeParse(JSON.parse(JSON.stringify(r))).success);
    const md = renderMarkdown(r);
    assert.match(md, /\| dialogue success rate \| 33\.3% \|/);
    assert.match(md, /\| d1 \| 2 \| x \| slots\.size \| M \| L \|/);
    // d1 misread a slot; d2's first failing turn misread the intent (its later error is not the cause).
    assert.deepEqual(r.failures_by_cause.understanding, ["d1", "d2"]);
    assert.match(md, /\| understanding \| 2 \| d1, d2 \|/);
  });
});

describe("stats", () => {
  it("nearest-rank percentiles, F1 and nice histogram bins", () => {
    assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
    assert.equal(percentile([], 50), null);
    assert.deepEqual(prf(0, 0, 0), { precision: null, recall: null, f1: null });
    const h = histogram([0, 10, 95, 180], 4);
    assert.equal(h.width, 50);
    assert.deepEqual(h.counts, [2, 1, 0, 1]);
  });
});

describe("A/B comparison", () => {
  it("puts two reports side by side with the change and the dialogues that flipped", () => {
    const base = { dialogues: 2, dialogue_success_rate: 0.5, turn_pass_rate: 0.75, intent_accuracy: 0.8, intent_macro_f1: 0.7, slot_f1: 0.6, latency_ms: { p50: 100, p95: 300 }, failures: [1, 2] };
    const a = ComparableReportSchema.parse({ ...base, results: [{ id: "x", pass: true }, { id: "y", pass: false }] });
    const b = ComparableReportSchema.parse({ ...base, dialogue_success_rate: 0.5, intent_accuracy: 0.9, latency_ms: { p50: 80, p95: 350 }, results: [{ id: "x", pass: false }, { id: "y", pass: true }] });
    const out = renderComparison(a, b, ["a.json", "b.json"]);
    assert.match(out, /\| metric \| A: a\.json \| B: b\.json \| B - A \|/);
    assert.match(out, /\| intent accuracy \| 80\.0% \| 90\.0% \| \+10\.0% ▲ \|/);
    assert.match(out, /\| latency p50 \| 100 ms \| 80 ms \| -20 ms ▲ \|/);
    assert.match(out, /\| latency p95 \| 300 ms \| 350 ms \| \+50 ms ▼ \|/);
    assert.match(out, /\| dialogue success rate \| 50\.0% \| 50\.0% \| = \|/);
    assert.match(out, /fixed in B \(1\): y/);
    assert.match(out, /broken in B \(1\): x/);
  });
});

describe("recording export", () => {
  it("turns stored messages, shown products and orders into a valid dialogue with draft expectations", () => {
    const at = (s: number) => `2026-01-01T00:00:0${s}.000Z`;
    const msg = (seq: number, role: "user" | "assistant", content: string, extra: object = {}) => ({ messageId: `m${seq}`, conversationId: "alice:c1", userId: "alice", role, content, createdAt: at(Math.floor(seq / 2) + 1), seq, ...extra });
    const messages = [
      msg(0, "user", "navy turtle shirt M", { intent: "find_product", confidence: 0.9, entities: { product_type: "Shirts", color: "Navy Blue", brand: "Turtle", size: "M", bogus: "x" } }),
      msg(1, "assistant", "Found it", { productIds: [1, 2] }),
      msg(2, "user", "yes", { intent: "affirm", confidence: 0.99, entities: {} }),
      msg(3, "assistant", "Your order ORD-1 is placed"),
    ];
    const products = new Map([[1, { articleType: "Shirts", baseColour: "Navy Blue", gender: "Men", brand: "Turtle" }], [2, { articleType: "Shirts", baseColour: "Navy Blue", gender: "Women", brand: "Turtle" }]]);
    const order = { orderId: "ORD-1", userId: "alice", chatId: "c1", productId: 1, name: "n", size: "M", quantity: 1, total: 1, status: "placed" as const, createdAt: "2026-01-01T00:00:01.500Z" };
    const { dialogue: d, warnings } = draftDialogue({ conversationId: "alice:c1", userId: "alice", chatId: "c1", createdAt: at(1) }, messages, [order], products, loadEvalVocabulary());
    assert.deepEqual(warnings, []);
    assert.equal(d?.id, "alice-c1");
    assert.deepEqual(d?.turns[0]?.expect, {
      intent: "find_product",
      slots: { product_type: "Shirts", color: "Navy Blue", brand: "Turtle", size: "M" },
      products_match: { articleType: ["Shirts"], baseColour: ["Navy Blue"], brand: ["Turtle"] },
    });
    assert.deepEqual(d?.turns[1]?.expect, { intent: "affirm", order_placed: true });
  });
});
