import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { fillPlaceholders, offeredValues } from "../models/runtime/placeholders.js";
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
