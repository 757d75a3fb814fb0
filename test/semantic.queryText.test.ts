/** What hybrid ranking embeds: the request without what the shopper ruled out. */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { spansOfWords, withoutExcluded } from "../retrieval/semantic/queryText.js";

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
