/**
 * Hybrid ranking with the real encoder on the full catalog (embedded executor): hard constraints
 * still hold, product words no slot holds decide the order, a negated word in a name is not a
 * match, a name saying a ruled-out colour or feature is not shown, a request with no slot finds products by meaning, and each product says why it ranks.
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { satisfies } from "./retrieval.suite.js";
import { catalog } from "./helpers/catalog.js";
import { openTestSemantic, semanticSkip } from "./helpers/semantic.js";
import { openEmbedded, type OpenedStore } from "./helpers/stores.js";

describe("hybrid ranking on the full catalog", { skip: skipped(semanticSkip) }, () => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await openEmbedded(catalog.products);
    opened.retriever.setSemantic(await openTestSemantic(catalog.products));
  });
  afterAll(async () => opened?.dispose());

  it("returns only products meeting every hard constraint", async () => {
    const cases = [
      { slots: { product_type: "Tshirts", gender: "Men", price_max: 40 }, query: "printed tee with a round neck" },
      { slots: { product_type: "Casual Shoes", size: "9" }, query: "slip-on canvas sneakers size 9" },
      { slots: { product_type: "Watches", gender: "Women" }, query: "a watch with a metal strap for my wife" },
    ];
    for (const c of cases) {
      const r = await opened.retriever.retrieve(c.slots, 10, { query: c.query });
      assert.deepEqual(r.relaxed, [], c.query);
      assert.ok(r.products.length === 10, c.query);
      for (const p of r.products) assert.ok(satisfies(p, r.slots), `${c.query}: ${p.name}`);
    }
  });

  it("ranks by words no slot holds: aviators first for 'aviator sunglasses'", async () => {
    const r = await opened.retriever.retrieve({ product_type: "Sunglasses" }, 5, { query: "aviator sunglasses" });
    const aviators = r.products.filter((p) => /aviator/i.test(p.name)).length;
    assert.ok(aviators >= 4, r.products.map((p) => p.name).join(" | "));
  });

  it("does not take 'Non Leather' for leather", async () => {
    const r = await opened.retriever.retrieve({ product_type: "Wallets", color: "Brown", features: ["leather"] }, 5, { query: "brown leather wallet" });
    assert.ok(r.products.length === 5);
    for (const p of r.products) assert.ok(!/non leather/i.test(p.name), p.name);
  });

  it("does not show a product whose name says a colour the shopper ruled out, whatever its colour field says", async () => {
    // Judged query q082 "heels not black": "HM Women Black Heels" (56887) is listed as Blue and ranked first.
    const r = await opened.retriever.retrieve({ product_type: "Heels" }, 10, { query: "heels", exclude: { color: ["Black"] } });
    assert.equal(r.products.length, 10);
    for (const p of r.products) assert.ok(!/\bblack\b/i.test(p.name) && p.baseColour !== "Black", p.name);
  });

  it("does not show a product whose name says a feature the shopper ruled out, in any inflection", async () => {
    // Judged query q084 "tshirt without print": "Rubber Print" and "Printed" tees ranked first (their features say "rubber print", "printed").
    const r = await opened.retriever.retrieve({ product_type: "Tshirts" }, 10, { query: "tshirt", exclude: { features: ["print"] } });
    assert.equal(r.products.length, 10);
    for (const p of r.products) assert.ok(!/\bprint/i.test(p.name), p.name);
    // "not leather": a name that negates the word is still shown.
    const wallets = await opened.retriever.retrieve({ product_type: "Wallets" }, 50, { query: "non leather wallet", exclude: { features: ["leather"] } });
    assert.ok(wallets.products.some((p) => /non leather/i.test(p.name)), wallets.products.map((p) => p.name).join(" | "));
    for (const p of wallets.products) assert.ok(!/(?<!non[ -])\bleathers?\b/i.test(p.name), p.name);
  });

  it("without a product type, keeps a brand the products nearest by meaning lack instead of relaxing it", async () => {
    // Judged query q134: the brand's 17 products are not among the 2,000 nearest to the message.
    const r = await opened.retriever.retrieve({ brand: "The Amazing Spiderman", gender: "Boys" }, 10, { query: "what could I get my 7 year old for his birthday? he's obsessed with spiderman" });
    assert.deepEqual(r.relaxed, []);
    assert.equal(r.products.length, 10);
    for (const p of r.products) assert.ok(/spiderman/i.test(p.name), p.name);
  });

  it("finds products by meaning when the request names no slot", async () => {
    const r = await opened.retriever.retrieve({}, 10, { query: "something to keep me dry when it rains" });
    assert.ok(r.products.filter((p) => /rain|umbrella|waterproof/i.test(`${p.articleType} ${p.name}`)).length >= 5, r.products.map((p) => p.name).join(" | "));
  });

  it("without a product type, ranks the products with a feature the shopper named, not only the nearest by meaning", async () => {
    // Judged test query q233: the fleeces were never candidates (none is among the products nearest to the request).
    const r = await opened.retriever.retrieve({ features: ["fleece"], gender: "Women" }, 10, { query: "looking for a warm fleece for my wife, for a hike" });
    const fleeces = r.products.filter((p) => p.features.includes("fleece"));
    assert.ok(fleeces.length >= 5, r.products.map((p) => p.name).join(" | "));
    for (const p of r.products) assert.ok(["Women", "Unisex"].includes(p.gender), p.name);
  });

  it("a rare word the request shares with product names lifts those products ('swimsuit' over swimming caps)", async () => {
    // Judged test query q093 "swimsuit women": by meaning alone swimming caps ranked second and third.
    const r = await opened.retriever.retrieve({ product_type: "Swimwear", gender: "Women" }, 5, { query: "swimsuit women" });
    assert.equal(r.products.length, 5);
    for (const p of r.products.slice(0, 3)) assert.match(p.name, /swimsuit/i, r.products.map((x) => x.name).join(" | "));
    assert.match(r.products[0]!.rankReason!, /name shares: .*swimsuit/);
  });

  it("says why each product ranks where it does", async () => {
    const r = await opened.retriever.retrieve({ product_type: "Shirts", features: ["striped"] }, 3, { query: "striped shirt for the office" });
    for (const p of r.products) {
      assert.match(p.rankReason ?? "", /similarity \d\.\d\d to the request/);
      assert.ok(p.scores?.semantic !== undefined);
    }
    assert.match(r.products[0]!.rankReason!, /matched: striped/);
  });

  it("keeps the plain order without the shopper's words", async () => {
    const plain = await opened.retriever.retrieve({ product_type: "Belts", gender: "Men" }, 5);
    for (const p of plain.products) assert.equal(p.scores, undefined);
  });
});
