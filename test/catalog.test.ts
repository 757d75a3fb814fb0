import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { extractBrand, learnBrands } from "../retrieval/catalog/brands.js";
import { APPAREL_SIZES, FOOTWEAR_SIZES, FREE_SIZE, synthesizeCommerce } from "../retrieval/catalog/commerce.js";
import { CatalogFormatError, parseCatalogCsv } from "../retrieval/catalog/csv.js";
import { catalog } from "./helpers/catalog.js";

const byId = new Map(catalog.products.map((p) => [p.id, p]));

describe("catalog CSV", () => {
  it("reads all 44,446 real products with unique ids", () => {
    assert.equal(catalog.products.length, 44_446);
    assert.equal(byId.size, 44_446);
  });

  it("joins the commas of the 22 malformed rows back into the name", () => {
    const withComma = catalog.products.filter((p) => p.name.includes(","));
    assert.equal(withComma.length, 22);
    assert.equal(byId.get(44065)?.name, "Boss Men Perfume, After Shave Balm and Shower Gel Set");
    assert.equal(byId.get(4854)?.name, "Newfeel Unisex White, Blue and Orange Casual Shoes");
    assert.equal(byId.get(4854)?.articleType, "Casual Shoes");
  });

  it("keeps names with a bare quote", () => {
    assert.ok(catalog.products.some((p) => p.name === `Nike Women's EM Tempo 3.5" Pink Short`));
  });

  it("rejects a file with the wrong header, a short row or a duplicate id, naming the line", () => {
    const header = "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName";
    assert.throws(() => parseCatalogCsv("a,b\n1,2\n"), CatalogFormatError);
    assert.throws(() => parseCatalogCsv(`${header}\n1,Men,Apparel\n`), /line 2/);
    const row = "7,Men,Apparel,Topwear,Shirts,Blue,Summer,2012,Casual,Turtle Men Blue Shirt";
    assert.throws(() => parseCatalogCsv(`${header}\n${row}\n${row}\n`), /line 3: duplicate id 7/);
  });
});

describe("brand extraction learned from names", () => {
  // Real display names from the catalog and the brand a shopper would name.
  const cases: [string, string][] = [
    ["Turtle Check Men Navy Blue Shirt", "Turtle"],
    ["Peter England Men Party Blue Jeans", "Peter England"],
    ["United Colors of Benetton Men Solid Pink Polo T-shirts", "United Colors of Benetton"],
    ["U.S. Polo Assn. Men White & Navy Blue Shirt", "U.S. Polo Assn."],
    ["Manchester United Men Solid Black Track Pants", "Manchester United"],
    ["Jealous 21 Women Purple Shirt", "Jealous 21"],
    ["Ben 10 Boys Navy Blue Slippers", "Ben 10"],
    ["Reid & Taylor Men Check Purple Shirts", "Reid & Taylor"],
    ["Gini and Jony Girls Knit White Top", "Gini and Jony"],
    ["John Players Men Navy Blue Shirt", "John Players"],
    ["Carlton London Women Black & Gold Toned Flats", "Carlton London"],
    ["Rocky S Women White Handbag", "Rocky S"],
    ["French Connection Women Beige Handbag", "French Connection"],
    ["Indigo Nation Men Reversible Bling Pink Shirts", "Indigo Nation"],
    ["Just Natural Unisex Charcoal Rain Jacket", "Just Natural"],
    ["SDL by Sweet Dreams Women Green Printed Night Suit S11-3124", "SDL by Sweet Dreams"],
    ["Urban Yoga Women Blue Skirt With Leggings", "Urban Yoga"],
    ["Classic Polo Men Vulcan White Polo Tshirts", "Classic Polo"],
    ["Giorgio Armani Women Idole Perfume", "Giorgio Armani"],
    ["Spice Art Women Ribbon Embroidery Red Clutch", "Spice Art"],
    ["Numero Uno Men White Casual Shoes", "Numero Uno"],
    ["Louis Philippe Men Grey Sunglasses", "Louis Philippe"],
    ["Mark Taylor Men Striped Blue Shirt", "Mark Taylor"],
    ["Lino Perros Women Weaved  Grey Belt", "Lino Perros"],
    ["Mother Earth Women Magenta Kurta", "Mother Earth"],
    ["Tokyo Talkies Women Navy Slim Fit Jeans", "Tokyo Talkies"],
    ["Pal Zileri Men Casual Gold Frame Sunglasses", "Pal Zileri"],
    ["Forever New Women Stone Cream Jacket", "Forever New"],
    ["Flying Machine Men Check Green Shirts", "Flying Machine"],
    ["Indian Terrain Men Blue T-shirt", "Indian Terrain"],
    ["Van Heusen Unisex Brown Sunglasses", "Van Heusen"],
    ["Red Chief Men Black Shoes", "Red Chief"],
    ["Franco Leone Men Brown Sandals", "Franco Leone"],
    ["Allen Solly Woman Purple Bangle", "Allen Solly"],
    ["Park Avenue Men Black Sunglasses", "Park Avenue"],
    ["Red Tape Men's Black Formal Shoe", "Red Tape"],
    ["Puma Men Grey T-shirt", "Puma"],
    ["Nike Women Black T-shirt", "Nike"],
    ["ADIDAS Men Spry M Black Sandals", "ADIDAS"],
    ["Fastrack Unisex Black Dial Watch 9915PP13", "Fastrack"],
    // Product lines fold into their brand.
    ["Jockey ELANCE Men Bikini White Brief 1005", "Jockey"],
    ["Arrow New York Men Check Navy Blue Slim Fit Shirt", "Arrow"],
    ["CASIO EDIFICE Men Black Dial Chronograph Watch ED60", "CASIO"],
    ["David Beckham Signature Men Deos", "David Beckham"],
    // No gender word: the longest learned brand the name starts with.
    ["Lotus Herbals Neem & Clove Purifying Face Wash", "Lotus Herbals"],
    ["Red Rose Maroon Camisole", "Red Rose"],
    ["Park Avenue Blue Patterned Tie", "Park Avenue"],
  ];
  const lexicon = learnBrands(catalog.products.map((p) => p.name));

  for (const [name, brand] of cases) {
    it(`${name} -> ${brand}`, () => assert.equal(extractBrand(name, lexicon), brand));
  }

  it("ingested documents carry the same brands", () => {
    assert.equal(byId.get(13419)?.brand, "United Colors of Benetton");
    assert.equal(byId.get(59297)?.brand, "U.S. Polo Assn.");
  });

  it("keeps distinct brands that share a first word apart", () => {
    const lee = catalog.products.filter((p) => p.brand === "Lee");
    const leeCooper = catalog.products.filter((p) => p.brand === "Lee Cooper");
    assert.ok(lee.length > 100 && leeCooper.length > 10);
  });
});

describe("features learned from names", () => {
  const featuresOf = (id: number) => byId.get(id)?.features ?? [];
  it("finds pattern and style words", () => {
    assert.ok(featuresOf(15970).includes("check"), "Turtle Check Men Navy Blue Shirt");
    const polo = catalog.products.find((p) => p.name === "Proline Men Grey Striped Polo T-shirt");
    assert.deepEqual(new Set(polo?.features), new Set(["striped polo", "striped", "polo"]));
  });
  it("finds multi-word features", () => {
    for (const phrase of ["round neck", "slim fit", "polka dot", "full coverage"]) {
      assert.ok(catalog.products.some((p) => p.features.includes(phrase)), phrase);
    }
  });
  it("never reads a negated word as a feature: a 'Non Leather' wallet is not leather", () => {
    const nonLeather = catalog.products.filter((p) => /\bnon leather\b/i.test(p.name));
    assert.ok(nonLeather.length >= 10, "the catalog's Non Leather products");
    for (const p of nonLeather) assert.ok(!p.features.includes("leather"), `${p.name}: ${p.features.join(", ")}`);
    assert.ok(catalog.products.some((p) => /\bleather\b/i.test(p.name) && !/\bnon leather\b/i.test(p.name) && p.features.includes("leather")), "real leather keeps the feature");
  });
  it("never returns colours, genders or the article type as features", () => {
    for (const p of catalog.products.slice(0, 5000)) {
      for (const f of p.features) {
        assert.ok(!["men", "women", "blue", "navy", "black", "shirt", "shirts", "tshirts"].includes(f), `${p.name}: ${f}`);
      }
    }
  });
});

describe("synthesized commerce fields", () => {
  it("are deterministic per id", () => {
    assert.deepEqual(synthesizeCommerce(15970, "Apparel", "Shirts"), synthesizeCommerce(15970, "Apparel", "Shirts"));
    assert.notDeepEqual(synthesizeCommerce(15970, "Apparel", "Shirts"), synthesizeCommerce(15971, "Apparel", "Shirts"));
  });
  it("follow the size contract per product family", () => {
    for (const p of catalog.products) {
      const allowed: readonly string[] =
        p.masterCategory === "Footwear" ? FOOTWEAR_SIZES : p.masterCategory === "Apparel" && !["Sarees", "Dupatta", "Stoles", "Shapewear"].includes(p.articleType) ? APPAREL_SIZES : [FREE_SIZE];
      for (const s of p.sizes) assert.ok(allowed.includes(s), `${p.id} ${p.articleType} ${s}`);
      assert.deepEqual(Object.keys(p.stock), p.sizes);
      assert.equal(p.totalStock, Object.values(p.stock).reduce((a, b) => a + b, 0));
    }
  });
  it("price shirts and watches in plausible, different ranges", () => {
    const avg = (type: string) => {
      const ps = catalog.products.filter((p) => p.articleType === type);
      return ps.reduce((s, p) => s + p.price, 0) / ps.length;
    };
    assert.ok(avg("Tshirts") > 15 && avg("Tshirts") < 35);
    assert.ok(avg("Watches") > 150);
    assert.ok(catalog.products.every((p) => p.price >= 0 && Number.isFinite(p.price)));
  });
  it("leave some products out of stock, so the agent meets that case", () => {
    const soldOut = catalog.products.filter((p) => p.totalStock === 0).length;
    assert.ok(soldOut > 500 && soldOut < 5000, String(soldOut));
  });
});
