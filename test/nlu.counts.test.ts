// Counts in bulk and group orders (nlu/counts.ts): people counted are no quantity, size or price;
// the people a request is for are; a number the words call the count, or one before the product's name, is.
import { describe, expect, it } from "vitest";
import { countsNamedAsSuch, peopleCounts, withPeopleCounted } from "../nlu/counts.js";
import type { ReadEntity } from "../nlu/reading.js";

/** An encoder entity over `said` (its first occurrence in `text`). */
function span(text: string, said: string, key: ReadEntity["key"], value: ReadEntity["value"]): ReadEntity {
  const start = text.indexOf(said);
  if (start < 0) throw new Error(`${said} not in ${text}`);
  return { key, role: "wanted", text: said, start, end: start + said.length, value, confidence: 0.9, source: "model" };
}
/** Types sold in numeric sizes, as the catalog's vocabulary lists them (pure-logic stand-in). */
const FOOTWEAR = { numericSized: new Set(["Sports Shoes", "Casual Shoes", "Formal Shoes", "Flip Flops"]) };
const quantityOf = (es: readonly ReadEntity[]) => es.find((e) => e.key === "quantity")?.value;

describe("people counts", () => {
  it("finds counts of people, relative ones and recipients", () => {
    expect(peopleCounts("two more lads joined the squad")).toMatchObject([{ n: 2, relative: true, recipients: false }]);
    expect(peopleCounts("caps for around 15 kids?")).toMatchObject([{ n: 15, relative: false, recipients: true }]);
    expect(peopleCounts("8 dost, sabke liye black flip flops")).toMatchObject([{ n: 8, recipients: true }]);
    expect(peopleCounts("jerseys for a team of 11")).toMatchObject([{ n: 11, recipients: true }]);
    expect(peopleCounts("my two brothers")).toMatchObject([{ n: 2, recipients: false }]);
    expect(peopleCounts("2 black tshirts size M")).toEqual([]);
  });

  it("keeps a people count out of the quantity, size and price", () => {
    const text = "need 4 white kurtas for me, my dad and my two brothers";
    const es = withPeopleCounted(text, [span(text, "4", "quantity", 4), span(text, "kurtas", "product_type", "Kurtas"), span(text, "two", "quantity", 2)]);
    expect(quantityOf(es)).toBe(4);
    const dost = "goa trip pe 8 dost, sabke liye black flip flops chahiye";
    const read = withPeopleCounted(dost, [span(dost, "8", "size", "8"), span(dost, "flip flops", "product_type", "Flip Flops")]);
    expect(read.some((e) => e.key === "size")).toBe(false);
    expect(quantityOf(read)).toBe(8);
  });

  it("makes the recipients the quantity only when a product is named and no count is said", () => {
    const text = "maybe caps for around 15 kids?";
    expect(quantityOf(withPeopleCounted(text, [span(text, "caps", "product_type", "Caps"), span(text, "15", "price_max", 15)]))).toBe(15);
    expect(quantityOf(withPeopleCounted(text, [span(text, "15", "price_max", 15)]))).toBeUndefined();
    const relative = "make it 14 actually, two more lads joined";
    expect(quantityOf(withPeopleCounted(relative, [span(relative, "two", "quantity", 2)]))).toBeUndefined();
  });

  it("leaves a number before a people word that names the product's range", () => {
    const text = "2 boys tshirts";
    expect(quantityOf(withPeopleCounted(text, [span(text, "2", "quantity", 2), span(text, "tshirts", "product_type", "Tshirts")]))).toBe(2);
  });
});

describe("people counts: what is no people count", () => {
  it("reads number words whole, keeps sizes, and needs the words for everyone next to the people", () => {
    expect(peopleCounts("caps for twenty five kids")).toMatchObject([{ n: 25, recipients: true }]);
    expect(peopleCounts("need laptop bags for 12 new joiners")).toMatchObject([{ n: 12, recipients: true }]);
    expect(peopleCounts("jerseys for our 11 players")).toMatchObject([{ n: 11, recipients: true }]);
    expect(peopleCounts("size 13 kids, sandals for my daughter")).toEqual([]);
    expect(peopleCounts("i have 3 kids, and i want one watch for all of us")).toMatchObject([{ n: 3, recipients: false }]);
  });
});

describe("counts named as such", () => {
  it("reads the count the words name", () => {
    const text = "Could you reduce the count to 25 please";
    expect(quantityOf(countsNamedAsSuch(text, [span(text, "25", "price_max", 25)], FOOTWEAR))).toBe(25);
    const max = "ok make it 30 max";
    expect(quantityOf(countsNamedAsSuch(max, [span(max, "30", "price_max", 30)], FOOTWEAR))).toBeUndefined();
    const made = "make it 14 actually";
    expect(quantityOf(countsNamedAsSuch(made, [span(made, "14", "size", null)], FOOTWEAR))).toBe(14);
  });

  it("keeps 'make it 9' a size unless people are added", () => {
    const text = "make it 9";
    expect(quantityOf(countsNamedAsSuch(text, [span(text, "9", "size", "9")], FOOTWEAR))).toBeUndefined();
    const more = "wait, make it 8 - two more cousins are coming";
    expect(quantityOf(countsNamedAsSuch(more, [span(more, "8", "size", "8")], FOOTWEAR))).toBe(8);
  });

  it("reads a number before a plural product name as its count, not after a size or money word", () => {
    const text = "sangeet ke liye 6 golden clutches chahiye";
    expect(quantityOf(countsNamedAsSuch(text, [span(text, "6", "size", "6"), span(text, "clutches", "product_type", "Clutches")], FOOTWEAR))).toBe(6);
    const caps = "i want 150 black caps";
    expect(quantityOf(countsNamedAsSuch(caps, [span(caps, "150", "price_max", 150), span(caps, "caps", "product_type", "Caps")], FOOTWEAR))).toBe(150);
    const sized = "size 9 sports shoes";
    expect(quantityOf(countsNamedAsSuch(sized, [span(sized, "9", "size", "9"), span(sized, "sports shoes", "product_type", "Sports Shoes")], FOOTWEAR))).toBeUndefined();
    const budget = "under 150 black caps";
    expect(quantityOf(countsNamedAsSuch(budget, [span(budget, "150", "price_max", 150), span(budget, "caps", "product_type", "Caps")], FOOTWEAR))).toBeUndefined();
    const shoes = "he's a 10, need brown formal shoes";
    expect(quantityOf(countsNamedAsSuch(shoes, [span(shoes, "10", "size", "10"), span(shoes, "formal shoes", "product_type", "Formal Shoes")], FOOTWEAR))).toBeUndefined();
    const waist = "i need 32 slim fit jeans";
    expect(quantityOf(countsNamedAsSuch(waist, [span(waist, "32", "size", null), span(waist, "jeans", "product_type", "Jeans")], FOOTWEAR))).toBeUndefined();
    const budget2 = "my budget is 50, any black caps";
    expect(quantityOf(countsNamedAsSuch(budget2, [span(budget2, "50", "price_max", 50), span(budget2, "caps", "product_type", "Caps")], FOOTWEAR))).toBeUndefined();
    const money = "150 dollars black caps";
    expect(quantityOf(countsNamedAsSuch(money, [span(money, "150", "price_max", 150), span(money, "caps", "product_type", "Caps")], FOOTWEAR))).toBeUndefined();
  });
});
