/**
 * The two executors answer the same query documents identically: same product ids in the same
 * order, same relaxations, for 60 varied slot combinations (including ones that need relaxing and
 * feature searches without a product type).
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { catalogSlice } from "./helpers/catalog.js";
import { mongoSkip } from "./helpers/mongo.js";
import { openEmbedded, openMongo, type OpenedStore } from "./helpers/stores.js";

/** Deterministic, varied combinations drawn from the slice's own vocabulary. */
function combinations(): Record<string, unknown>[] {
  const types = ["Tshirts", "Shirts", "Casual Shoes", "Watches", "Handbags", "Jeans", "Kurtas", "Sports Shoes", "Tops", "Heels"];
  const colours = ["Black", "Blue", "White", "Navy Blue", "Red", "Brown", "Grey", "Pink"];
  const genders = ["Men", "Women", "Unisex", "Boys"];
  const sizes: Record<string, string[]> = { "Casual Shoes": ["8", "9", "10"], "Sports Shoes": ["7", "9"], Heels: ["6"] };
  const combos: Record<string, unknown>[] = [];
  for (let i = 0; i < 60; i++) {
    const type = types[i % types.length]!;
    const c: Record<string, unknown> = { product_type: type };
    if (i % 2 === 0) c.color = colours[i % colours.length];
    if (i % 3 === 0) c.gender = genders[i % genders.length];
    if (i % 4 === 1) c.size = (sizes[type] ?? ["S", "M", "L", "XL", "Free Size"])[i % 3];
    if (i % 5 === 2) c.price_max = 20 + (i % 7) * 15;
    if (i % 6 === 3) c.price_min = 10 + (i % 4) * 10;
    if (i % 7 === 4) c.features = ["printed", "striped", "solid", "polo", "check"].slice(i % 3, (i % 3) + 2);
    if (i % 8 === 5) c.usage = "Casual";
    if (i % 9 === 6) c.season = "Summer";
    if (i % 10 === 7) c.quantity = 1 + (i % 5) * 6;
    if (i % 11 === 8) c.brand = ["Nike", "Puma", "ADIDAS", "Turtle"][i % 4];
    // Feature searches without a type: the embedded store reads them from its multikey index.
    if (i % 12 === 10) {
      delete c.product_type;
      c.features = [["printed"], ["striped", "check"], ["leather", "analog"], ["solid", "polo", "nonexistent"]][i % 4];
    }
    combos.push(c);
  }
  return combos;
}

describe("executor parity (embedded vs MongoDB)", { skip: skipped(mongoSkip) }, () => {
  let embedded: OpenedStore;
  let mongo: OpenedStore;
  beforeAll(async () => {
    embedded = await openEmbedded(catalogSlice);
    mongo = await openMongo(catalogSlice, "parity");
  });
  afterAll(async () => {
    await embedded?.dispose();
    await mongo?.dispose();
  });

  it("returns identical ids and relaxations for 60 slot combinations", async () => {
    const combos = combinations();
    let relaxedSeen = 0;
    for (const slots of combos) {
      const [a, b] = [await embedded.retriever.retrieve(slots), await mongo.retriever.retrieve(slots)];
      assert.deepEqual(b.products.map((p) => p.id), a.products.map((p) => p.id), JSON.stringify(slots));
      assert.deepEqual(b.relaxed, a.relaxed, JSON.stringify(slots));
      assert.deepEqual(b.summary, a.summary, JSON.stringify(slots));
      if (a.relaxed.length > 0) relaxedSeen++;
    }
    assert.ok(relaxedSeen >= 5, `only ${relaxedSeen} combinations exercised relaxation`);
  });
});
