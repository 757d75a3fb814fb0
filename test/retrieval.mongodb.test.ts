import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { catalogSlice } from "./helpers/catalog.js";
import { mongoSkip } from "./helpers/mongo.js";
import { openEmbedded, openMongo } from "./helpers/stores.js";
import { openTestSemantic, semanticSkip } from "./helpers/semantic.js";
import { retrievalSuite } from "./retrieval.suite.js";

// A slice of the real catalog: FerretDB's SQLite backend scans every document per query.
retrievalSuite("MongoDB (catalog slice)", () => openMongo(catalogSlice, "suite"), mongoSkip);

describe("hybrid ranking: the same order on both executors (catalog slice)", { skip: skipped(mongoSkip || semanticSkip) }, () => {
  it("ranks the same products first for the shopper's words", async () => {
    const semantic = await openTestSemantic(catalogSlice);
    const [mongo, embedded] = [await openMongo(catalogSlice, "semantic"), await openEmbedded(catalogSlice)];
    try {
      for (const o of [mongo, embedded]) o.retriever.setSemantic(semantic);
      const cases = [
        { slots: { product_type: "Tshirts", gender: "Men" }, query: "striped polo tee" },
        { slots: { product_type: "Watches" }, query: "chronograph watch with a metal strap" },
        { slots: {}, query: "something warm for winter evenings" },
      ];
      for (const c of cases) {
        const [a, b] = await Promise.all([mongo.retriever.retrieve(c.slots, 10, { query: c.query }), embedded.retriever.retrieve(c.slots, 10, { query: c.query })]);
        assert.ok(a.products.length > 0, c.query);
        assert.deepEqual(a.products.map((p) => p.id), b.products.map((p) => p.id), c.query);
        assert.deepEqual(a.products.map((p) => p.rankReason), b.products.map((p) => p.rankReason), c.query);
      }
    } finally {
      await mongo.dispose();
      await embedded.dispose();
    }
  });
});
