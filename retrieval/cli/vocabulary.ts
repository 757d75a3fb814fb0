/**
 * npm run catalog:vocabulary -- [OUT]: writes the catalog vocabulary (article types with their
 * master/sub category and size family, colours, genders, usages, seasons, brands with counts,
 * features, sizes, price ranges, synonyms) as JSON, for the model training data generator.
 */
import { writeFileSync } from "node:fs";
import { config } from "../../config.js";
import { sizeFamily } from "../catalog/commerce.js";
import { loadCatalog } from "../catalog/products.js";
import { buildVocabulary } from "../vocabulary.js";
import { commandLine, exitWithUsage } from "./args.js";

const USAGE = "npm run catalog:vocabulary -- [OUT.json] (default models/data/vocabulary.json)";
const { positionals } = commandLine(USAGE, { allowPositionals: true });
if (positionals.length > 1 || (positionals[0] !== undefined && !positionals[0].endsWith(".json"))) exitWithUsage(USAGE, `one output file ending in .json, got ${positionals.join(" ")}`);
const out = positionals[0] ?? "models/data/vocabulary.json";
const catalog = loadCatalog(config.catalogPath);
const vocab = buildVocabulary(catalog);

const types = new Map<string, { masterCategory: string; subCategory: string; count: number; minPrice: number; maxPrice: number; genders: Set<string>; colours: Map<string, number> }>();
for (const p of catalog.products) {
  const t = types.get(p.articleType) ?? { masterCategory: p.masterCategory, subCategory: p.subCategory, count: 0, minPrice: Infinity, maxPrice: 0, genders: new Set<string>(), colours: new Map<string, number>() };
  t.count++;
  t.minPrice = Math.min(t.minPrice, p.price);
  t.maxPrice = Math.max(t.maxPrice, p.price);
  t.genders.add(p.gender);
  if (p.baseColour) t.colours.set(p.baseColour, (t.colours.get(p.baseColour) ?? 0) + 1);
  types.set(p.articleType, t);
}
const synonyms = (kind: keyof typeof vocab.lookup) =>
  Object.fromEntries([...vocab.lookup[kind]].filter(([k]) => kind !== "brand" || k.includes(" ") === false));

const json = {
  productTypes: Object.fromEntries(
    [...types].map(([name, t]) => [
      name,
      {
        masterCategory: t.masterCategory, subCategory: t.subCategory, count: t.count,
        sizes: sizeFamily(t.masterCategory, name), minPrice: t.minPrice, maxPrice: t.maxPrice,
        genders: [...t.genders].sort(), colours: [...t.colours].sort((a, b) => b[1] - a[1]).map(([c]) => c),
      },
    ]),
  ),
  colors: vocab.colors,
  genders: vocab.genders,
  usages: vocab.usages,
  seasons: vocab.seasons,
  sizes: vocab.sizes,
  brands: Object.fromEntries([...vocab.brandCounts].sort((a, b) => b[1] - a[1])),
  features: vocab.features,
  synonyms: {
    product_type: synonyms("product_type"), color: synonyms("color"), gender: synonyms("gender"),
    usage: synonyms("usage"), season: synonyms("season"), size: synonyms("size"),
  },
};
writeFileSync(out, JSON.stringify(json, null, 1) + "\n");
console.log(`wrote ${out}: ${Object.keys(json.productTypes).length} product types, ${vocab.brands.length} brands, ${vocab.features.length} features`);
