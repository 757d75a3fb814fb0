/** The understanding component's pure parts: rules as data, tags to spans, values, slots, contexts. */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { loadIntentRules } from "../nlu/rules.js";
import { parseTag, spansOf } from "../nlu/spans.js";
import { abbreviated, normalizeSpan, numberIn, sizeOf } from "../nlu/normalize.js";
import { slotsOf, wholeToken } from "../nlu/understanding.js";
import { contextText, type ReadEntity } from "../nlu/reading.js";
import { readingContext } from "../graph/readingContext.js";
import { spelledOutAmounts } from "../retrieval/lexicon.js";
import { mergeExclusions } from "../nodes/understand.js";
import type { TaggedWord } from "../models/runtime/encoder.js";
import { vocabulary } from "./helpers/catalog.js";

describe("intent rules (nlu/rules/intent_cues.json)", () => {
  const rules = loadIntentRules();
  for (const rule of rules) {
    it(`${rule.name}: matches its examples and none of its counter-examples`, () => {
      for (const e of rule.examples) assert.ok(rule.re.test(e), `${rule.name} should match ${JSON.stringify(e)}`);
      for (const c of rule.counterExamples) assert.ok(!rule.re.test(c), `${rule.name} must not match ${JSON.stringify(c)}`);
    });
  }
  it("the misfires that made rules data do not fire for the wrong intent", () => {
    const fired = (text: string) => rules.filter((r) => r.re.test(text)).map((r) => r.intent);
    assert.ok(!fired("I need a rain jacket for wet weather").includes("complaint"));
    assert.ok(!fired("looking for a return gift for my sister").includes("return_product"));
    assert.ok(!fired("you did a fantastic job").includes("complaint"));
  });
});

const word = (text: string, start: number, tag: string, p = 0.9): TaggedWord => ({ text, start, end: start + text.length, tag, p });

describe("spansOf", () => {
  it("joins B and I words of one key and role, and splits at O or another key", () => {
    // "navy blue shirt not red"
    const words = [word("navy", 0, "B-color-wanted"), word("blue", 5, "I-color-wanted", 0.7), word("shirt", 10, "B-product_type-wanted"), word("not", 16, "O"), word("red", 20, "B-color-excluded")];
    assert.deepEqual(spansOf(words), [
      { key: "color", role: "wanted", start: 0, end: 9, confidence: 0.7 },
      { key: "product_type", role: "wanted", start: 10, end: 15, confidence: 0.9 },
      { key: "color", role: "excluded", start: 20, end: 23, confidence: 0.9 },
    ]);
  });
  it("opens a span on an I tag with nothing open, and rejects unknown tags", () => {
    assert.equal(spansOf([word("red", 0, "I-color-wanted")]).length, 1);
    assert.equal(parseTag("B-colour-wanted"), null);
    assert.equal(parseTag("B-color-maybe"), null);
  });
});

describe("normalizing spans", () => {
  it("reads prices, quantities and sizes in shoppers' forms", () => {
    assert.equal(numberIn("$40"), 40);
    assert.equal(numberIn("1,200 bucks"), 1200);
    assert.equal(numberIn("2k"), 2000);
    assert.equal(numberIn("three"), 3);
    assert.equal(numberIn("twenty"), 20, "prices in words past twelve");
    assert.equal(numberIn("twenty five dollars"), 25);
    assert.equal(numberIn("a hundred and fifty"), 150);
    assert.equal(numberIn("two hundred bucks"), 200);
    assert.equal(numberIn("a couple"), 2, "an article before a number word is not a one of its own");
    assert.equal(numberIn("a pair"), 1);
    assert.equal(numberIn("budget"), null);
    assert.equal(sizeOf("size nine"), "9");
    assert.equal(sizeOf("uk 10"), "10");
    assert.equal(sizeOf("extra large"), "XL");
    assert.equal(sizeOf("2xl"), "XXL");
    assert.equal(sizeOf("medium"), "M");
    assert.equal(sizeOf("size 40"), null);
  });
  it("maps words onto the catalog's values, typos included", () => {
    assert.equal(normalizeSpan("color", "navy", vocabulary), "Navy Blue");
    assert.equal(normalizeSpan("product_type", "sneakers", vocabulary), "Casual Shoes");
    assert.equal(normalizeSpan("product_type", "jackt", vocabulary), "Jackets");
    assert.equal(normalizeSpan("gender", "my wife", vocabulary), "Women");
    assert.equal(normalizeSpan("brand", "nike", vocabulary), "Nike");
    assert.equal(normalizeSpan("brand", "benetton", vocabulary), "United Colors of Benetton");
    assert.equal(normalizeSpan("color", "qwzx", vocabulary), null);
    assert.equal(normalizeSpan("product_type", "casual shorts", vocabulary), "Shorts");
    assert.equal(normalizeSpan("product_type", "denim jacket", vocabulary), "Jackets");
    assert.equal(normalizeSpan("product_type", "t-shirts", vocabulary), "Tshirts");
    assert.equal(normalizeSpan("color", "nvy blue", vocabulary), "Navy Blue");
    assert.equal(normalizeSpan("brand", "rayban", vocabulary), "Ray-Ban");
  });
});

const entity = (key: ReadEntity["key"], role: ReadEntity["role"], value: ReadEntity["value"]): ReadEntity => ({ key, role, value, text: String(value), start: 0, end: 1, confidence: 1, source: "model" });

describe("slotsOf", () => {
  it("separates wanted values, exclusions and don't-cares", () => {
    const r = slotsOf([entity("product_type", "wanted", "Shirts"), entity("color", "excluded", "Red"), entity("brand", "dont_care", null), entity("price_max", "wanted", 40)]);
    assert.deepEqual(r, { wanted: { product_type: "Shirts", price_max: 40 }, excluded: { color: ["Red"] }, dontCare: ["brand"] });
  });
  it("a value both wanted and ruled out is ruled out; an upside-down band is turned round", () => {
    const r = slotsOf([entity("color", "wanted", "Red"), entity("color", "excluded", "Red"), entity("price_min", "wanted", 50), entity("price_max", "wanted", 20)]);
    assert.deepEqual(r.wanted, { price_min: 20, price_max: 50 });
    assert.deepEqual(r.excluded, { color: ["Red"] });
  });
});

describe("what blind round 6 found in the normalizer", () => {
  it("a number's span covers the whole written number: 1k, ₹1,200, 1.5k; a range stays two numbers", () => {
    const at = (text: string, piece: string) => {
      const i = text.indexOf(piece);
      const w = wholeToken(text, i, i + piece.length);
      return text.slice(w.start, w.end);
    };
    assert.equal(at("sunglasses under 1k, not fastrack", "1"), "1k");
    assert.equal(at("a green dupatta, max ₹1,200", "200"), "₹1,200");
    assert.equal(at("budget 1.5k.", "1"), "1.5k");
    assert.equal(at("shorts 500-900 please", "900"), "900");
    assert.equal(numberIn(at("not more than 3k", "3")), 3000);
  });

  it("two numbers tagged as one bound keep the outer one; the band stays the right way up", () => {
    const price = (key: "price_min" | "price_max", value: number): ReadEntity => ({ key, role: "wanted", text: String(value), start: 0, end: 1, value, confidence: 0.9, source: "model" });
    const { wanted } = slotsOf([price("price_min", 1000), price("price_min", 2000), price("price_max", 2000)]);
    assert.deepEqual([wanted.price_min, wanted.price_max], [1000, 2000]);
  });

  it("vowel-dropping shorthand names a colour only when one colour fits", () => {
    const colours = vocabulary.lookup.color;
    assert.equal(abbreviated(colours, "blk"), "Black");
    assert.equal(abbreviated(colours, "wht"), "White");
    assert.equal(normalizeSpan("color", "blk", vocabulary), "Black");
    assert.equal(abbreviated(colours, "bl"), undefined, "too short to say");
    assert.equal(abbreviated(colours, "xyz"), undefined);
    assert.equal(abbreviated(vocabulary.lookup.product_type, "tshrt"), "Tshirts");
    assert.equal(abbreviated(vocabulary.lookup.product_type, "laptop"), undefined, "a laptop is not a laptop bag");
    assert.equal(normalizeSpan("color", "blu", vocabulary), "Blue", "the last letter dropped");
    assert.equal(normalizeSpan("usage", "job interview", vocabulary), "Formal");
    assert.equal(normalizeSpan("usage", "diwali", vocabulary), "Ethnic");
  });

  it("prices written with k or thousands commas reach the lookup in full (blind round 7)", () => {
    assert.equal(spelledOutAmounts("under 2k pls"), "under 2000 pls");
    assert.equal(spelledOutAmounts("between 1k and 1.5k"), "between 1000 and 1500");
    assert.equal(spelledOutAmounts("max ₹1,200"), "max ₹1200");
    assert.equal(spelledOutAmounts("2 kurtas"), "2 kurtas");
  });

  it("the people a present is for name a gender; 'brother' is not a typo for 'mother'", () => {
    for (const [w, g] of [["brother", "Men"], ["gentleman", "Men"], ["uncle", "Men"], ["sister", "Women"], ["mum", "Women"], ["grandma", "Women"], ["niece", "Girls"], ["nephew", "Boys"], ["papa", "Men"], ["bhai", "Men"], ["didi", "Women"]]) {
      assert.equal(normalizeSpan("gender", w!, vocabulary), g, w);
    }
  });
});

describe("the reading context", () => {
  const base = { pendingOrder: null, pendingQuestion: null, step: null, products: [], reply: "" };
  it("says what the agent waits for, in the words the encoder was trained on", () => {
    assert.equal(contextText(readingContext(base)), "nothing pending");
    assert.equal(contextText(readingContext({ ...base, pendingQuestion: "color" })), "asked colour");
    const offer = { offerId: "o", productId: 1, name: "Puma Men Black Tshirt", size: "M", quantity: 1, unitPrice: 20 };
    assert.equal(contextText(readingContext({ ...base, pendingOrder: offer, pendingQuestion: "size" })), "offered puma men black tshirt");
    assert.equal(contextText(readingContext({ ...base, step: "orderSupport", reply: "Could you check the order number?" })), "asked order number");
  });
});

describe("mergeExclusions", () => {
  it("accumulates within a search, forgets on a new one, and a value wanted again is no longer ruled out", () => {
    assert.deepEqual(mergeExclusions({ color: ["Red"] }, { brand: ["Nike"] }, {}, false), { color: ["Red"], brand: ["Nike"] });
    assert.deepEqual(mergeExclusions({ color: ["Red"] }, { brand: ["Nike"] }, {}, true), { brand: ["Nike"] });
    assert.deepEqual(mergeExclusions({ color: ["Red", "Pink"] }, {}, { color: "Red" }, false), { color: ["Pink"] });
  });
});
