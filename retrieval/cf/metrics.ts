/**
 * Top-k ranking metrics for implicit feedback, per shopper; the benchmark averages them over
 * shoppers with at least one relevant item. Definitions follow the common recsys usage:
 * precision@k = hits/k, recall@k = hits/|relevant|, NDCG@k with binary gains and the ideal
 * ranking of min(|relevant|, k) hits, MAP@k = mean over hits of precision at that hit, / min(|relevant|, k).
 */

export interface RankMetrics {
  "precision@10": number;
  "recall@10": number;
  "ndcg@10": number;
  "map@10": number;
}

export const METRIC_KEYS = ["precision@10", "recall@10", "ndcg@10", "map@10"] as const;
export const K = 10;

/** Metrics of one ranked list (best first) against a non-empty relevant set. */
export function rankMetrics(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k = K): RankMetrics {
  let hits = 0;
  let dcg = 0;
  let apSum = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) {
    if (relevant.has(ranked[i]!)) {
      hits++;
      dcg += 1 / Math.log2(i + 2);
      apSum += hits / (i + 1);
    }
  }
  const ideal = Math.min(relevant.size, k);
  let idcg = 0;
  for (let i = 0; i < ideal; i++) idcg += 1 / Math.log2(i + 2);
  return {
    "precision@10": hits / k,
    "recall@10": hits / relevant.size,
    "ndcg@10": idcg > 0 ? dcg / idcg : 0,
    "map@10": ideal > 0 ? apSum / ideal : 0,
  };
}

/** Running mean of RankMetrics. */
export class MetricMean {
  private readonly sums: RankMetrics = { "precision@10": 0, "recall@10": 0, "ndcg@10": 0, "map@10": 0 };
  count = 0;

  add(m: RankMetrics): void {
    for (const key of METRIC_KEYS) this.sums[key] += m[key];
    this.count++;
  }

  mean(): RankMetrics {
    const out = { ...this.sums };
    for (const key of METRIC_KEYS) out[key] = this.count > 0 ? out[key] / this.count : 0;
    return out;
  }
}
