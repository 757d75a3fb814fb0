/** Runs a scorer over a split's test shoppers and averages the top-10 metrics. */
import type { Dataset } from "./dataset.js";
import { K, MetricMean, rankMetrics, type RankMetrics } from "./metrics.js";
import { rowOf } from "./sparse.js";
import { topK } from "./topk.js";

/** Fills `out` (one score per training item) for training shopper `user`. */
export type Scorer = (user: number, out: Float32Array) => void;

export interface Evaluation {
  metrics: RankMetrics;
  shoppers: number;
  /** Per-shopper latency of scoring every item and taking the top 10, in ms (sorted). */
  latencies: number[];
}

export function evaluate(train: Dataset, relevant: ReadonlyMap<string, ReadonlySet<string>>, score: Scorer): Evaluation {
  const mean = new MetricMean();
  const out = new Float32Array(train.items.length);
  const latencies: number[] = [];
  for (const [user, items] of relevant) {
    const u = train.userIndex.get(user);
    if (u === undefined) continue;
    const truth = new Set<number>();
    for (const item of items) {
      const i = train.itemIndex.get(item);
      if (i !== undefined) truth.add(i);
    }
    if (truth.size === 0) continue;
    const t = performance.now();
    score(u, out);
    const ranked = topK(out, K, rowOf(train.matrix, u));
    latencies.push(performance.now() - t);
    mean.add(rankMetrics(ranked, truth));
  }
  latencies.sort((a, b) => a - b);
  return { metrics: mean.mean(), shoppers: mean.count, latencies };
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
