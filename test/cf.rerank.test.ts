/**
 * Reranking end to end: simulated shoppers on the real catalog, a model trained on their
 * interactions, the real retriever on the embedded store and on MongoDB (FerretDB in CI).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { Reranker } from "../retrieval/cf/reranker.js";
import { simulateShoppers, type ShopperTaste } from "../retrieval/cf/simulate.js";
import { trainModel } from "../retrieval/cf/train.js";
import type { CfModel } from "../retrieval/cf/model.js";
import type { Product } from "../retrieval/catalog/products.js";
import { RetrievalInputError } from "../retrieval/errors.js";
import { EmbeddedInteractionStore, MongoInteractionStore, type InteractionStore } from "../retrieval/interactions.js";
import type { RankedProduct } from "../retrieval/retriever.js";
import { catalog, catalogSlice } from "./helpers/catalog.js";
import { dropTestDb, mongoSkip, mongoUri, testDbName } from "./helpers/mongo.js";
import { openEmbedded, openMongo, type OpenedStore } from "./helpers/stores.js";

const { shoppers, events } = simulateShoppers(catalog.products, { shoppers: 1000, seed: 5 });
let model: CfModel | undefined;
const trained = () => (model ??= trainModel(events));

const share = (products: RankedProduct[], brands: readonly string[]) => products.filter((p) => brands.includes(p.brand)).length / products.length;

/** A shopper new to the model records three views of one brand's products of one type. */
async function freshShopper(opened: OpenedStore, interactions: InteractionStore, userId: string, known: CfModel) {
  const plain = await opened.retriever.retrieve({ product_type: "Tshirts", gender: "Men" }, 50);
  const counts = new Map<string, Product[]>();
  // Products below the plain top 10 that simulated shoppers touched (the model knows only those).
  for (const p of plain.products.slice(10)) {
    if (known.itemIndex.has(String(p.id))) counts.set(p.brand, [...(counts.get(p.brand) ?? []), p]);
  }
  const [brand, items] = [...counts].sort((a, b) => b[1].length - a[1].length)[0]!;
  for (const p of items.slice(0, 3)) await interactions.record({ userId, productId: p.id, kind: "view" });
  return { brand, plainTop: plain.products.slice(0, 10) };
}

describe("reranking on the embedded store (full catalog)", () => {
  let opened: OpenedStore;
  let interactions: EmbeddedInteractionStore;
  const dir = mkdtempSync(path.join(tmpdir(), "cf-rerank-"));
  beforeAll(async () => {
    opened = await openEmbedded(catalog.products);
    interactions = new EmbeddedInteractionStore(dir);
    await interactions.recordMany(events);
  });
  afterAll(async () => {
    await opened.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const use = (weight = 0.3) => opened.retriever.setReranker(new Reranker(trained(), interactions, { weight, pool: 50 }));

  it("moves simulated shoppers' preferred brands up", async () => {
    let plainShare = 0;
    let personalShare = 0;
    let better = 0;
    let worse = 0;
    const sample: ShopperTaste[] = shoppers.slice(0, 30);
    for (const s of sample) {
      const slots = { product_type: s.productTypes[0]!, gender: s.gender };
      opened.retriever.setReranker(undefined);
      const plain = await opened.retriever.retrieve(slots);
      use();
      const personal = await opened.retriever.retrieve(slots, 10, { userId: s.userId });
      assert.equal(personal.rerank?.mode, "personal");
      for (const p of personal.products) assert.equal(p.articleType, s.productTypes[0]);
      const [a, b] = [share(plain.products, s.brands), share(personal.products, s.brands)];
      plainShare += a / sample.length;
      personalShare += b / sample.length;
      if (b > a) better++;
      if (b < a) worse++;
    }
    assert.ok(personalShare > plainShare + 0.08, `preferred-brand share in the top 10: ${personalShare} reranked vs ${plainShare} plain`);
    assert.ok(better >= 2 * worse && better >= 10, `better for ${better} shoppers, worse for ${worse}`);
  });

  it("reranks a new shopper from the views they just recorded, without retraining", async () => {
    use();
    const { brand, plainTop } = await freshShopper(opened, interactions, "fresh-1", trained());
    const r = await opened.retriever.retrieve({ product_type: "Tshirts", gender: "Men" }, 10, { userId: "fresh-1" });
    assert.deepEqual(r.rerank, { mode: "personal", source: "history", events: 3, weight: 0.3, candidates: 50 });
    assert.ok(share(r.products, [brand]) > share(plainTop, [brand]), `${brand}: ${r.products.map((p) => p.brand).join(", ")}`);
    assert.match(r.products[0]!.rankReason!, /affinity \d\.\d\d from this shopper's 3 recorded views and purchases/);
  });

  it("falls back to popularity within the constraints for unknown and anonymous shoppers", async () => {
    use();
    const slots = { product_type: "Casual Shoes", color: "Black" };
    for (const [userId, reason] of [["never-seen", "no_history"], [undefined, "anonymous"]] as const) {
      const r = await opened.retriever.retrieve(slots, 10, { userId });
      assert.equal(r.rerank?.mode, "popularity");
      assert.equal(r.rerank?.mode === "popularity" && r.rerank.reason, reason);
      const affinity = r.products.map((p) => p.scores!.affinity);
      assert.deepEqual(affinity, [...affinity].sort((x, y) => y - x), "most popular first");
      assert.ok(affinity[0]! > 0);
      for (const p of r.products) {
        assert.equal(p.articleType, "Casual Shoes");
        assert.equal(p.baseColour, "Black");
        assert.match(p.rankReason!, /^meets every constraint; popularity \d\.\d\d/);
      }
    }
  });

  it("keeps requested features first and explains every score", async () => {
    use();
    const r = await opened.retriever.retrieve({ product_type: "Tshirts", features: ["polo", "striped"] }, 20, { userId: shoppers[1]!.userId });
    const feature = r.products.map((p) => p.scores!.feature);
    assert.deepEqual(feature, [...feature].sort((x, y) => y - x), "a 2/2 feature match outranks any 1/2 at weight 0.3");
    for (const p of r.products) {
      const s = p.scores!;
      assert.ok([s.feature, s.affinity, s.blended].every((x) => x >= 0 && x <= 1));
      assert.ok(Math.abs(s.blended - (0.7 * s.feature + 0.3 * s.affinity)) < 0.002);
      assert.match(p.rankReason!, /^matches [12]\/2 requested features \(.+\); affinity/);
    }
  });

  it("changes nothing at weight 0, and nothing without a reranker", async () => {
    const slots = { product_type: "Shirts", color: "Blue", features: ["check"] };
    opened.retriever.setReranker(undefined);
    const plain = await opened.retriever.retrieve(slots, 10, { userId: shoppers[0]!.userId });
    assert.equal(plain.rerank, undefined);
    assert.ok(plain.products.every((p) => p.scores === undefined && p.rankReason === undefined));
    use(0);
    const zero = await opened.retriever.retrieve(slots, 10, { userId: shoppers[0]!.userId });
    assert.deepEqual(zero.products.map((p) => p.id), plain.products.map((p) => p.id));
    assert.deepEqual(zero.summary, plain.summary);
  });

  it("rejects a user id that is not a short string", async () => {
    use();
    for (const userId of ["", "x".repeat(200), { $ne: null }]) {
      await assert.rejects(opened.retriever.retrieve({ product_type: "Tshirts" }, 10, { userId: userId as string }), RetrievalInputError);
    }
  });
});

describe("reranking on MongoDB (catalog slice)", { skip: skipped(mongoSkip) }, () => {
  let opened: OpenedStore;
  let interactions: MongoInteractionStore;
  const db = testDbName("cf_rerank");
  beforeAll(async () => {
    opened = await openMongo(catalogSlice, "cf_rerank_products");
    interactions = await MongoInteractionStore.open(mongoUri!, db);
  });
  afterAll(async () => {
    await interactions.close();
    await opened.dispose();
    await dropTestDb(db);
  });

  it("reranks a shopper from views recorded in MongoDB", async () => {
    // Simulated on the catalog this store holds, as a deployment trains on its own shop.
    const sliceModel = trainModel(simulateShoppers(catalogSlice, { shoppers: 300, seed: 6, minTypeSize: 30 }).events);
    opened.retriever.setReranker(new Reranker(sliceModel, interactions, { weight: 0.3, pool: 50 }));
    const { brand, plainTop } = await freshShopper(opened, interactions, "fresh-mongo", sliceModel);
    const r = await opened.retriever.retrieve({ product_type: "Tshirts", gender: "Men" }, 10, { userId: "fresh-mongo" });
    assert.equal(r.rerank?.mode, "personal");
    assert.ok(share(r.products, [brand]) > share(plainTop, [brand]), `${brand}: ${r.products.map((p) => p.brand).join(", ")}`);
    const anonymous = await opened.retriever.retrieve({ product_type: "Tshirts", gender: "Men" }, 10);
    assert.equal(anonymous.rerank?.mode, "popularity");
  });
});
