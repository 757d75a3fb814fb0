/** "Show me what you have" lists the products; "the second one" picks one (pure logic). */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { replies } from "../graph/replies.js";
import { pickedIndex, wantsList } from "../nlu/phrasings.js";
import type { ShownProduct } from "../graph/state.js";

describe("browsing the products shown", () => {
  it("hears a request for the list", () => {
    for (const text of ["ok show me what you have", "what else do you have?", "show me the options", "can I see them all", "more options please"]) assert.ok(wantsList(text), text);
    for (const text of ["show me black shoes", "yes", "what sizes does it come in?"]) assert.ok(!wantsList(text), text);
  });
  it("reads which one the shopper picks", () => {
    assert.equal(pickedIndex("the second one"), 1);
    assert.equal(pickedIndex("I'll go with the 3rd option"), 2);
    assert.equal(pickedIndex("meh. i'll just go with the one you showed first, order it"), 0, "blind round 70");
    assert.equal(pickedIndex("number 4 please"), 3);
    assert.equal(pickedIndex("the last one"), -1);
    // A bare ordinal after "the" that ends a clause (blind round 34).
    assert.equal(pickedIndex("not that one, the second"), 1);
    assert.equal(pickedIndex("hmm the third."), 2);
    for (const text of ["my first order", "size 2", "yes", "I want one", "this is the second time your delivery is late", "the first thing I need is a bag", "second hand shoes"]) {
      assert.equal(pickedIndex(text), null, text);
    }
  });
  it("numbers the products with their prices", () => {
    const p = (id: number, name: string, price: number) => ({ id, name, price }) as ShownProduct;
    assert.equal(replies.list([p(1, "Red Tape Shoe", 54.99), p(2, "Clarks Derby", 120)]), 'Here is what I found: 1) Red Tape Shoe, $54.99; 2) Clarks Derby, $120.00. Which one would you like? (say "the second one", for example)');
  });
});
