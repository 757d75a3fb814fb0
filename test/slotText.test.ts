import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fillPlaceholders } from "../models/runtime/placeholders.js";
import { formatSlotText, parseSlotText } from "../models/runtime/slotText.js";
import { formatConversation } from "../models/runtime/tasks.js";
import { vocabulary } from "./helpers/catalog.js";

describe("slot model output parsing", () => {
  const parse = (t: string) => parseSlotText(t, vocabulary);

  it("reads key=value pairs into catalog vocabulary", () => {
    assert.deepEqual(parse("product_type=Tshirts, color=Navy Blue, size=M, brand=ADIDAS, price_max=60, features=polo|striped").slots, {
      product_type: "Tshirts", color: "Navy Blue", size: "M", brand: "ADIDAS", price_max: 60, features: ["polo", "striped"],
    });
  });
  it("normalizes near misses the model may emit", () => {
    assert.deepEqual(parse("product_type=tshirt, color=navy, size=medium, gender=women").slots, {
      product_type: "Tshirts", color: "Navy Blue", size: "M", gender: "Women",
    });
  });
  it("turns 'any' into a don't-care, and 'none' into nothing", () => {
    assert.deepEqual(parse("color=any, size=L"), { slots: { size: "L" }, dontCare: ["color"], dropped: [] });
    assert.deepEqual(parse("none"), { slots: {}, dontCare: [], dropped: [] });
  });
  it("drops what it does not understand instead of passing it on", () => {
    const r = parse("product_type=spaceship, colour=red, quantity=2.5, price_max=$40, garbage");
    assert.deepEqual(r.slots, { price_max: 40 });
    assert.equal(r.dropped.length, 4); // spaceship, colour, 2.5 and garbage
  });
  it("round-trips through the prompt format", () => {
    const slots = { product_type: "Jackets", size: "S", features: ["denim"] };
    assert.equal(formatSlotText(slots), "product_type=Jackets, size=S, features=denim");
    assert.deepEqual(parse(formatSlotText(slots)).slots, slots);
  });
});

describe("placeholder filling", () => {
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
