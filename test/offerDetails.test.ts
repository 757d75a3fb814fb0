/** An answer to an offer that restates the product is still a yes; other details make a new request. */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { restatesOffer } from "../graph/offerDetails.js";
import type { ShownProduct } from "../graph/state.js";

const backpack: ShownProduct = {
  id: 1, name: "Wildcraft Unisex Black & Grey Backpack", brand: "Wildcraft", articleType: "Backpacks", baseColour: "Black",
  gender: "Unisex", usage: "Casual", season: "Fall", price: 24.99, sizes: ["Free Size"], stock: { "Free Size": 21 }, matchedFeatures: [],
};

describe("restatesOffer", () => {
  it("holds for the offer's own type, colour, brand and size ('yes, order that backpack')", () => {
    assert.ok(restatesOffer({ product_type: "Backpacks" }, backpack, "Free Size"));
    assert.ok(restatesOffer({ color: "black", brand: "wildcraft" }, backpack, "Free Size"));
    assert.ok(restatesOffer({ gender: "Men" }, backpack, "Free Size"), "a unisex product fits him");
  });
  it("fails for anything else ('yes, but in blue'), or when the product is unknown", () => {
    assert.ok(!restatesOffer({ color: "Blue" }, backpack, "Free Size"));
    assert.ok(!restatesOffer({ product_type: "Handbags" }, backpack, "Free Size"));
    assert.ok(!restatesOffer({ price_max: 20 }, backpack, "Free Size"));
    assert.ok(!restatesOffer({ product_type: "Backpacks" }, undefined, "Free Size"));
  });
});
