/**
 * The product retriever: slots in, ranked products plus seed 000's summary out.
 * Hard constraints filter (type, gender, colour, brand, price, usage, season, size in stock for
 * the quantity); feature overlap ranks; when nothing matches, constraints are relaxed one by one
 * in RELAXATION_ORDER and the result says which, so the agent can tell the shopper.
 * With a reranker (collaborative filtering, retrieval/cf/), a larger pool of candidates meeting
 * the hard constraints is ordered by a blend of feature match and the shopper's affinity, and
 * each product says why it ranks where it does; without one, the order is exactly as above.
 */
import type { Filter } from "mongodb";
import { z } from "zod";
import type { Product } from "./catalog/products.js";
import type { Reranker, ShopperProfile } from "./cf/reranker.js";
import { RetrievalInputError } from "./errors.js";
import { applicableSteps, buildFilter, narrowed, RESULT_SORT, type Exclusions, type Relaxation, type RelaxationStep } from "./query.js";
import { normalizeClosedValue, normalizeSlots, type NormalizedSlots, type SlotKey } from "./slots.js";
import { textKey } from "./catalog/text.js";
import { normalizeBrand } from "./vocabulary.js";
import type { ProductStore } from "./store.js";
import type { Vocabulary } from "./vocabulary.js";
import { cosine, type ProductVectors } from "./semantic/productVectors.js";
import type { NameWords } from "./semantic/nameWords.js";

/** Seed 000's retrieval summary of the best product. */
export type RetrievalSummary =
  | { available: "NONE" }
  | { available: string; price: string; size: string; brand: string; id: string; features: string[] };

export interface RankedProduct extends Product {
  /** Requested features this product has. */
  matchedFeatures: string[];
  /** Reranked results only: the parts of the score, each in [0, 1]. */
  scores?: RankScores;
  /** Reranked results only: why the product ranks where it does, in words. */
  rankReason?: string;
}

export interface RankScores {
  /** Share of the requested features matched (1 when none were requested: every constraint is met). */
  feature: number;
  /** Hybrid results only: cosine of the shopper's words with the product's text, in sentence-vector space. */
  semantic?: number;
  /** Hybrid results only: share of the request's rare words that the product's name holds (NameWords.overlap). */
  lexical?: number;
  /** Personal affinity, or popularity for cold-start shoppers, scaled within the candidates. */
  affinity: number;
  /** The order: (1 - weight) * feature + weight * affinity, or the hybrid blend (HybridWeights). */
  blended: number;
}

/**
 * The hybrid blend, chosen on the validation judgments (npm run bench:retrieval -- --tune), never
 * by hand: semantic similarity, share of requested features, collaborative-filtering affinity.
 */
export interface HybridWeights {
  semantic: number;
  feature: number;
  affinity: number;
  /** Rare words of the request that the product's name also holds (0 when absent from the file). */
  lexical: number;
}

/** Semantic ranking: product vectors and a query embedder from the one understanding encoder. */
export interface SemanticRanking {
  vectors: ProductVectors;
  embedQuery(text: string): Promise<Float32Array>;
  weights: HybridWeights;
  /** Candidates meeting the hard constraints that are scored (the rest of them never surface). */
  pool: number;
  /** How rare each word is among product names, for the lexical part of the blend. */
  names: NameWords;
}

/** How the products were ordered, when a reranker is configured. */
export type RerankInfo =
  | { mode: "personal"; source: "history" | "trained"; events: number; weight: number; candidates: number }
  | { mode: "popularity"; reason: "anonymous" | "no_history"; weight: number; candidates: number };

/** Who is searching: the shopper's id personalizes the order when a reranker is configured. */
export interface RetrieveContext {
  userId?: string;
  /** Slot key -> values the shopper ruled out ("not red", "anything but Nike"); validated and normalized here. */
  exclude?: unknown;
  /** The shopper's own words for the product ("slip-on canvas sneakers"): ranks by meaning when semantic ranking is on. */
  query?: string;
  /** Slot keys the shopper named this turn: relaxed only after every other constraint. */
  relaxLast?: readonly SlotKey[];
  /** "price": the lowest-priced products meeting the constraints first ("what's the cheapest you have?"), instead of the most relevant. */
  order?: SearchOrder;
}

export const SEARCH_ORDERS = ["relevance", "price"] as const;
export type SearchOrder = (typeof SEARCH_ORDERS)[number];

const QuerySchema = z.string().max(2000, "must be at most 2000 characters").optional();

const ExcludeSchema = z
  .object(Object.fromEntries(["product_type", "color", "brand", "gender", "usage", "season", "features"].map((k) => [k, z.array(z.string().max(100)).max(20).optional()])))
  .strict()
  .optional();

/** Ruled-out values in the form the query compares them; words matching no catalog value are dropped. */
function normalizeExclusions(input: unknown, vocab: Vocabulary): Exclusions {
  const parsed = ExcludeSchema.safeParse(input);
  if (!parsed.success) throw new RetrievalInputError("invalid_slots", parsed.error.issues.map((i) => ({ key: `exclude.${i.path.join(".")}`, message: i.message })));
  const out: Exclusions = {};
  for (const [key, values] of Object.entries(parsed.data ?? {}) as [keyof Exclusions, string[] | undefined][]) {
    const norm = (values ?? []).map((v) => {
      if (key === "brand") return textKey(normalizeBrand(v, vocab) ?? v);
      if (key === "features") return textKey(v);
      return normalizeClosedValue(key, v, vocab);
    }).filter((v): v is string => typeof v === "string" && v !== "");
    if (norm.length > 0) out[key] = [...new Set(norm)];
  }
  return out;
}

export interface RetrievalResult {
  summary: RetrievalSummary;
  products: RankedProduct[];
  /** Constraints dropped or widened to find anything, in the order they were relaxed. */
  relaxed: Relaxation[];
  /** The slots as normalized to catalog vocabulary. */
  slots: NormalizedSlots;
  /** Present when the products were reranked. */
  rerank?: RerankInfo;
}

/** How many feature-matching candidates are scored before falling back to plain order. */
const FEATURE_POOL = 300;
/** Most products meeting the constraints that hybrid ranking scores by vector (the largest type has about 7,000). */
const SEMANTIC_SCAN = 10_000;
/** Candidates the vector index proposes when no product type narrows the search. */
const NEAREST_WITHOUT_TYPE = 2000;
export const DEFAULT_LIMIT = 10;
/** Cheapest first; the id breaks ties so both executors list the same products. */
const PRICE_SORT = { price: 1, _id: 1 } as const;

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

const OrderSchema = z.enum(SEARCH_ORDERS).optional();

const UserIdSchema = z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters").optional();

export class ProductRetriever {
  constructor(
    readonly store: ProductStore,
    readonly vocabulary: Vocabulary,
    private reranker?: Reranker,
    private semantic?: SemanticRanking,
  ) {}

  /** Turns hybrid (semantic) ranking on or off. */
  setSemantic(semantic: SemanticRanking | undefined): void {
    this.semantic = semantic;
  }

  /** Releases what hybrid ranking holds in native memory (the vector scan's session). */
  async closeSemantic(): Promise<void> {
    await this.semantic?.vectors.close();
  }

  /** Turns collaborative-filtering reranking on (a reranker) or off (undefined). */
  setReranker(reranker: Reranker | undefined): void {
    this.reranker = reranker;
  }

  /**
   * Validates and normalizes `input` (throws RetrievalInputError), then searches with relaxation.
   * `context.userId` personalizes the order when a reranker is set (ignored otherwise).
   */
  async retrieve(input: unknown, limit = DEFAULT_LIMIT, context: RetrieveContext = {}): Promise<RetrievalResult> {
    const query = QuerySchema.safeParse(context.query);
    if (!query.success) throw new RetrievalInputError("invalid_slots", query.error.issues.map((i) => ({ key: "query", message: i.message })));
    const order = OrderSchema.safeParse(context.order);
    if (!order.success) throw new RetrievalInputError("invalid_slots", order.error.issues.map((i) => ({ key: "order", message: i.message })));
    // Cheapest first needs no meaning: the words are not embedded.
    const byPrice = order.data === "price";
    const semantic = this.semantic && query.data?.trim() && !byPrice ? this.semantic : undefined;
    let slots: NormalizedSlots;
    try {
      slots = normalizeSlots(input, this.vocabulary);
    } catch (e) {
      // No slot, but words to go by ("something to keep me dry on my ride to work"): search by meaning alone.
      if (!(e instanceof RetrievalInputError && e.code === "empty_slots" && semantic)) throw e;
      slots = {};
    }
    const exclude = normalizeExclusions(context.exclude, this.vocabulary);
    const user = UserIdSchema.safeParse(context.userId);
    if (!user.success) throw new RetrievalInputError("invalid_slots", user.error.issues.map((i) => ({ key: "userId", message: i.message })));
    const n = Math.max(1, Math.min(50, Math.floor(limit)));
    const reranker = this.reranker;
    const profile = reranker ? await reranker.profile(user.data) : undefined;
    const queryVector = semantic ? await semantic.embedQuery(query.data!.trim()) : undefined;
    // "A plain white shirt": no name saying a pattern is shown (retrieval/semantic/plain_words.json).
    const plain = semantic ? semantic.names.asksPlain(query.data!) : false;
    // Without a product type the search starts from the vector index's nearest products: the same
    // for every relaxation step, so found once (each scan costs 5-10 ms).
    let nearestIds: Promise<number[]> | undefined;
    const nearestWithoutType = () => (nearestIds ??= semantic!.vectors.nearest(queryVector!, NEAREST_WITHOUT_TYPE));
    // With a product type (never relaxed), its products' scores are the same at every step: one native scan.
    let typeScores: Promise<(id: number) => number> | undefined;
    const scoresOfType = (type: string) => (typeScores ??= semantic!.vectors.scoreType(queryVector!, type));
    const pool = reranker ? Math.max(n, reranker.settings.pool) : n;
    const steps = applicableSteps(slots, context.relaxLast ?? []);
    const relaxed: Relaxation[] = [];
    const relaxedSteps = new Set<RelaxationStep>();
    const find = async (relaxing: ReadonlySet<RelaxationStep>, wanting: NormalizedSlots = slots): Promise<RankedProduct[]> => {
      const filter = buildFilter(wanting, relaxing, exclude);
      if (byPrice) return this.cheapestFind(filter, slots.features ?? [], exclude, n);
      if (!semantic || !queryVector) return this.rankedFind(filter, slots.features ?? [], n, pool);
      const from = slots.product_type ? { score: await scoresOfType(slots.product_type) } : { nearest: await nearestWithoutType() };
      return this.semanticFind(filter, slots.features ?? [], exclude, semantic, queryVector, from, plain);
    };
    for (let i = 0; i <= steps.length; i++) {
      let candidates = await find(relaxedSteps);
      if (candidates.length > 0 && relaxed.length > 1) candidates = await this.restoreRelaxed(relaxed, relaxedSteps, candidates, find);
      if (candidates.length > 0) {
        // A budget nothing met: the closest prices first ("watches under 2 dollars" had offered one at $379.99, blind round 43),
        // the closest of the OVER_BUDGET_DEPTH most relevant, not of the first n only.
        const overBudget = relaxedSteps.has("price") && slots.price_max !== undefined;
        const depth = overBudget ? Math.max(n, OVER_BUDGET_DEPTH) : n;
        const shown = (ranked: RankedProduct[]) => (overBudget ? closestToBudget(ranked, slots.price_min, slots.price_max).slice(0, n) : ranked);
        if (byPrice) return { summary: summarize(candidates[0], slots), products: candidates, relaxed, slots };
        if (semantic && queryVector) {
          const query = { vector: queryVector, words: semantic.names.weighted(context.query ?? "") };
          const products = shown(hybridRank(candidates, slots.features ?? [], semantic, query, reranker && profile ? { reranker, profile } : undefined, depth));
          return { summary: summarize(products[0], slots), products, relaxed, slots, ...(reranker && profile ? { rerank: rerankInfo(profile, reranker, candidates.length) } : {}) };
        }
        if (!reranker || !profile) {
          const products = shown(candidates);
          return { summary: summarize(products[0], slots), products, relaxed, slots };
        }
        const products = shown(rerank(candidates, slots.features ?? [], reranker, profile, depth));
        return { summary: summarize(products[0], slots), products, relaxed, slots, rerank: rerankInfo(profile, reranker, candidates.length) };
      }
      const next = steps[i];
      if (next) {
        relaxed.push(next);
        relaxedSteps.add(next.step);
      }
    }
    // Nothing in stock however far relaxed: what matches is sold out. The shopper hears that it exists
    // and is sold out, as asked first, else as relaxed ("cushion covers": the catalog's one set, blind round 71).
    for (const relaxing of relaxedSteps.size > 0 ? [new Set<RelaxationStep>(), relaxedSteps] : [relaxedSteps]) {
      const soldOut = await find(relaxing, { ...slots, quantity: 0 });
      if (soldOut.length > 0) return { summary: summarize(soldOut[0], slots), products: soldOut, relaxed: relaxing.size > 0 ? relaxed : [], slots };
    }
    return { summary: { available: "NONE" }, products: [], relaxed, slots };
  }

  /**
   * Once a later step found products, the constraints given up before it are taken back where
   * products remain, the most important first: "ADIDAS track pants for my son" has no boys' ADIDAS,
   * so brand then gender were relaxed; ADIDAS men's track pants exist, so only gender stays relaxed
   * (the shopper's brand is kept, and the agent says only what it let go of). Edits `relaxed` and
   * `relaxedSteps` in place; the last step relaxed stays relaxed (it is what found products).
   */
  private async restoreRelaxed(
    relaxed: Relaxation[],
    relaxedSteps: Set<RelaxationStep>,
    found: RankedProduct[],
    find: (relaxing: ReadonlySet<RelaxationStep>) => Promise<RankedProduct[]>,
  ): Promise<RankedProduct[]> {
    let best = found;
    for (const r of relaxed.slice(0, -1).reverse()) {
      const without = new Set([...relaxedSteps].filter((s) => s !== r.step));
      const candidates = await find(without);
      if (candidates.length === 0) continue;
      relaxedSteps.delete(r.step);
      relaxed.splice(relaxed.indexOf(r), 1);
      best = candidates;
    }
    return best;
  }

  /**
   * Hybrid ranking's candidates: every product matching `filter` is scored by its vector (ids
   * only, no documents read), and the `semantic.pool` nearest, with up to FEATURE_POOL sharing a
   * requested feature, are read for the blend.
   */
  private async semanticFind(
    filter: Filter<Product>,
    features: string[],
    exclude: Exclusions,
    semantic: SemanticRanking,
    queryVector: Float32Array,
    from: { score: (id: number) => number } | { nearest: number[] },
    plain: boolean,
  ): Promise<RankedProduct[]> {
    // With a product type, its products were scored in one native scan (the blend below still uses
    // the exact cosines). Without one the constraints admit tens of thousands: start from the vector
    // index's nearest products instead of scoring the whole catalog.
    const scanned = "nearest" in from ? narrowed(filter, { _id: { $in: from.nearest } }) : filter;
    const similarity = "score" in from ? from.score : (id: number) => semantic.vectors.similarity(queryVector, id);
    let nearest = await this.store.findTop(scanned, similarity, semantic.pool, SEMANTIC_SCAN);
    if ("nearest" in from && nearest.length < DEFAULT_LIMIT) {
      // The constraints admit few of the products nearest by meaning (a Spiderman tee for a boy of
      // seven: none of the brand's 17 products is among them, and the brand was relaxed): score
      // every product they admit instead.
      nearest = await this.store.findTop(filter, similarity, semantic.pool, SEMANTIC_SCAN);
    }
    // Products with a feature the shopper named join from the whole catalog the constraints admit,
    // not only from the nearest ("a warm fleece for my wife": the fleeces are not among the
    // products nearest to "warm ... hike", and were never ranked).
    const withFeatures = features.length > 0 ? await this.store.findIds(narrowed(filter, { features: { $in: features } }), FEATURE_POOL) : [];
    const wanted = [...new Set([...nearest, ...withFeatures])];
    if (wanted.length === 0) return [];
    // With the constraints too: FerretDB pushes their top-level equalities down, not an `_id` list.
    const docs = await this.store.find(narrowed(filter, { _id: { $in: wanted } }), { sort: RESULT_SORT, limit: wanted.length });
    // What the shopper ruled out is not in the name either: the catalog's colour field sometimes
    // disagrees with the name, and its features miss inflections ("no print": "Printed", "Rubber Print").
    // Nor does a name saying a pattern when the shopper asked for something plain.
    const namesColour = namesAnyColour(exclude.color ?? []);
    const namesExcluded = (p: Product) => namesColour(p) || semantic.names.says(p.name, exclude.features ?? []) || (plain && semantic.names.patterned(p.name));
    return docs.filter((p) => !namesExcluded(p)).map((p) => ({ ...p, matchedFeatures: features.filter((f) => p.features.includes(f)) }));
  }

  /**
   * The `limit` cheapest products matching `filter`: among those with a requested feature when any
   * has one ("the cheapest striped tee"), else among all of them. Each says why it is there.
   */
  private async cheapestFind(filter: Filter<Product>, features: string[], exclude: Exclusions, limit: number): Promise<RankedProduct[]> {
    // A few more than asked: a name saying a colour the shopper ruled out is left out, as in hybrid ranking.
    const namesColour = namesAnyColour(exclude.color ?? []);
    const cheapest = async (f: Filter<Product>) => (await this.store.find(f, { sort: PRICE_SORT, limit: limit * 2 })).filter((p) => !namesColour(p)).slice(0, limit);
    const withFeature = features.length > 0 ? await cheapest(narrowed(filter, { features: { $in: features } })) : [];
    const docs = withFeature.length > 0 ? withFeature : await cheapest(filter);
    return docs.map((p) => {
      const matchedFeatures = features.filter((f) => p.features.includes(f));
      const rankReason = [`lowest price first (${formatPrice(p.price)})`, ...(matchedFeatures.length > 0 ? [`matched: ${matchedFeatures.join(", ")}`] : [])].join("; ");
      return { ...p, matchedFeatures, rankReason };
    });
  }

  /**
   * Products matching `filter`, those sharing the most requested features first: up to `pool`
   * of them (the reranker's candidates; `limit` without one). Products with none of the requested
   * features only fill up to `limit`, as without reranking, so a feature search scans no further.
   */
  private async rankedFind(filter: Filter<Product>, features: string[], limit: number, pool = limit): Promise<RankedProduct[]> {
    const ranked: RankedProduct[] = [];
    if (features.length > 0) {
      const matching = await this.store.find(narrowed(filter, { features: { $in: features } }), { sort: RESULT_SORT, limit: FEATURE_POOL });
      const scored = matching.map((p, order) => ({ p, order, matched: features.filter((f) => p.features.includes(f)) }));
      scored.sort((a, b) => b.matched.length - a.matched.length || a.order - b.order);
      for (const s of scored.slice(0, pool)) ranked.push({ ...s.p, matchedFeatures: s.matched });
    }
    const target = features.length > 0 ? limit : pool;
    if (ranked.length < target) {
      const seen = new Set(ranked.map((p) => p._id));
      const rest = await this.store.find(filter, { sort: RESULT_SORT, limit: target + ranked.length });
      for (const p of rest) {
        if (ranked.length >= target) break;
        if (!seen.has(p._id)) ranked.push({ ...p, matchedFeatures: [] });
      }
    }
    return ranked;
  }
}

/**
 * Whether a product's name says one of these colours (their keys made once per search), its brand
 * aside ("Red Tape Men's Black Formal Shoe" names no red: blind round 57). The catalog's colour
 * field sometimes disagrees with the name ("HM Women Black Heels" is listed as Blue): a shopper who
 * said "not black" is not shown it. Only hybrid ranking drops these: its candidates are a pool
 * several times the page, so nothing else is lost.
 */
function namesAnyColour(colours: readonly string[]): (p: Pick<Product, "name" | "brandKey">) => boolean {
  const keys = colours.map((c) => ` ${textKey(c)} `);
  return (p) => {
    if (keys.length === 0) return false;
    const name = textKey(p.name);
    const rest = p.brandKey && name.startsWith(`${p.brandKey} `) ? name.slice(p.brandKey.length) : name;
    return keys.some((k) => ` ${rest} `.includes(k));
  };
}

function rerankInfo(profile: ShopperProfile, reranker: Reranker, candidates: number): RerankInfo {
  const weight = reranker.settings.weight;
  return profile.mode === "personal"
    ? { mode: "personal", source: profile.source, events: profile.events, weight, candidates }
    : { mode: "popularity", reason: profile.reason, weight, candidates };
}

/**
 * Orders candidates (all meeting the hard constraints) by the blended score; ties keep the
 * retriever's own order (feature matches, then newest), so weight 0 changes nothing.
 */
function rerank(candidates: RankedProduct[], features: string[], reranker: Reranker, profile: ShopperProfile, limit: number): RankedProduct[] {
  const w = reranker.settings.weight;
  const affinity = reranker.affinities(profile, candidates.map((p) => p.id));
  const scored = candidates.map((p, order) => {
    const feature = features.length > 0 ? p.matchedFeatures.length / features.length : 1;
    return { p, order, feature, affinity: affinity[order]!, blended: (1 - w) * feature + w * affinity[order]! };
  });
  scored.sort((x, y) => y.blended - x.blended || x.order - y.order);
  return scored.slice(0, limit).map((s) => {
    const scores: RankScores = { feature: round3(s.feature), affinity: round3(s.affinity), blended: round3(s.blended) };
    return { ...s.p, scores, rankReason: reasonOf(s.p, features, scores, profile) };
  });
}

/**
 * Orders candidates (all meeting the hard constraints) by the hybrid blend of meaning, requested
 * features and affinity; ties keep the retriever's own order. Each product says why it ranks there.
 */
function hybridRank(
  candidates: RankedProduct[],
  features: string[],
  semantic: SemanticRanking,
  query: { vector: Float32Array; words: ReadonlyMap<string, number> },
  personal: { reranker: Reranker; profile: ShopperProfile } | undefined,
  limit: number,
): RankedProduct[] {
  const w = semantic.weights;
  const affinity = personal ? personal.reranker.affinities(personal.profile, candidates.map((p) => p.id)) : undefined;
  const scored = candidates.map((p, order) => {
    const vector = semantic.vectors.get(p.id);
    const sim = vector ? cosine(query.vector, vector) : 0;
    const feature = features.length > 0 ? p.matchedFeatures.length / features.length : 1;
    const aff = affinity?.[order] ?? 0;
    const lexical = w.lexical > 0 ? semantic.names.overlap(query.words, p.name) : { score: 0, words: [] };
    const blended = w.semantic * sim + w.feature * feature + w.lexical * lexical.score + (affinity ? w.affinity * aff : 0);
    return { p, order, sim, feature, aff, lexical, blended };
  });
  scored.sort((x, y) => y.blended - x.blended || x.order - y.order);
  return scored.slice(0, limit).map((s) => {
    const scores: RankScores = { feature: round3(s.feature), semantic: round3(s.sim), lexical: round3(s.lexical.score), affinity: round3(s.aff), blended: round3(s.blended) };
    const why = [
      s.p.matchedFeatures.length > 0 ? `matched: ${s.p.matchedFeatures.join(", ")}` : features.length > 0 ? `no requested feature (${features.join(", ")})` : "meets every constraint",
      `similarity ${s.sim.toFixed(2)} to the request`,
      ...(s.lexical.words.length > 0 ? [`name shares: ${s.lexical.words.join(", ")}`] : []),
      ...(personal ? [`${personal.profile.mode === "personal" ? "affinity" : "popularity"} ${s.aff.toFixed(2)}`] : []),
    ];
    return { ...s.p, scores, rankReason: why.join("; ") };
  });
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function reasonOf(p: RankedProduct, features: string[], s: RankScores, profile: ShopperProfile): string {
  const match = features.length > 0
    ? `matches ${p.matchedFeatures.length}/${features.length} requested features${p.matchedFeatures.length > 0 ? ` (${p.matchedFeatures.join(", ")})` : ""}`
    : "meets every constraint";
  const why = profile.mode === "personal"
    ? `affinity ${s.affinity.toFixed(2)} from ${profile.source === "history" ? `this shopper's ${profile.events} recorded views and purchases` : "this shopper's trained taste profile"}`
    : `popularity ${s.affinity.toFixed(2)} (${profile.reason === "anonymous" ? "anonymous shopper" : "no history for this shopper yet"})`;
  return `${match}; ${why}`;
}

/** How many of the most relevant products a search over budget picks the cheapest from. */
const OVER_BUDGET_DEPTH = 50;

/** The same products, those priced closest to the budget first (under a ceiling: the cheapest; ties keep their rank). */
export function closestToBudget<T extends { price: number }>(products: readonly T[], min: number | undefined, max: number | undefined): T[] {
  const apart = (price: number) => (min !== undefined && price < min ? min - price : max !== undefined && price > max ? price - max : 0);
  return [...products].sort((a, b) => apart(a.price) - apart(b.price));
}
