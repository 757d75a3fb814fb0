import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { catalog } from "./helpers/catalog.js";
import { openEmbedded } from "./helpers/stores.js";
import { retrievalSuite } from "./retrieval.suite.js";

retrievalSuite("the embedded executor (full catalog)", () => openEmbedded(catalog.products));

describe("embedded retriever on the full catalog", () => {
  it("finds the seed's navy blue Turtle shirt", async () => {
    const opened = await openEmbedded(catalog.products);
    try {
      const r = await opened.retriever.retrieve({ product_type: "shirt", color: "navy", brand: "turtle" });
      assert.deepEqual(r.relaxed, []);
      assert.ok(r.products.some((p) => p.name === "Turtle Check Men Navy Blue Shirt"));
      for (const p of r.products) assert.equal(p.brand, "Turtle");
    } finally {
      await opened.dispose();
    }
  });

  it("hands out copies: changing a found product changes nothing in the store", async () => {
    const opened = await openEmbedded(catalog.products.filter((p) => p.articleType === "Shirts").slice(0, 20));
    try {
      const [first] = await opened.store.find({ articleType: "Shirts" }, { sort: { _id: 1 }, limit: 1 });
      const size = first!.sizes[0]!;
      const stock = first!.stock[size];
      first!.stock[size] = -5;
      first!.features.push("tampered");
      first!.sizes.length = 0;
      first!.name = "changed";
      const [again] = await opened.store.find({ _id: first!._id }, { sort: { _id: 1 }, limit: 1 });
      assert.equal(again!.stock[size], stock);
      assert.ok(!again!.features.includes("tampered") && again!.sizes.length > 0 && again!.name !== "changed");
    } finally {
      await opened.dispose();
    }
  });

  it("says NONE when the product type is absent from the store", async () => {
    const opened = await openEmbedded(catalog.products.filter((p) => p.articleType === "Shirts").slice(0, 50));
    try {
      const r = await opened.retriever.retrieve({ product_type: "Watches", color: "black" });
      assert.deepEqual(r.summary, { available: "NONE" });
      assert.deepEqual(r.products, []);
      assert.deepEqual(r.relaxed.map((x) => x.step), ["color"]);
    } finally {
      await opened.dispose();
    }
  });
});
