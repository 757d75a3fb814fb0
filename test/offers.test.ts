/** An offer of more than one says how many and what they cost together ("actually make it 2", blind round 34). */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { offerShown, withQuantity } from "../graph/offers.js";
import type { ShownProduct } from "../graph/state.js";

describe("withQuantity", () => {
  it("names the count and the total before the question, which asks about them", () => {
    assert.equal(
      withQuantity("Yes! We have 15 navy blue casual shoes in size 9 for $105.99. Would you like to buy it?", { quantity: 2, unitPrice: 105.99 }),
      "Yes! We have 15 navy blue casual shoes in size 9 for $105.99. That's 2 of them, $211.98 in total. Would you like to buy them?",
    );
    assert.equal(
      withQuantity("The Puma tee is $9.99. Would you like to buy it in L?", { quantity: 3, unitPrice: 9.99 }),
      "The Puma tee is $9.99. That's 3 of them, $29.97 in total. Would you like to buy them in L?",
    );
  });
  it("leaves an offer of one, and a reply without an offer, as they are", () => {
    const one = "The Puma tee is $9.99. Would you like to buy it in L?";
    assert.equal(withQuantity(one, { quantity: 1, unitPrice: 9.99 }), one);
    assert.equal(withQuantity("It is sold out right now.", null), "It is sold out right now.");
  });
});

describe("offerShown", () => {
  const tee: ShownProduct = {
    id: 7, name: "Puma Men Black Tee", brand: "Puma", articleType: "Tshirts", baseColour: "Black", gender: "Men", usage: "Casual", season: "Summer",
    price: 10, sizes: ["M", "L"], stock: { M: 0, L: 2 }, matchedFeatures: [],
  };
  it("never offers more than there is, and says so (blind round 56: 50 watches offered with 2 left)", () => {
    const offer = offerShown(tee, "The Puma tee is $10.", { slots: { quantity: 3, size: "L" }, offered: [] });
    assert.equal(offer.pendingOrder?.quantity, 2);
    assert.match(offer.reply, /^We have only 2 of this one, not 3, so the offer is for 2\. The Puma tee is \$10\. That's 2 of them, \$20\.00? in total\./);
  });
  it("offers the count asked for when there is enough", () => {
    const offer = offerShown(tee, "The Puma tee is $10.", { slots: { quantity: 2 }, offered: [] });
    assert.equal(offer.pendingOrder?.quantity, 2);
    assert.equal(offer.pendingOrder?.size, "L", "the first size in stock");
    assert.doesNotMatch(offer.reply, /only/);
  });
});
