/**
 * A shopper simulator for the fashion catalog, which has no real interaction log. Each shopper
 * has a latent taste (two favourite brands, two colours, a usage) and a few product types they
 * shop for; each session they open the shop's page for one type (the products the retriever
 * would list first for it), look through part of it, view what suits them best (taste plus
 * noise), and sometimes add to cart and buy. Seeded, so the same options give the same log.
 * These events are SIMULATED: they drive the demo and the end-to-end test, never a metric.
 */
import type { Product } from "../catalog/products.js";
import type { Interaction, InteractionKind } from "../interactions.js";
import { rng } from "./rng.js";

export interface SimulationOptions {
  shoppers: number;
  sessionsPerShopper: number;
  seed: number;
  /** The first session's time; later ones follow an hour apart per shopper. */
  start: Date;
  /** Products per type page the shopper can see, and how many of them they look at. */
  pageSize: number;
  browsed: number;
  userPrefix: string;
  /** Types with at least this many products for a gender are shopped for (fewer, denser pages make stronger co-views). */
  minTypeSize: number;
}

export const SIMULATION_DEFAULTS: SimulationOptions = {
  shoppers: 800, sessionsPerShopper: 12, seed: 11, start: new Date("2026-01-01T09:00:00Z"), pageSize: 100, browsed: 40, userPrefix: "sim-", minTypeSize: 400,
};

export interface ShopperTaste {
  userId: string;
  gender: "Men" | "Women";
  brands: string[];
  colours: string[];
  usage: string;
  productTypes: string[];
}

/** Taste weights: brand matters most, which is what the end-to-end test checks the reranker recovers. */
const BRAND_WEIGHTS = [2.5, 1.8];
const COLOUR_WEIGHTS = [1.0, 0.6];
const USAGE_WEIGHT = 0.5;
const NOISE = 0.8;

export function utility(taste: ShopperTaste, p: Product): number {
  let u = 0;
  const b = taste.brands.indexOf(p.brand);
  if (b >= 0) u += BRAND_WEIGHTS[b]!;
  const c = p.baseColour === null ? -1 : taste.colours.indexOf(p.baseColour);
  if (c >= 0) u += COLOUR_WEIGHTS[c]!;
  if (p.usage === taste.usage) u += USAGE_WEIGHT;
  return u;
}

/** The catalog's page per gender and type: newest first, id as tie-breaker (the retriever's order). */
function pages(products: readonly Product[], pageSize: number, minTypeSize: number): Map<string, Product[]> {
  const groups = new Map<string, Product[]>();
  for (const p of products) {
    for (const g of p.gender === "Unisex" ? ["Men", "Women"] : [p.gender]) {
      const key = `${g}|${p.articleType}`;
      const list = groups.get(key) ?? [];
      list.push(p);
      groups.set(key, list);
    }
  }
  const out = new Map<string, Product[]>();
  for (const [key, list] of groups) {
    if (list.length < minTypeSize) continue;
    list.sort((a, b) => (b.year ?? -Infinity) - (a.year ?? -Infinity) || a._id - b._id);
    out.set(key, list.slice(0, pageSize));
  }
  return out;
}

function weightedPick<T>(items: readonly T[], weight: (t: T) => number, next: () => number, exclude: ReadonlySet<T> = new Set()): T {
  const pool = items.filter((t) => !exclude.has(t));
  const total = pool.reduce((s, t) => s + weight(t), 0);
  let x = next() * total;
  for (const t of pool) if ((x -= weight(t)) <= 0) return t;
  return pool[pool.length - 1]!;
}

function countBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) {
    const k = key(t);
    if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

export function simulateShoppers(products: readonly Product[], options: Partial<SimulationOptions> = {}): { shoppers: ShopperTaste[]; events: Interaction[] } {
  const o = { ...SIMULATION_DEFAULTS, ...options };
  const next = rng(o.seed);
  const byPage = pages(products, o.pageSize, o.minTypeSize);
  if (![...byPage.keys()].some((k) => k.startsWith("Men|")) || ![...byPage.keys()].some((k) => k.startsWith("Women|"))) {
    throw new Error(`no product type has ${o.minTypeSize} products for both genders: lower minTypeSize`);
  }
  const shoppers: ShopperTaste[] = [];
  const events: Interaction[] = [];
  const gumbel = () => -Math.log(-Math.log(next() || Number.MIN_VALUE));
  for (let s = 0; s < o.shoppers; s++) {
    const gender = next() < 0.55 ? "Men" : "Women";
    const typeCounts = [...byPage.keys()].filter((k) => k.startsWith(`${gender}|`)).map((k) => k.slice(gender.length + 1));
    const types = new Set<string>();
    while (types.size < Math.min(4, typeCounts.length)) types.add(weightedPick(typeCounts, () => 1, next, types));
    const seen = [...types].flatMap((t) => byPage.get(`${gender}|${t}`) ?? []);
    const brandCounts = countBy(seen, (p) => p.brand);
    const colourCounts = countBy(seen, (p) => p.baseColour);
    const usageCounts = countBy(seen, (p) => p.usage);
    const pickFrom = (m: Map<string, number>, n: number) => {
      const chosen = new Set<string>();
      while (chosen.size < Math.min(n, m.size)) chosen.add(weightedPick([...m.keys()], (k) => m.get(k)!, next, chosen));
      return [...chosen];
    };
    const taste: ShopperTaste = {
      userId: `${o.userPrefix}${String(s + 1).padStart(4, "0")}`, gender, brands: pickFrom(brandCounts, 2),
      colours: pickFrom(colourCounts, 2), usage: pickFrom(usageCounts, 1)[0] ?? "Casual", productTypes: [...types],
    };
    shoppers.push(taste);
    for (let session = 0; session < o.sessionsPerShopper; session++) {
      const type = taste.productTypes[Math.floor(next() * taste.productTypes.length)]!;
      const page = byPage.get(`${gender}|${type}`) ?? [];
      const looked = page.filter(() => next() < o.browsed / Math.max(o.browsed, page.length));
      const ranked = looked.map((p) => ({ p, u: utility(taste, p) + NOISE * gumbel() })).sort((a, b) => b.u - a.u);
      const at = (minute: number) => new Date(o.start.getTime() + ((s * o.sessionsPerShopper + session) * 60 + minute) * 60_000).toISOString();
      const push = (p: Product, kind: InteractionKind, minute: number) => events.push({ userId: taste.userId, productId: p.id, kind, at: at(minute) });
      const viewed = ranked.slice(0, 2 + Math.floor(next() * 4));
      viewed.forEach((v, i) => push(v.p, "view", i));
      const best = viewed[0];
      if (best && next() < 0.5) {
        push(best.p, "add_to_cart", viewed.length);
        if (next() < 0.6) push(best.p, "purchase", viewed.length + 1);
      }
    }
  }
  return { shoppers, events };
}
