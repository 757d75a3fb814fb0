/**
 * Personal reranking: a shopper's affinity for each candidate product, from the model's ALS
 * factors and item-kNN neighbours (hybrid.ts). The shopper's vector is folded in from their
 * recorded events when there are any (so what they viewed a minute ago counts, without
 * retraining), and those events' products bring their neighbours; else the trained vector
 * alone; shoppers with neither, and anonymous ones, get popularity instead (cold start).
 */
import type { Interaction, InteractionStore } from "../interactions.js";
import { foldIn } from "./als.js";
import { blendScores } from "./hybrid.js";
import type { CfModel } from "./model.js";
import { EVENT_WEIGHTS } from "./train.js";

export interface RerankSettings {
  /** Share of the final score from affinity (0 = feature match only, 1 = affinity only). */
  weight: number;
  /** Candidates meeting the hard constraints that are scored before the top ones are returned. */
  pool: number;
}

export type ShopperProfile =
  | {
      mode: "personal";
      source: "history" | "trained";
      events: number;
      vector: Float32Array;
      /** Item -> summed similarity to what the shopper's recorded events touched (the kNN part; empty for "trained"), computed once per profile. */
      similar: Map<number, number>;
    }
  | { mode: "popularity"; reason: "anonymous" | "no_history" };

/** Folded-in profiles kept, so a shopper's next search skips the solve until they record an event. */
const PROFILE_CACHE = 10_000;

export class Reranker {
  private readonly cache = new Map<string, { key: string; profile: ShopperProfile }>();

  constructor(
    readonly model: CfModel,
    private readonly interactions: InteractionStore | undefined,
    readonly settings: RerankSettings,
  ) {}

  async profile(userId: string | undefined): Promise<ShopperProfile> {
    if (userId === undefined) return { mode: "popularity", reason: "anonymous" };
    const history = this.interactions ? await this.interactions.byUser(userId) : [];
    const key = `${history.length}|${history.at(-1)?.at ?? ""}`;
    const cached = this.cache.get(userId);
    if (cached?.key === key) return cached.profile;
    const profile = this.computeProfile(userId, history);
    this.cache.delete(userId);
    this.cache.set(userId, { key, profile });
    if (this.cache.size > PROFILE_CACHE) this.cache.delete(this.cache.keys().next().value!);
    return profile;
  }

  private computeProfile(userId: string, history: readonly Interaction[]): ShopperProfile {
    const { model } = this;
    const weights = new Map<number, number>();
    for (const e of history) {
      const i = model.itemIndex.get(String(e.productId));
      if (i !== undefined) weights.set(i, (weights.get(i) ?? 0) + EVENT_WEIGHTS[e.kind]);
    }
    if (weights.size > 0) {
      const vector = foldIn(model.factors.items, model.yty, model.factors.k, [...weights.keys()], [...weights.values()], model.options);
      return { mode: "personal", source: "history", events: history.length, vector, similar: this.neighbourScores([...weights.keys()]) };
    }
    const u = model.userIndex.get(userId);
    if (u === undefined) return { mode: "popularity", reason: "no_history" };
    const k = model.factors.k;
    return { mode: "personal", source: "trained", events: 0, vector: model.factors.users.slice(u * k, u * k + k), similar: new Map() };
  }

  /**
   * Affinity in [0, 1] for each product: the blended ALS + item-kNN score (personal), or
   * log-popularity, scaled by the best in this candidate set. Products the model never saw
   * score 0, what ALS predicts for an untouched item.
   */
  affinities(profile: ShopperProfile, productIds: readonly number[]): number[] {
    const { model } = this;
    const index = productIds.map((id) => model.itemIndex.get(String(id)));
    let raw: number[];
    if (profile.mode === "popularity") {
      raw = index.map((i) => (i === undefined ? 0 : Math.log1p(model.popularity[i]!)));
    } else {
      const k = model.factors.k;
      const als = index.map((i) => {
        if (i === undefined) return 0;
        let s = 0;
        for (let a = 0; a < k; a++) s += profile.vector[a]! * model.factors.items[i * k + a]!;
        return s;
      });
      const knn = index.map((i) => (i === undefined ? 0 : (profile.similar.get(i) ?? 0)));
      const blended = new Float32Array(index.length);
      blendScores(als, knn, model.knnWeight, blended);
      raw = Array.from(blended);
    }
    const lo = Math.min(0, ...raw);
    const hi = Math.max(...raw);
    return raw.map((r) => (hi > lo ? (r - lo) / (hi - lo) : 0));
  }

  /**
   * Item -> summed similarity to the shopper's items (item-kNN's score), over their neighbour
   * lists. A product the shopper touched counts as its own nearest neighbour (cosine 1): the
   * offline protocols never rank what a shopper already has, but a reranker may show it again,
   * and three views of one product say more about it than about the products bought with it.
   */
  private neighbourScores(items: readonly number[]): Map<number, number> {
    const nb = this.model.neighbours;
    const scores = new Map<number, number>();
    const add = (i: number, s: number) => scores.set(i, (scores.get(i) ?? 0) + s);
    for (const j of items) {
      add(j, 1);
      for (let b = nb.indptr[j]!; b < nb.indptr[j + 1]!; b++) add(nb.indices[b]!, nb.values[b]!);
    }
    return scores;
  }
}
