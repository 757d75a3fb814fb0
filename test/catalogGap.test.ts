/** Requests for things the catalog does not carry: what the shopper asked for, in their words. */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { replies } from "../graph/replies.js";
import { requestedThing } from "../nlu/phrasings.js";

describe("requestedThing", () => {
  it("finds the object of a plain request", () => {
    assert.equal(requestedThing("do you sell laptops?"), "laptops");
    assert.equal(requestedThing("do u sell specs? need reading glasses, mine snapped"), "specs");
    assert.equal(requestedThing("Do you guys have any gaming consoles for kids"), "gaming consoles");
    assert.equal(requestedThing("can I buy a sofa please"), "sofa");
    assert.equal(requestedThing("where can i find garden tools"), "garden tools");
    assert.equal(requestedThing("I'm after a coffee machine under 200"), "coffee machine");
    assert.equal(requestedThing("I need a sofa for my living room"), "sofa", "blind round 28");
    assert.equal(requestedThing("i really want some headphones"), "headphones");
  });
  it("ignores requests that name no product, and messages that request nothing", () => {
    for (const text of ["I'm looking for something nice", "looking for a gift for my wife", "do you have any advice", "hi there", "where is my order", "do you have it in blue?", "thanks", "i need to go", "I want a refund"]) {
      assert.equal(requestedThing(text), null, text);
    }
  });
  it("says what it could not find and what the shop carries", () => {
    assert.match(replies.notCarried("laptops"), /couldn't find laptops.*clothing, footwear, accessories/);
  });
});
