import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { agreeInNumber, fillPlaceholders, offeredValues, pluralNoun } from "../models/runtime/placeholders.js";
import { formatSlotText } from "../models/runtime/slotText.js";
import { formatConversation } from "../models/runtime/tasks.js";

describe("slot prompt format", () => {
  it("writes slots in DESIGN.md's key order, features joined by |, none when empty", () => {
    assert.equal(formatSlotText({ size: "S", product_type: "Jackets", features: ["denim", "hooded"] }), "product_type=Jackets, size=S, features=denim|hooded");
    assert.equal(formatSlotText({}), "none");
  });
});

describe("placeholder filling", () => {
  it("uses only the placeholders the prompt offered", () => {
    const values = { "<PRICE>": "$81.99", "<AVAILABLE>": "0", "<COLOR>": "charcoal" } as const;
    const outOfStock = offeredValues(values, { available: "0", color: "<COLOR>" });
    assert.deepEqual(outOfStock, { "<COLOR>": "charcoal" });
    assert.equal(fillPlaceholders("Your size is sold out, but we have <AVAILABLE> of the <COLOR> sweater for <PRICE>.", outOfStock), null);
    assert.equal(fillPlaceholders("Sorry, the <COLOR> sweater is currently out of stock.", outOfStock), "Sorry, the charcoal sweater is currently out of stock.");
  });

  it("fills every placeholder from retrieved data", () => {
    assert.equal(
      fillPlaceholders("The denim jacket in size <SIZE> is <PRICE>, and we have <AVAILABLE> in stock.", { "<SIZE>": "S", "<PRICE>": "$45.00", "<AVAILABLE>": "20" }),
      "The denim jacket in size S is $45.00, and we have 20 in stock.",
    );
  });
  it("makes the type agree with the count and the verb", () => {
    assert.equal(agreeInNumber("Yes! We have 10 black backpack available for $108.", "backpack"), "Yes! We have 10 black backpacks available for $108.");
    assert.equal(agreeInNumber("We have 23 watch available for $38.99.", "watch"), "We have 23 watches available for $38.99.");
    assert.equal(agreeInNumber("Yes! We have 1 brown belt available for $49.", "belt"), "Yes! We have 1 brown belt available for $49.");
    assert.equal(agreeInNumber("We have 4 of the brown clutch for $37.", "clutch"), "We have 4 of the brown clutch for $37.", "a count of the offer, not of the type");
    assert.equal(agreeInNumber("The kurta in size 40 kurta style is $20.", "kurta"), "The kurta in size 40 kurta style is $20.", "a size is no count");
    assert.equal(agreeInNumber("Good news: the black Nike sports shoes in size 9 is in stock (4 available) at $60.", "sports shoes"), "Good news: the black Nike sports shoes in size 9 are in stock (4 available) at $60.");
    assert.equal(agreeInNumber("The blue flip flops in size 8 for men is available for $12.", "flip flops"), "The blue flip flops in size 8 for men are available for $12.");
    assert.equal(agreeInNumber("The dress is $60.", "dress"), "The dress is $60.");
    assert.equal(agreeInNumber("The Jealous 21 Women Purple Shirt is $30; we have 4 shirt left.", "shirt", "Jealous 21 Women Purple Shirt"), "The Jealous 21 Women Purple Shirt is $30; we have 4 shirts left.", "the product's own name stays");
    assert.deepEqual(["sunglasses", "clutch", "mobile pouch", "saree", "socks", "t-shirt", "dress", "lip gloss", "scarf", "swimwear"].map(pluralNoun), ["sunglasses", "clutches", "mobile pouches", "sarees", "socks", "t-shirts", "dresses", "lip glosses", "scarves", "swimwear"]);
  });
  it("refuses a reply with a placeholder the data cannot fill", () => {
    assert.equal(fillPlaceholders("Only <AVAILABLE> left at <PRICE>.", { "<PRICE>": "$9.99" }), null);
    assert.equal(fillPlaceholders("We have <SOMETHING_ELSE>.", { "<PRICE>": "$9.99" }), null);
  });
});

describe("conversation format", () => {
  it("joins turns as the models were trained", () => {
    assert.equal(
      formatConversation([{ speaker: "User", text: "I want a  shirt\n" }, { speaker: "Bot", text: "What size?" }]),
      "User: I want a shirt | Bot: What size?",
    );
  });
});
