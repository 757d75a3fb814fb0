/** Lookup-table entity extraction over the real catalog vocabulary, and how it combines with the model's slots. */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { typeFromNameWord } from "../nlu/phrasings.js";
import { dontCareKeys, extractLexiconSlots } from "../retrieval/lexicon.js";
import { vocabulary } from "./helpers/catalog.js";

const vocab = vocabulary;
const lex = (text: string) => extractLexiconSlots(text, vocab);

describe("lookup-table entities", () => {
  it("finds multi-word colours, types and brands whole", () => {
    assert.deepEqual(lex("I need a navy blue shirt from Turtle"), { color: "Navy Blue", product_type: "Shirts", brand: "Turtle" });
    assert.deepEqual(lex("show me black casual shoes for men in size 9"), { color: "Black", product_type: "Casual Shoes", gender: "Men", size: "9" });
  });

  it("reads slang, budgets, ranges and quantities", () => {
    assert.deepEqual(lex("got any nike kicks under 50 bucks?"), { brand: "Nike", product_type: "Casual Shoes", price_max: 50 });
    assert.deepEqual(lex("a red handbag for my wife between $20 and 60 dollars"), { color: "Red", product_type: "Handbags", gender: "Women", price_min: 20, price_max: 60 });
    assert.deepEqual(lex("I'd like three white tees, slim fit, L"), { color: "White", product_type: "Tshirts", quantity: 3, features: ["slim fit"], size: "L" });
  });

  it("reads a ceiling as a ceiling, however it is phrased", () => {
    for (const text of ["adidas tshirt no more than 30 bucks", "not more than $30", "nothing over 30 dollars", "nothin over 30", "not above 30", "no higher than 30 usd"]) {
      const s = lex(text);
      assert.equal(s.price_max, 30, text);
      assert.equal(s.price_min, undefined, text);
    }
    assert.deepEqual([lex("more than 30 dollars").price_min, lex("over $30").price_min], [30, 30]);
    assert.equal(lex("black, 10, my budget's 90 dollars max").price_max, 90);
    assert.equal(lex("50 bucks tops").price_max, 50);
    // Blind round 58: Hindi "tak" (up to), amounts in words, a currency after "for".
    assert.equal(lex("black sports shoes, 3k tak ka budget hai").price_max, 3000);
    assert.equal(lex("a wallet under a thousand bucks").price_max, 1000);
    assert.equal(lex("a watch under two thousand").price_max, 2000);
    assert.equal(lex("a shirt for Rs. 999").price_max, 999);
    assert.equal(lex("a shirt for my brother").price_max, undefined);
    assert.deepEqual([lex("sneakers starting at $50").price_min, lex("sneakers starting at $50").price_max], [50, undefined], "a floor, not a price to pay");
    assert.equal(lex("black shirt for $20 or more").price_max, undefined);
    assert.equal(lex("she's petite so small should fit").size, "S", "'so' says why, not how it fits");
    assert.equal(lex("a cap, twenty-five dollars tops").quantity, undefined, "a number before a money word is no count of tops");
    assert.equal(lex("two tops under twenty dollars").quantity, 2);
    assert.equal(lex("my husband, he's 32 waist, needs jeans").quantity, undefined, "a measure is no count");
    assert.equal(lex("football shoes for practice").product_type, "Sports Shoes", "shoes named for a sport are sports shoes");
    assert.equal(lex("black shoes").product_type, "Casual Shoes");
    // Blind round 46: a type named by two things answers to each.
    assert.equal(lex("kajal pls, black, lakme").product_type, "Kajal and Eyeliner");
    assert.equal(lex("blue eyeliner for a party look").product_type, "Kajal and Eyeliner");
    assert.equal(lex("a good face wash for oily skin").product_type, "Face Wash and Cleanser");
    assert.equal(lex("salwar in white").product_type, "Salwar", "a word that is a type of its own keeps it");
    // Blind round 52.
    assert.equal(lex("I need flat shoes in gold").product_type, "Flats", "flat shoes are flats, not the head word's casual shoes");
    assert.equal(lex("anything but Nike, their sizes run small on me").size, undefined, "how a brand fits is no size");
    assert.equal(lex("it's a bit large on me").size, undefined);
    assert.equal(lex("too small, show me large").size, "L");
    assert.equal(lex("do you have it in small?").size, "S");
  });

  it("reads 'around 50 dollars' as a band around it, and 'I'll take 2' as a count", () => {
    assert.deepEqual(lex("a handbag around 50 dollars"), { product_type: "Handbags", price_min: 40, price_max: 60 });
    assert.equal(lex("great, I'll take 2").quantity, 2);
    assert.equal(lex("make it three").quantity, 3);
    assert.equal(lex("make it 9").quantity, undefined, "a bare 9 is a shoe size");
    assert.equal(lex("hmm actually just one for me for now, size L").quantity, 1);
    assert.equal(lex("is there only one left?").quantity, undefined);
  });

  it("tolerates one typo in longer words", () => {
    assert.deepEqual(lex("Do you have any jeens from levis?"), { product_type: "Jeans", brand: "Levis" });
    assert.deepEqual(lex("sunglases for summer"), { product_type: "Sunglasses", season: "Summer" });
    assert.equal(lex("the last watch you sold me stopped working").color, undefined, "'sold' is not a slip of 'gold'");
    assert.deepEqual(lex("nvy blue shrt size m"), { color: "Navy Blue", product_type: "Shirts", size: "M" });
  });

  it("takes bare answers to its questions", () => {
    assert.deepEqual(lex("M"), { size: "M" });
    assert.deepEqual(lex("9"), { size: "9" });
    assert.deepEqual(lex("In size XL"), { size: "XL" });
    assert.deepEqual(lex("Yellow"), { color: "Yellow" });
    assert.equal(lex("what sizes does it come in?").size, undefined, "'sizes' is not size S");
  });

  it("ignores negated mentions and words that only look like entities", () => {
    assert.deepEqual(lex("not red"), {});
    assert.deepEqual(lex("hi there"), {});
    assert.deepEqual(lex("where is my order?"), {});
    assert.equal(lex("a large selection of watches").size, undefined);
    assert.equal(lex("I'm looking for a denim jacket").brand, undefined);
  });
});

describe("details that do not matter", () => {
  it("are read from named details or as the answer to the pending question", () => {
    assert.deepEqual(dontCareKeys("any colour is fine", "size"), ["color"]);
    assert.deepEqual(dontCareKeys("doesn't matter", "brand"), ["brand"]);
    assert.deepEqual(dontCareKeys("I don't mind, really", "color"), ["color"]);
    assert.deepEqual(dontCareKeys("blue please", "color"), []);
    assert.deepEqual(dontCareKeys("doesn't matter", null), []);
    // Blind round 40: a budget or a detail dropped mid-search, in the shopper's words.
    assert.deepEqual(dontCareKeys("actually forget the budget, id rather get something decent", "size"), ["price_max"]);
    assert.deepEqual(dontCareKeys("actually the colour doesnt matter much", null), ["color"]);
    assert.deepEqual(dontCareKeys("price is no issue", null), ["price_max"]);
    assert.deepEqual(dontCareKeys("never mind the brand", null), ["brand"]);
    assert.deepEqual(dontCareKeys("don't forget the receipt", null), []);
    assert.deepEqual(dontCareKeys("what's the price?", null), []);
  });
  it("a product word before another describes it", () => {
    assert.deepEqual(lex("I'm looking for a denim jacket in size S"), { product_type: "Jackets", size: "S", features: ["denim"] });
  });
});

describe("a product type named by a word of its own", () => {
  it("takes a word only one type's name has, and nothing ambiguous", () => {
    assert.equal(typeFromNameWord("casual ones", vocab.productTypes), "Casual Shoes");
    assert.equal(typeFromNameWord("formal please", vocab.productTypes), "Formal Shoes");
    assert.equal(typeFromNameWord("shoes", vocab.productTypes), undefined, "many types are shoes");
    assert.equal(typeFromNameWord("sports ones", vocab.productTypes), undefined, "sports shoes or sports sandals");
    assert.equal(typeFromNameWord("not sure yet", vocab.productTypes), undefined);
  });
});
