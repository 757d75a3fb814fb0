/** The collaborative-filtering parts on their own: metrics, top-k, the saved model, and ALS on the real purchase log. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "vitest";
import { ROOT_DIR } from "../config.js";
import { trainAls } from "../retrieval/cf/als.js";
import { popularity } from "../retrieval/cf/baselines.js";
import { buildDataset } from "../retrieval/cf/dataset.js";
import { evaluate } from "../retrieval/cf/evaluate.js";
import { rankMetrics } from "../retrieval/cf/metrics.js";
import { blendScores } from "../retrieval/cf/hybrid.js";
import { FACTORS_FILE, loadModel, MODEL_FILE, NEIGHBOURS_FILE, saveModel } from "../retrieval/cf/model.js";
import { loadOnlineRetail, parseInvoiceDate } from "../retrieval/cf/onlineRetail.js";
import { openReranker } from "../retrieval/cf/open.js";
import { leaveOneOut, timeSplit } from "../retrieval/cf/splits.js";
import { dotAll, topK } from "../retrieval/cf/topk.js";
import { trainModel } from "../retrieval/cf/train.js";
import { EmbeddedInteractionStore, type Interaction } from "../retrieval/interactions.js";
import { Reranker } from "../retrieval/cf/reranker.js";

describe("ranking metrics", () => {
  it("match hand-computed precision, recall, NDCG and MAP at 10", () => {
    // Hits at ranks 1 and 3 of ten; three relevant items.
    const m = rankMetrics([5, 9, 7, 1, 2, 3, 4, 6, 8, 10], new Set([5, 7, 42]));
    assert.equal(m["precision@10"], 0.2);
    assert.ok(Math.abs(m["recall@10"] - 2 / 3) < 1e-12);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    assert.ok(Math.abs(m["ndcg@10"] - (1 + 1 / Math.log2(4)) / idcg) < 1e-12);
    assert.ok(Math.abs(m["map@10"] - (1 + 2 / 3) / 3) < 1e-12);
    assert.deepEqual(rankMetrics([1, 2], new Set([3])), { "precision@10": 0, "recall@10": 0, "ndcg@10": 0, "map@10": 0 });
  });

  it("top-k returns the best scores in order, never an excluded item", () => {
    const scores = Float32Array.from([0.1, 0.9, 0.5, 0.9, 0.7, 0.2]);
    assert.deepEqual([...topK(scores, 3)], [1, 3, 4]);
    assert.deepEqual([...topK(scores, 3, [1, 4])], [3, 2, 5]);
    assert.deepEqual([...topK(scores, 10, [0])].length, 5);
  });
});

describe("the ALS + item-kNN blend", () => {
  it("scales each part by its largest value before weighting", () => {
    const out = new Float32Array(3);
    blendScores([2, -4, 1], [0, 1, 3], 2, out);
    assert.deepEqual([...out].map((x) => Number(x.toFixed(4))), [0.5, -0.3333, 2.25]);
    blendScores([0, 0, 0], [0, 1, 2], 3, out);
    assert.deepEqual([...out], [0, 1.5, 3], "an all-zero ALS part adds nothing");
    blendScores([1, 2, 4], [0, 0, 0], 3, out);
    assert.deepEqual([...out], [0.25, 0.5, 1], "a shopper with no neighbours gets ALS alone");
  });
});

describe("the UCI Online Retail log", () => {
  const { events, stats } = loadOnlineRetail(path.join(ROOT_DIR, "data", "interactions", "OnlineRetail.csv.gz"));

  it("loads purchases only: no cancellations, anonymous lines or postage codes", () => {
    assert.equal(stats.rows, 541_909);
    assert.ok(events.length > 390_000 && events.length < 400_000, String(events.length));
    assert.ok(events.every((e) => /^\d{5}/.test(e.item) && /^\d+$/.test(e.user)));
    assert.equal(parseInvoiceDate("12/1/2010 8:26"), Date.UTC(2010, 11, 1, 8, 26));
    assert.throws(() => parseInvoiceDate("2010-12-01"), /unexpected InvoiceDate/);
  });

  it("splits by time and leaves one out without leaking the held-out purchases", () => {
    const t = timeSplit(events);
    assert.ok(t.train.every((e) => e.time < t.cutoff));
    const bought = new Set(t.train.map((e) => `${e.user}|${e.item}`));
    for (const [user, items] of t.relevant) for (const item of items) assert.ok(!bought.has(`${user}|${item}`));
    const loo = leaveOneOut(events);
    const trainPairs = new Set(loo.train.map((e) => `${e.user}|${e.item}`));
    for (const [user, items] of loo.relevant) {
      assert.equal(items.size, 1);
      assert.ok(!trainPairs.has(`${user}|${[...items][0]!}`));
    }
  });

  it("ALS recommends what shoppers buy next better than popularity does", () => {
    const split = timeSplit(events);
    const train = buildDataset(split.train);
    const pop = popularity(train.matrix);
    const base = evaluate(train, split.relevant, (_u, out) => out.set(pop)).metrics;
    // A small, fast model: the full one is measured by npm run cf:bench.
    const f = trainAls(train.matrix, { factors: 16, iterations: 4 });
    const model = evaluate(train, split.relevant, (u, out) => dotAll(f.users, u * f.k, f.items, f.k, out)).metrics;
    assert.ok(model["ndcg@10"] > 1.3 * base["ndcg@10"], `ALS ${model["ndcg@10"]} vs popularity ${base["ndcg@10"]}`);
    assert.ok(model["precision@10"] > base["precision@10"]);
  });
});

describe("the saved model", () => {
  const events: Interaction[] = [];
  for (let u = 0; u < 30; u++) {
    for (let i = 0; i < 6; i++) {
      // Two taste groups: even shoppers touch products 1-20, odd ones 21-40.
      const product = (u % 2) * 20 + 1 + ((u * 7 + i * 3) % 20);
      events.push({ userId: `s${u}`, productId: product, kind: i === 0 ? "purchase" : "view", at: new Date(Date.UTC(2026, 0, 1, 0, u, i)).toISOString() });
    }
  }

  it("round-trips through DATA_DIR/cf and scores the same", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cf-model-"));
    try {
      const model = trainModel(events, { factors: 8, iterations: 5, regularization: 0.1 });
      saveModel(path.join(dir, "cf"), model);
      const again = loadModel(path.join(dir, "cf"))!;
      assert.deepEqual(again.users, model.users);
      assert.deepEqual(again.items, model.items);
      assert.deepEqual([...again.factors.items], [...model.factors.items]);
      assert.deepEqual([...again.popularity], [...model.popularity]);
      assert.ok(model.neighbours.indices.length > 0);
      assert.deepEqual([...again.neighbours.indptr], [...model.neighbours.indptr]);
      assert.deepEqual([...again.neighbours.indices], [...model.neighbours.indices]);
      assert.deepEqual([...again.neighbours.values], [...model.neighbours.values]);
      assert.equal(again.knnWeight, model.knnWeight);
      const reranker = openReranker({ dataDir: dir, cfRerank: true, cfWeight: 0.3, cfPool: 100 });
      assert.ok(reranker);
      assert.equal(openReranker({ dataDir: dir, cfRerank: false, cfWeight: 0.3, cfPool: 100 }), undefined, "CF_RERANK=off");
      writeFileSync(path.join(dir, "cf", NEIGHBOURS_FILE), "torn");
      assert.throws(() => loadModel(path.join(dir, "cf")), /neighbours\.bin: size does not match.*cf:train/);
      writeFileSync(path.join(dir, "cf", FACTORS_FILE), "torn");
      assert.throws(() => loadModel(path.join(dir, "cf")), /does not match.*cf:train/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("loads a version-1 (ALS only) model as ALS alone", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cf-v1-"));
    try {
      const model = trainModel(events, { factors: 8, iterations: 5, regularization: 0.1 });
      saveModel(path.join(dir, "cf"), model);
      const metaFile = path.join(dir, "cf", MODEL_FILE);
      const v1 = JSON.parse(readFileSync(metaFile, "utf8")) as Record<string, unknown>;
      delete v1.neighbours;
      delete v1.knnWeight;
      writeFileSync(metaFile, JSON.stringify({ ...v1, version: 1, algorithm: "als" }));
      rmSync(path.join(dir, "cf", NEIGHBOURS_FILE));
      const old = loadModel(path.join(dir, "cf"))!;
      assert.equal(old.knnWeight, 0);
      assert.equal(old.neighbours.indices.length, 0);
      assert.deepEqual([...old.factors.items], [...model.factors.items]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is absent until trained, so the retriever keeps its plain order", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cf-none-"));
    try {
      assert.equal(loadModel(path.join(dir, "cf")), null);
      assert.equal(openReranker({ dataDir: dir, cfRerank: true, cfWeight: 0.3, cfPool: 100 }), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lifts the products bought with what a new shopper just viewed (the item-kNN part)", async () => {
    const trained = trainModel(events, { factors: 8, iterations: 10, regularization: 0.1 });
    // Silence ALS, so only the neighbour lists can tell the groups apart.
    const knnOnly = { ...trained, factors: { ...trained.factors, items: new Float32Array(trained.factors.items.length) } };
    const dir = mkdtempSync(path.join(tmpdir(), "cf-knn-"));
    try {
      const interactions = new EmbeddedInteractionStore(dir);
      await interactions.record({ userId: "fresh", productId: 2, kind: "view" });
      const reranker = new Reranker(knnOnly, interactions, { weight: 0.3, pool: 50 });
      const profile = await reranker.profile("fresh");
      assert.equal(profile.mode, "personal");
      const a = reranker.affinities(profile, [5, 8, 25, 33, 2]);
      assert.ok(Math.min(a[0]!, a[1]!) > Math.max(a[2]!, a[3]!), JSON.stringify(a));
      assert.equal(a[4], 1, "the viewed product itself ranks first: it is its own nearest neighbour");
      const none = new Reranker({ ...knnOnly, knnWeight: 0 }, interactions, { weight: 0.3, pool: 50 });
      assert.deepEqual(none.affinities(await none.profile("fresh"), [5, 8, 25, 33]), [0, 0, 0, 0], "without kNN, silenced ALS ranks nothing");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives a shopper higher affinity for their own taste group's products", async () => {
    const model = trainModel(events, { factors: 8, iterations: 10, regularization: 0.1 });
    const dir = mkdtempSync(path.join(tmpdir(), "cf-taste-"));
    try {
      saveModel(path.join(dir, "cf"), model);
      const reranker = openReranker({ dataDir: dir, cfRerank: true, cfWeight: 0.3, cfPool: 100 })!;
      const even = await reranker.profile("s0");
      assert.equal(even.mode, "personal");
      const a = reranker.affinities(even, [2, 5, 25, 33]);
      assert.ok(Math.min(a[0]!, a[1]!) > Math.max(a[2]!, a[3]!), JSON.stringify(a));
      assert.deepEqual(await reranker.profile("stranger"), { mode: "popularity", reason: "no_history" });
      assert.deepEqual(await reranker.profile(undefined), { mode: "popularity", reason: "anonymous" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
