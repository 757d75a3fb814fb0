/** An offer of more than one says how many and what they cost together ("actually make it 2", blind round 34). */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { withQuantity } from "../graph/offers.js";

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
