/** The structured task agrees with the slots, or is written from them (pure logic). */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { readableSizes, sizeLabel, taskAgrees, taskFromSlots, typeNoun } from "../graph/task.js";
import { translatorTurns } from "../nodes/contextTranslation.js";

describe("structured task", () => {
  it("is written from the slots in the context translator's canonical form", () => {
    assert.equal(taskFromSlots({ product_type: "Shirts", color: "Yellow", brand: "ADIDAS", size: "XL" }, false), "Find a yellow ADIDAS XL shirt.");
    assert.equal(taskFromSlots({ product_type: "Casual Shoes", gender: "Men", price_max: 50, quantity: 2 }, true), "Buy 2 casual shoes for men under $50.");
  });
  it("accepts a translation that names every shaping slot and rejects one that drops or contradicts one", () => {
    const slots = { product_type: "Shirts", color: "Yellow", brand: "ADIDAS", size: "XL" };
    assert.ok(taskAgrees("Find a yellow Adidas XL shirt.", slots));
    assert.ok(!taskAgrees("Find a black L t-shirt.", slots));
    assert.ok(!taskAgrees("Find a yellow Adidas shirt.", slots));
    assert.ok(!taskAgrees("", {}));
  });
  it("rejects a translation that adds a colour, brand, gender or price the slots do not hold", () => {
    const known = { colors: ["Black", "Blue", "Navy Blue", "Yellow"], brands: ["ADIDAS", "Nike", "Puma"] };
    const slots = { product_type: "Shirts", color: "Navy Blue", brand: "ADIDAS" };
    assert.ok(taskAgrees("Find a navy blue ADIDAS shirt.", slots, known), "the slot's own colour contains another colour's name");
    assert.ok(!taskAgrees("Find a navy blue ADIDAS Nike shirt.", slots, known));
    assert.ok(!taskAgrees("Find a black navy blue ADIDAS shirt.", slots, known));
    assert.ok(!taskAgrees("Find a navy blue ADIDAS shirt.", { ...slots, gender: "Women" }, known));
    assert.ok(taskAgrees("Find a navy blue ADIDAS shirt for women under $40.", { ...slots, gender: "Women", price_max: 40 }, known));
    assert.ok(!taskAgrees("Find a navy blue ADIDAS shirt for women under $45.", { ...slots, gender: "Women", price_max: 40 }, known));
    // A brand is told by its catalog spelling: "AND" the brand is not the word "and".
    assert.ok(taskAgrees("Find a white XL shirt between $30 and $50.", { product_type: "Shirts", color: "White", size: "XL", price_min: 30, price_max: 50 }, { colors: ["White"], brands: ["AND"] }));
    assert.ok(!taskAgrees("Find a white AND XL shirt.", { product_type: "Shirts", color: "White", size: "XL" }, { colors: ["White"], brands: ["AND"] }));
    // A name no catalog holds is a brand the translator made up.
    assert.ok(!taskAgrees("Find a grey melange Guka lohio ankle socks for men.", { product_type: "Socks", color: "Grey", gender: "Men" }, known));
    assert.ok(taskAgrees("Find a grey M socks for men.", { product_type: "Socks", color: "Grey", gender: "Men", size: "M" }, known));
    // Nor a price it made up (blind round 42: "how much r they" translated to "... between $summer.").
    const shades = { product_type: "Sunglasses", color: "Brown", gender: "Men" };
    assert.ok(!taskAgrees("Find a brown sunglasses for men between $summer.", shades, known));
    assert.ok(!taskAgrees("Find a brown sunglasses for men under $50.", shades, known));
    assert.ok(taskAgrees("Find a brown sunglasses for men under $50.", { ...shades, price_max: 50 }, known));
    assert.ok(taskAgrees("Find a brown sunglasses for men under $49.99.", { ...shades, price_max: 49.99 }, known));
    // Nor a count (blind round 43: "watches under 2 dollars" translated to "Find 2 watch ... under $2.").
    const watches = { product_type: "Watches", gender: "Men", price_max: 2 };
    assert.ok(!taskAgrees("Find 2 watch for men under $2.", watches, known));
    assert.ok(taskAgrees("Find a watch for men under $2.", watches, known));
    assert.ok(taskAgrees("Find 2 watch for men under $2.", { ...watches, quantity: 2 }, known));
    // No word the slots do not hold (blind round 66: "19 intense mufflers" for "a warm muffler").
    assert.ok(!taskAgrees("Find a intense muffler for men.", { product_type: "Mufflers", gender: "Men" }, known));
    // Nor a word twice in a row (blind round 71: "11 red Lakme matte matte lipstick").
    const lipstick = { product_type: "Lipstick", color: "Red", brand: "Lakme", features: ["matte"] };
    assert.ok(!taskAgrees("Find a red Lakme matte matte lipstick.", lipstick, { colors: [], brands: ["Lakme"] }));
    assert.ok(taskAgrees("Find a red Lakme matte lipstick.", lipstick, { colors: [], brands: ["Lakme"] }));
    assert.ok(taskAgrees("Find a leather Woodland wallet for men.", { product_type: "Wallets", gender: "Men", brand: "Woodland", features: ["leather"] }, { colors: [], brands: ["Woodland"] }));
    assert.ok(taskAgrees("Find a black formal shoes for men.", { product_type: "Formal Shoes", gender: "Men", color: "Black" }, known));
  });
});

describe("product words in replies", () => {
  it("name one article the way people do", () => {
    assert.deepEqual(["Watches", "Dresses", "Tshirts", "Casual Shoes", "Jackets", "Kurtas"].map(typeNoun), ["watch", "dress", "t-shirt", "casual shoes", "jacket", "kurta"]);
    assert.deepEqual(["Lip Gloss", "Nightdress", "Scarves", "Shoe Accessories", "Tights"].map(typeNoun), ["lip gloss", "nightdress", "scarf", "shoe accessory", "tights"]);
  });
  it("say 'one size' for the catalog's Free Size", () => {
    assert.equal(sizeLabel("M"), "size M");
    assert.equal(sizeLabel("Free Size"), "one size");
    assert.equal(readableSizes("The black watch in size Free Size is $57.99 (size Free Size)."), "The black watch in one size is $57.99 (one size).");
  });
});

describe("the context translator's input", () => {
  it("keeps the shopper's turns and only the detail questions of the agent's", () => {
    const turns = translatorTurns(
      [
        { speaker: "User", text: "looking for a navy blue shirt by Turtle" },
        { speaker: "Bot", text: "Here are some to look at, starting with the Turtle Men Check Navy Blue Shirt at $45.99. What size do you need?" },
        { speaker: "User", text: "M" },
        { speaker: "Bot", text: "The Turtle shirt in size M is $45.99. Would you like to buy it?" },
        { speaker: "User", text: "blue" },
      ],
      ["What size do you need?", "What color do you prefer?"],
    );
    assert.deepEqual(turns.map((t) => `${t.speaker}: ${t.text}`), ["User: looking for a navy blue shirt by Turtle", "Bot: What size do you need?", "User: M", "User: blue"]);
  });
});
