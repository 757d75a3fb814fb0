/**
 * The product retriever: slots in, ranked products plus seed 000's summary out.
 * Hard constraints filter (type, gender, colour, brand, price, usage, season, size in stock for
 * the quantity); feature overlap ranks; when nothing matches, constraints are relaxed one by one
 * in RELAXATION_ORDER and the result says which, so the agent can tell the shopper.
 */
import type { Filter } from "mongodb";
import type { Product } from "./catalog/products.js";
import { applicableSteps, buildFilter, RESULT_SORT, type Relaxation, type RelaxationStep } from "./query.js";
import { normalizeSlots, type NormalizedSlots } from "./slots.js";
import type { ProductStore } from "./store.js";
import type { Vocabulary } from "./vocabulary.js";

/** Seed 000's retrieval summary of the best product. */
export type RetrievalSummary =
  | { available: "NONE" }
  | { available: string; price: string; size: string; brand: string; id: string; features: string[] };

export interface RankedProduct extends Product {
  /** Requested features this product has. */
  matchedFeatures: string[];
}

export interface RetrievalResult {
  summary: RetrievalSummary;
  products: RankedProduct[];
  /** Constraints dropped or widened to find anything, in the order they were relaxed. */
  relaxed: Relaxation[];
  /** The slots as normalized to catalog vocabulary. */
  slots: NormalizedSlots;
}

/** How many feature-matching candidates are scored before falling back to plain order. */
const FEATURE_POOL = 300;
export const DEFAULT_LIMIT = 10;

export function formatPrice(price: number): string {
  return `$${price.toFixed(2)}`;
}

export function summarize(product: Product | undefined, slots: NormalizedSlots): RetrievalSummary {
  if (!product) return { available: "NONE" };
  const inStock = product.sizes.find((s) => (product.stock[s] ?? 0) > 0);
  const size = slots.size && product.sizes.includes(slots.size) ? slots.size : (inStock ?? product.sizes[0] ?? "");
  const available = slots.size ? (product.stock[slots.size] ?? 0) : product.totalStock;
  return {
    available: String(available),
    price: formatPrice(product.price),
    size,
    brand: product.brand,
    id: String(product.id),
    features: product.features,
  };
}

export class ProductRetriever {
  constructor(
    readonly store: ProductStore,
    readonly vocabulary: Vocabulary,
  ) {}

  /** Validates and normalizes `input` (throws RetrievalInputError), then searches with relaxation. */
  async retrieve(input: unknown, limit = DEFAULT_LIMIT): Promise<RetrievalResult> {
    const slots = normalizeSlots(input, this.vocabulary);
    const n = Math.max(1, Math.min(50, Math.floor(limit)));
    const steps = applicableSteps(slots);
    const relaxed: Relaxation[] = [];
    const relaxedSteps = new Set<RelaxationStep>();
    for (let i = 0; i <= steps.length; i++) {
      const products = await this.rankedFind(buildFilter(slots, relaxedSteps), slots.features ?? [], n);
      if (products.length > 0) return { summary: summarize(products[0], slots), products, relaxed, slots };
      const next = steps[i];
      if (next) {
        relaxed.push(next);
        relaxedSteps.add(next.step);
      }
    }
    return { summary: { available: "NONE" }, products: [], relaxed, slots };
  }

  /** Products matching `filter`, those sharing the most requested features first. */
  private async rankedFind(filter: Filter<Product>, features: string[], limit: number): Promise<RankedProduct[]> {
    const ranked: RankedProduct[] = [];
    if (features.length > 0) {
      const pool = await this.store.find({ $and: [filter, { features: { $in: features } }] }, { sort: RESULT_SORT, limit: FEATURE_POOL });
      const scored = pool.map((p, order) => ({ p, order, matched: features.filter((f) => p.features.includes(f)) }));
      scored.sort((a, b) => b.matched.length - a.matched.length || a.order - b.order);
      for (const s of scored.slice(0, limit)) ranked.push({ ...s.p, matchedFeatures: s.matched });
    }
    if (ranked.length < limit) {
      const seen = new Set(ranked.map((p) => p._id));
      const rest = await this.store.find(filter, { sort: RESULT_SORT, limit: limit + ranked.length });
      for (const p of rest) {
        if (ranked.length >= limit) break;
        if (!seen.has(p._id)) ranked.push({ ...p, matchedFeatures: [] });
      }
    }
    return ranked;
  }
}
