/** What hybrid ranking embeds: the request without what the shopper ruled out. */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { spansOfWords, withoutExcluded, withoutSlotNumbers } from "../retrieval/semantic/queryText.js";

const cut = (text: string, ...words: string[]) => withoutExcluded(text, spansOfWords(text, words));

describe("withoutExcluded", () => {
  it("drops a ruled-out word with the words that ruled it out", () => {
    assert.equal(cut("jeans not blue", "blue"), "jeans");
    assert.equal(cut("I'd like a men's watch with a steel bracelet, not a leather strap", "leather"), "I'd like a men's watch with a steel bracelet, strap");
    assert.equal(cut("zip sweatshirt no hood", "hood"), "zip sweatshirt");
    assert.equal(cut("sneakers, anything but Nike please", "nike"), "sneakers, please");
  });
  it("drops the word alone when no negation is near it, and leaves other text untouched", () => {
    assert.equal(cut("black formal shoes, she hates the colour black", "black"), "formal shoes, she");
    assert.equal(cut("striped shirt for office"), "striped shirt for office");
    assert.equal(withoutExcluded("abc", [{ start: 5, end: 9 }]), "abc", "a span outside the text is ignored");
  });
});

describe("withoutSlotNumbers", () => {
  it("drops the numbers the slots hold, whole words only, and keeps the rest", () => {
    assert.equal(withoutSlotNumbers("white trainers uk 10, under $40", ["10", 40]), "white trainers uk, under $");
    assert.equal(withoutSlotNumbers("levis 501 jeans size 32", ["32"]), "levis 501 jeans size", "a number no slot took stays");
    assert.equal(withoutSlotNumbers("size 100ml perfume", ["100"]), "size 100ml perfume", "digits inside a word stay");
    assert.equal(withoutSlotNumbers("red tops", [undefined, "M"]), "red tops", "sizes in letters are words, not numbers");
  });
});
