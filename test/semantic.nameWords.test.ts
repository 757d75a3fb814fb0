/** The lexical part of hybrid ranking: rare request words that a product's name holds (the real catalog's names). */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { chatCorpus, loadPlainWords, NameWords, stem, wordsOf } from "../retrieval/semantic/nameWords.js";
import { catalog } from "./helpers/catalog.js";

const index = new NameWords(catalog.products.map((p) => p.name), chatCorpus());

describe("NameWords", () => {
  it("reads inflections as one word, and drops a word negated by 'non'", () => {
    assert.equal(stem("striped"), stem("stripes"));
    assert.equal(stem("socks"), stem("sock"));
    assert.deepEqual(wordsOf("Fastrack Men's Non Leather Brown Wallet"), ["fastrack", "men", "non-leather", "brown", "wallet"]);
  });

  it("a rare shared word outweighs a common one", () => {
    const query = index.weighted("I'd like a nautical t-shirt for men");
    const nautical = index.overlap(query, "Timberland Men's Nautical Stripe Pique Navy T-shirt");
    const plain = index.overlap(query, "Puma Men Navy T-shirt");
    assert.ok(nautical.score > plain.score + 0.3, `${nautical.score} vs ${plain.score}`);
    assert.ok(nautical.words.includes("nautic") && !plain.words.includes("nautic"), nautical.words.join(","));
    assert.ok(nautical.score <= 1 && plain.score > 0);
  });

  it("stop words, the language of asking and words no name uses carry no weight ('I Want You' is no match for 'I want')", () => {
    const query = index.weighted("I want a t-shirt with a superhero on it");
    assert.deepEqual([...query.keys()], ["shirt"]);
    assert.deepEqual([...index.weighted("looking for something warm, I need it").keys()], ["warm"]);
    assert.equal(index.overlap(query, "Myntra Women's I Want You Black T-shirt").words.includes("want"), false);
    assert.deepEqual(index.overlap(index.weighted("qwerty"), "Puma Men Navy T-shirt"), { score: 0, words: [] });
  });

  it("'Non Leather' does not share 'leather'", () => {
    const query = index.weighted("leather wallet please");
    assert.ok(index.overlap(query, "Lee Men Leather Tan Wallet").score > index.overlap(query, "Fastrack Men Non Leather Brown Wallet").score);
    assert.ok(!index.overlap(query, "Fastrack Men Non Leather Brown Wallet").words.includes("leather"));
  });

  it("says a phrase in any inflection, every word of it, and not when the name negates it", () => {
    assert.equal(index.says("Levi's Men Rubber Print Grey Tshirt", ["print"]), true);
    assert.equal(index.says("Tantra Unisex Printed Blue Tshirts", ["prints"]), true);
    assert.equal(index.says("Fastrack Men Non Leather Brown Wallet", ["leather"]), false);
    assert.equal(index.says("Lee Men Leather Tan Wallet", ["leather"]), true);
    assert.equal(index.says("Puma Men Navy T-shirt", ["crew neck"]), false);
    assert.equal(index.says("Puma Men Navy Crew Neck T-shirt", ["crew neck"]), true);
    assert.equal(index.says("Puma Men Navy T-shirt", []), false);
  });

  it("plain: a request for something plain reads the catalog's 'Solid' too and rules out names saying a pattern (plain_words.json)", () => {
    const plain = loadPlainWords();
    for (const e of [...plain.examples, ...plain.counterExamples]) {
      const dropped = index.asksPlain(e.request) && index.patterned(e.name);
      assert.equal(!dropped, e.shown, `${e.request} / ${e.name}`);
    }
    const query = index.weighted("plain black tee");
    assert.ok(index.overlap(query, "Status Quo Men Solid Black Tshirts").score > index.overlap(query, "ADIDAS Men Black Tshirt").score);
    assert.equal(index.asksPlain("a black tee"), false);
  });
});
