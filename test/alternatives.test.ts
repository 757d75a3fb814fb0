/** "Another colour?", "anything similar?": a new offer, differing where the shopper asked (pure logic). */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { followUpOnOffer } from "../graph/alternatives.js";
import { alternativeRequest, readCues } from "../nlu/phrasings.js";
import type { ShownProduct } from "../graph/state.js";
import { namesTheMiss, preferAdults, preferNewOffer, similarAfterSoldOut } from "../nodes/booking.js";
import type { RankedProduct, RetrievalResult } from "../retrieval/retriever.js";
import { toShown } from "../nodes/booking.js";

describe("alternativeRequest", () => {
  it("hears a request for something else, and the detail that must differ", () => {
    assert.deepEqual(alternativeRequest("do you have it in another colour?", "find_product"), { differ: "color" });
    assert.deepEqual(alternativeRequest("any other brands?", "find_product"), { differ: "brand" });
    assert.deepEqual(alternativeRequest("what about something similar?", "find_similar_products"), { differ: null });
    assert.deepEqual(alternativeRequest("show me the next one", "find_product"), { differ: null });
    assert.equal(alternativeRequest("size M please", "inform"), null);
    assert.equal(alternativeRequest("yes", "affirm"), null);
  });
});

describe("preferNewOffer", () => {
  const product = (id: number, baseColour: string, brand = "Casio"): RankedProduct => (({
    _id: id, id, name: `${brand} ${baseColour} watch ${id}`, brand, brandKey: brand.toLowerCase(), gender: "Men", masterCategory: "Accessories",
    subCategory: "Watches", articleType: "Watches", baseColour, season: null, year: 2012, usage: "Casual", price: 50 + id, sizes: ["Free Size"],
    stock: { "Free Size": 3 }, totalStock: 3, maxStock: 3, features: [], contentHash: "h", matchedFeatures: [],
  }));
  const products = [product(1, "Black"), product(2, "Black"), product(3, "Silver"), product(4, "Gold", "Titan")];
  const result: RetrievalResult = { summary: { available: "3", price: "$51.00", size: "Free Size", brand: "Casio", id: "1", features: [] }, products, relaxed: [], slots: { product_type: "Watches" } };
  const state = { offered: [1], products: products.map(toShown) };
  const asked = (text: string, intent = "find_product") => alternativeRequest(text, intent);

  it("leads with a product not offered yet, of another colour when asked", () => {
    assert.equal(preferNewOffer(result, state, asked("do you have it in another colour?")).products[0]!.id, 3);
    assert.equal(preferNewOffer(result, state, asked("anything similar?", "find_similar_products")).products[0]!.id, 2);
    assert.equal(preferNewOffer(result, state, asked("other brands?")).products[0]!.id, 4);
    const again = preferNewOffer(result, state, asked("another colour please"));
    assert.equal(again.summary.available, "3");
    assert.equal("id" in again.summary && again.summary.id, "3", "the summary describes the new lead");
  });
  it("changes nothing when nothing else was asked for, or nothing was offered", () => {
    assert.equal(preferNewOffer(result, state, asked("size M")), result);
    assert.equal(preferNewOffer(result, { ...state, offered: [] }, asked("another one")), result);
  });
});

describe("similarAfterSoldOut", () => {
  const soldOut = { available: "0", price: "$30.00", size: "L", brand: "Puma", id: "7", features: [] };
  const yes = { intent: { label: "affirm" } } as Parameters<typeof similarAfterSoldOut>[0]["reading"];
  const slots = { product_type: "Tshirts", color: "Burgundy", brand: "Puma", size: "L" };
  it("drops the brand, or else the colour, and keeps the size for a yes to the sold-out question", () => {
    assert.deepEqual(similarAfterSoldOut({ summary: soldOut, reading: yes }, slots), { slots: { product_type: "Tshirts", color: "Burgundy", size: "L" }, dropped: { step: "brand", requested: "Puma" } });
    assert.deepEqual(similarAfterSoldOut({ summary: soldOut, reading: yes }, { product_type: "Tshirts", color: "Burgundy", size: "L" })?.dropped, { step: "color", requested: "Burgundy" });
  });
  it("does nothing after an offer in stock, for another answer, or with nothing to let go of", () => {
    assert.equal(similarAfterSoldOut({ summary: { ...soldOut, available: "3" }, reading: yes }, slots), null);
    assert.equal(similarAfterSoldOut({ summary: soldOut, reading: { intent: { label: "deny" } } as typeof yes }, slots), null);
    assert.equal(similarAfterSoldOut({ summary: soldOut, reading: yes }, { product_type: "Tshirts", size: "L" }), null);
  });
});

describe("followUpOnOffer", () => {
  const shown = [{ id: 9, price: 40, baseColour: "Pink", brand: "Biba" } as unknown as ShownProduct];
  const search = { slots: { product_type: "Tops", color: "Pink", size: "M", price_min: 40 }, dontCare: [] };
  it("lets go of the colour for 'another colour?', caps the price for 'anything cheaper?'", () => {
    assert.deepEqual(followUpOnOffer(search, { offered: [9], products: shown }, readCues("got it in another colour?", "find_product"), {}), { slots: { product_type: "Tops", size: "M", price_min: 40 }, dontCare: ["color"], exclude: { color: ["Pink"] } }, "the colour offered is ruled out");
    assert.deepEqual(followUpOnOffer(search, { offered: [9], products: shown }, readCues("anything cheaper?", "find_product"), {}).slots, { product_type: "Tops", color: "Pink", size: "M", price_max: 39.99 }, "a floor above the new ceiling goes");
  });
  it("rules out the brand offered for 'another brand?'", () => {
    assert.deepEqual(followUpOnOffer(search, { offered: [9], products: shown }, readCues("any other brands?", "find_product"), {}).exclude, { brand: ["Biba"] });
  });
  it("changes nothing before an offer, or when the turn states the detail itself", () => {
    assert.deepEqual(followUpOnOffer(search, { offered: [], products: [] }, readCues("another colour?", "find_product"), {}), { ...search, exclude: {} });
    assert.deepEqual(followUpOnOffer(search, { offered: [9], products: shown }, readCues("another colour, red", "find_product"), { color: "Red" }).slots.color, "Pink");
  });
});

describe("preferAdults", () => {
  it("puts adults' products first when no gender was stated, and only then", () => {
    const p = (id: number, gender: string) => ({ id, gender, price: 10, sizes: ["M"], stock: { M: 1 }, totalStock: 1, brand: "B", features: [], matchedFeatures: [] }) as unknown as RankedProduct;
    const kidsFirst: RetrievalResult = { summary: { available: "NONE" }, products: [p(1, "Boys"), p(2, "Men"), p(3, "Women")], relaxed: [], slots: { product_type: "Tshirts" } };
    assert.deepEqual(preferAdults(kidsFirst).products.map((x) => x.id), [2, 3, 1]);
    const { summary } = preferAdults(kidsFirst);
    assert.equal("id" in summary && summary.id, "2");
    const asked = { ...kidsFirst, slots: { product_type: "Tshirts", gender: "Boys" } };
    assert.equal(preferAdults(asked), asked);
  });
});

describe("a model reply about a miss", () => {
  it("names the detail missed where it tells the miss, not in the product it found (blind round 49)", () => {
    const reply = "That brand is unavailable, but I found a sports shoes in size 9 for men from Reebok for $171.99.";
    assert.equal(namesTheMiss(reply, "usage", "Reebok"), false, "'sports' of the type is no occasion miss");
    assert.equal(namesTheMiss("I couldn't match your occasion, but I found the Reebok sports shoe", "usage", "Reebok"), true);
    assert.equal(namesTheMiss("We don't have Puma in black, but here is a Nike", "brand", "Puma"), true);
    assert.equal(namesTheMiss("We have no red ones, but here is a Puma in blue", "brand", "Puma"), false);
  });
});
