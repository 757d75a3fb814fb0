/**
 * Builds the product documents from the real catalog: brand and features learned from names,
 * commerce fields synthesized (see commerce.ts). One pure function of the CSV text, so the
 * embedded store and MongoDB receive byte-identical documents.
 */
import { learnBrands, extractBrand, type BrandLexicon } from "./brands.js";
import { readCatalogCsv, type CatalogRow } from "./csv.js";
import { excludedWordsOf, extractFeatures, learnFeatures, type FeatureLexicon } from "./features.js";
import { synthesizeCommerce, type StockBySize } from "./commerce.js";
import { textKey } from "./text.js";
import { createHash } from "node:crypto";

export interface Product {
  /** Catalog id (also the MongoDB _id, so upserts are idempotent). */
  _id: number;
  id: number;
  name: string;
  brand: string;
  /** textKey(brand): the exact-match key brand queries use (no regex on user text). */
  brandKey: string;
  gender: string;
  masterCategory: string;
  subCategory: string;
  articleType: string;
  baseColour: string | null;
  season: string | null;
  year: number | null;
  usage: string | null;
  features: string[];
  /** Synthesized: USD. */
  price: number;
  /** Synthesized: sizes offered. */
  sizes: string[];
  /** Synthesized: units per size. */
  stock: StockBySize;
  /** Synthesized: sum of stock. */
  totalStock: number;
  /** Synthesized: the largest stock of any one size. */
  maxStock: number;
  /** SHA-1 of the catalog fields above, so re-ingestion rewrites only what changed. */
  contentHash: string;
}

export interface Catalog {
  products: Product[];
  /** SHA-1 over every product's contentHash: changes whenever any product document would. */
  fingerprint: string;
  brands: BrandLexicon;
  features: FeatureLexicon;
}

export function buildCatalog(rows: CatalogRow[]): Catalog {
  const brands = learnBrands(rows.map((r) => r.productDisplayName));
  const withBrand = rows.map((r) => ({ row: r, brand: extractBrand(r.productDisplayName, brands) }));
  const featureInputs = withBrand.map(({ row, brand }) => ({
    name: row.productDisplayName, brand, articleType: row.articleType, baseColour: row.baseColour,
  }));
  const features = learnFeatures(featureInputs);
  const excluded = excludedWordsOf(featureInputs);
  const products = withBrand.map(({ row, brand }, i): Product => withHash({
    _id: row.id,
    id: row.id,
    name: row.productDisplayName,
    brand,
    brandKey: textKey(brand),
    gender: row.gender,
    masterCategory: row.masterCategory,
    subCategory: row.subCategory,
    articleType: row.articleType,
    baseColour: row.baseColour,
    season: row.season,
    year: row.year,
    usage: row.usage,
    features: extractFeatures(featureInputs[i]!, features, excluded),
    ...synthesizeCommerce(row.id, row.masterCategory, row.articleType),
  }));
  const fingerprint = createHash("sha1").update(products.map((x) => x.contentHash).join("")).digest("hex");
  return { products, fingerprint, brands, features };
}

function withHash(p: Omit<Product, "contentHash">): Product {
  return { ...p, contentHash: createHash("sha1").update(JSON.stringify(p)).digest("hex") };
}

const cache = new Map<string, Catalog>();

/** The catalog built from a CSV file, memoized per path (building takes about a second). */
export function loadCatalog(csvPath: string): Catalog {
  let catalog = cache.get(csvPath);
  if (!catalog) {
    catalog = buildCatalog(readCatalogCsv(csvPath));
    cache.set(csvPath, catalog);
  }
  return catalog;
}
