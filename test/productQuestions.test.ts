/** Questions about the offered product, answered from its data (pure logic). */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { cheaperThan } from "../graph/alternatives.js";
import { productAnswer as answerProductQuestion, replies } from "../graph/replies.js";
import { policyAsked, productQuestion, wantsCheaper } from "../nlu/phrasings.js";
import type { ShownProduct } from "../graph/state.js";

const shoe: ShownProduct = {
  id: 7, name: "Puma Women Ikonis Pink Sports Shoes", brand: "Puma", articleType: "Sports Shoes", baseColour: "Pink", gender: "Women",
  usage: "Sports", season: "Summer", price: 72.99, sizes: ["5", "6", "7"], stock: { "5": 0, "6": 17, "7": 2 }, matchedFeatures: [],
};
const watch: ShownProduct = { ...shoe, id: 8, name: "Casio Edifice Watch", articleType: "Watches", sizes: ["Free Size"], stock: { "Free Size": 3 } };

describe("questions about the offered product", () => {
  it("are told apart from other messages", () => {
    assert.equal(productQuestion("what sizes does it come in?"), "sizes");
    assert.equal(productQuestion("Which sizes do you have?"), "sizes");
    assert.equal(productQuestion("how much is it?"), "price");
    assert.equal(productQuestion("is it still available?"), "stock");
    // Blind round 18: a count asked of the offer is a stock question, not a new search.
    assert.equal(productQuestion("do you have 4 of these in M?"), "stock");
    assert.equal(productQuestion("got two more of those?"), "stock");
    assert.equal(productQuestion("I have 4 kids"), null);
    assert.equal(productQuestion("what is it made of?"), "details");
    for (const text of ["size 6 please", "yes", "I want a pink one", "how are you?"]) assert.equal(productQuestion(text), null, text);
    // Blind round 45: the colours of the range on offer, not the offered product's details or another colour.
    assert.equal(productQuestion("what colours do you have?"), "colours");
    assert.equal(productQuestion("what colour is it?"), null);
    assert.equal(productQuestion("does it come in other colors?"), null);
  });
  it("the range's colours are listed, most products first, and many summed up", () => {
    assert.equal(replies.rangeColours("blazers for men in size L", ["Black", "Navy Blue", "Olive"]), "The blazers for men in size L come in black, navy blue and olive.");
    assert.equal(replies.rangeColours("ties", ["Red"]), "The ties come in red.");
    const many = ["Black", "Blue", "Grey", "White", "Red", "Green", "Brown", "Navy Blue", "Pink", "Olive"];
    assert.equal(replies.rangeColours("shirts", many), "The shirts come in black, blue, grey, white, red, green, brown, navy blue and 2 more.");
  });
  it("are answered from the product's own data", () => {
    assert.equal(answerProductQuestion("sizes", shoe), "The Puma Women Ikonis Pink Sports Shoes is in stock in sizes 6, 7 (sold out in 5).");
    assert.equal(answerProductQuestion("sizes", watch), "The Casio Edifice Watch comes in one size.");
    assert.equal(answerProductQuestion("price", shoe), "The Puma Women Ikonis Pink Sports Shoes is $72.99.");
    assert.equal(answerProductQuestion("stock", shoe), "We have 19 of the Puma Women Ikonis Pink Sports Shoes in stock: 17 in size 6, 2 in size 7.");
    assert.match(answerProductQuestion("details", shoe), /a pink sports shoes by Puma for women, from the summer collection, at \$72\.99/);
    assert.equal(answerProductQuestion("stock", { ...shoe, stock: { "5": 0, "6": 0, "7": 0 } }), "The Puma Women Ikonis Pink Sports Shoes is sold out right now.");
  });
});

describe("asking for something cheaper", () => {
  it("is heard in its usual phrasings and sets a ceiling just under the last offer", () => {
    for (const text of ["anything cheaper?", "that's a bit pricey", "too expensive for me", "something more affordable"]) assert.ok(wantsCheaper(text), text);
    assert.ok(!wantsCheaper("the price is fine"));
    assert.equal(cheaperThan(87.99), 87.98);
    assert.equal(cheaperThan(0), 0);
  });
});

describe("shop policies", () => {
  it("are told apart: payment before delivery, nothing for other questions", () => {
    assert.equal(policyAsked("do you take paypal?"), "payment");
    assert.equal(policyAsked("can I pay cash on delivery?"), "payment");
    assert.equal(policyAsked("how long does delivery take to Pune?"), "delivery");
    assert.equal(policyAsked("do you ship to canada?"), "delivery");
    assert.equal(policyAsked("what can you do?"), null);
  });
});
