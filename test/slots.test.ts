import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { RetrievalInputError } from "../retrieval/errors.js";
import { applicableSteps, buildFilter } from "../retrieval/query.js";
import { normalizeSlots } from "../retrieval/slots.js";
import { typoDistance, typoLookup } from "../retrieval/catalog/text.js";
import { vocabulary } from "./helpers/catalog.js";

const norm = (input: unknown) => normalizeSlots(input, vocabulary);
const rejects = (input: unknown, code: RetrievalInputError["code"]) =>
  assert.throws(() => norm(input), (e: unknown) => e instanceof RetrievalInputError && e.code === code);

describe("slot normalization to catalog vocabulary", () => {
  const cases: [Record<string, unknown>, Record<string, unknown>][] = [
    [{ product_type: "tee" }, { product_type: "Tshirts" }],
    [{ product_type: "T-Shirt" }, { product_type: "Tshirts" }],
    [{ product_type: "sneakers" }, { product_type: "Casual Shoes" }],
    [{ product_type: "kicks" }, { product_type: "Casual Shoes" }],
    [{ product_type: "trainers" }, { product_type: "Sports Shoes" }],
    // Blind round 42 (shoppers' own words): Australian and British slang.
    [{ product_type: "trackies" }, { product_type: "Track Pants" }],
    [{ product_type: "sunnies" }, { product_type: "Sunglasses" }],
    [{ product_type: "specs for the sun" }, { product_type: "Sunglasses" }],
    [{ product_type: "thongs" }, { product_type: "Flip Flops" }],
    [{ product_type: "beanie" }, { product_type: "Caps" }],
    [{ gender: "bloke" }, { gender: "Men" }],
    [{ product_type: "shirt" }, { product_type: "Shirts" }],
    [{ product_type: "HANDBAG" }, { product_type: "Handbags" }],
    [{ product_type: "jeans" }, { product_type: "Jeans" }],
    [{ color: "navy" }, { color: "Navy Blue" }],
    [{ color: "gray" }, { color: "Grey" }],
    [{ color: "navy blue" }, { color: "Navy Blue" }],
    [{ gender: "ladies" }, { gender: "Women" }],
    [{ gender: "male" }, { gender: "Men" }],
    [{ size: "extra large" }, { size: "XL" }],
    [{ size: "medium" }, { size: "M" }],
    [{ size: "9" }, { size: "9" }],
    [{ size: "free size" }, { size: "Free Size" }],
    [{ usage: "office" }, { usage: "Formal" }],
    [{ season: "autumn" }, { season: "Fall" }],
    [{ brand: "benetton" }, { brand: "United Colors of Benetton" }],
    [{ brand: "us polo assn" }, { brand: "U.S. Polo Assn." }],
    [{ brand: "us polo" }, { brand: "U.S. Polo Assn." }],
    [{ brand: "u.s. polo" }, { brand: "U.S. Polo Assn." }],
    [{ brand: "peter england" }, { brand: "Peter England" }],
    [{ price_max: "$60" }, { price_max: 60 }],
    [{ price_min: 20, price_max: "45.5" }, { price_min: 20, price_max: 45.5 }],
    [{ quantity: "2" }, { quantity: 2 }],
    [{ features: "Stripes, Round-Neck" }, { features: ["striped", "round neck"] }],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => assert.deepEqual(norm(input), expected));
  }

  it("tolerates small typos in closed vocabularies", () => {
    assert.equal(norm({ product_type: "sneekers" }).product_type, "Casual Shoes");
    assert.equal(norm({ color: "maroom" }).color, "Maroon");
    assert.equal(norm({ product_type: "jaket" }).product_type, "Jackets");
  });

  it("keeps an unknown brand as given (it will match nothing rather than something else)", () => {
    assert.equal(norm({ brand: "Acme Unknown" }).brand, "Acme Unknown");
  });
});

describe("bad slot input gets a typed error", () => {
  it("unknown keys", () => rejects({ product_type: "Shirts", colour: "red" }, "invalid_slots"));
  it("wrong types", () => {
    rejects({ color: ["red"] }, "invalid_slots");
    rejects({ price_max: { $lt: 5 } }, "invalid_slots");
    rejects({ price_max: "cheap" }, "invalid_slots");
    rejects({ quantity: 2.5 }, "invalid_slots");
    rejects({ quantity: 0 }, "invalid_slots");
    rejects({ price_min: -1 }, "invalid_slots");
    rejects({ price_max: Number.POSITIVE_INFINITY }, "invalid_slots");
    rejects("product_type=Shirts", "invalid_slots");
    rejects(null, "invalid_slots");
    rejects([], "invalid_slots");
  });
  it("operator objects as values", () => {
    rejects({ brand: { $gt: "" } }, "invalid_slots");
    rejects({ product_type: { $ne: null } }, "invalid_slots");
    rejects({ $where: "1" }, "invalid_slots");
  });
  it("empty slots", () => {
    rejects({}, "empty_slots");
    rejects({ features: "" }, "invalid_slots");
    rejects({ features: " , ," }, "empty_slots");
    rejects({ color: "   " }, "invalid_slots");
  });
  it("100 kB values", () => {
    const huge = "a".repeat(100_000);
    for (const key of ["product_type", "color", "brand", "size", "features", "price_max"]) rejects({ [key]: huge }, "invalid_slots");
  });
  it("values outside a closed vocabulary, with suggestions", () => {
    assert.throws(
      () => norm({ product_type: "spaceship" }),
      (e: unknown) => e instanceof RetrievalInputError && e.code === "unknown_value" && (e.issues[0]?.suggestions?.length ?? 0) > 0,
    );
    rejects({ color: "$gt" }, "unknown_value");
    rejects({ size: ".*" }, "unknown_value");
  });
  it("a price range that is upside down", () => rejects({ price_min: 50, price_max: 10 }, "invalid_slots"));
});

describe("relaxation order", () => {
  const slots = { product_type: "Casual Shoes", brand: "Puma", color: "Brown", size: "9", price_max: 40 };
  it("lets go of the least important detail first", () => {
    assert.deepEqual(applicableSteps(slots).map((r) => r.step), ["size", "brand", "color", "price"]);
  });
  it("gives up what the shopper named this turn last ('what about puma?', blind round 26)", () => {
    assert.deepEqual(applicableSteps(slots, ["brand"]).map((r) => r.step), ["size", "color", "price", "brand"]);
    assert.deepEqual(applicableSteps(slots, ["price_max", "brand"]).map((r) => r.step), ["size", "color", "brand", "price"]);
    assert.deepEqual(applicableSteps(slots, ["gender"]).map((r) => r.step), ["size", "brand", "color", "price"], "a key without a step changes nothing");
  });
});

describe("query documents never carry operators from user text", () => {
  /** Every operator key in a query document. */
  const operators = (v: unknown, out = new Set<string>()): Set<string> => {
    if (Array.isArray(v)) v.forEach((x) => operators(x, out));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k.startsWith("$")) out.add(k);
        operators(x, out);
      }
    }
    return out;
  };
  const allowed = new Set(["$and", "$in", "$gte", "$lte"]);
  const hostile = ['{"$gt": ""}', ".*", "$where", "^a|b$", "x'; drop", "$ne", "\\", "a.b", "$regex", "(?i)nike"];

  it("brand and feature strings stay equality values", () => {
    for (const h of hostile) {
      const slots = norm({ product_type: "Shirts", brand: h, features: [h] });
      const filter = buildFilter(slots);
      for (const op of operators(filter)) assert.ok(allowed.has(op), `${h}: ${op}`);
      assert.ok(!JSON.stringify(filter).includes("$regex"));
    }
  });

  it("the size path comes from the vocabulary only", () => {
    const filter = JSON.stringify(buildFilter(norm({ product_type: "Shirts", size: "medium" })));
    assert.ok(filter.includes(`"stock.M"`));
  });
});

describe("typing slips", () => {
  it("count a swap of neighbouring letters as one edit, as a thumb makes it", () => {
    assert.equal(typoDistance("nkie", "nike"), 1);
    assert.equal(typoDistance("jeasn", "jeans"), 1);
    assert.equal(typoDistance("whte", "white"), 1);
    assert.equal(typoDistance("kitten", "sitting"), 3);
    assert.equal(typoDistance("same", "same"), 0);
    assert.equal(typoDistance("abcdef", "uvwxyz", 2), 3, "stops past the limit");
  });

  it("bring a misspelt brand or type to the catalog's spelling, and leave short or ambiguous words alone", () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ brand: "nkie" }, { brand: "Nike" }],
      [{ brand: "rebok" }, { brand: "Reebok" }],
      [{ brand: "fastrak" }, { brand: "Fastrack" }],
      [{ product_type: "jeasn" }, { product_type: "Jeans" }],
      [{ color: "blcak" }, { color: "Black" }],
    ];
    for (const [input, want] of cases) assert.deepEqual(norm(input), want, JSON.stringify(input));
    // Counter-examples: three letters carry no slip ("nik" is not Nike: an unknown brand is kept as typed); a
    // word as near to two values names neither.
    assert.deepEqual(norm({ brand: "nik" }), { brand: "nik" });
    // A near name that is another brand is not a slip: these stay as typed (and find nothing, rather than the wrong brand).
    for (const brand of ["garnier", "sparx", "bose"]) assert.deepEqual(norm({ brand }), { brand }, brand);
    assert.equal(typoLookup(new Map([["cart", "A"], ["card", "B"]]), "carx"), undefined);
  });
});
