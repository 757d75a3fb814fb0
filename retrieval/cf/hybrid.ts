/**
 * The reranking model's score: ALS plus item-kNN. ALS wins when the future is predicted from
 * the past (time split); item-kNN, a basket co-occurrence lookup, wins when the held-out item
 * sits in the same baskets as the training ones (leave-one-out). Each score is scaled by its
 * largest value for the shopper, then blended, so the weight means the same for every shopper.
 * The weight and the neighbour count were chosen on validation data (README.md).
 */

/**
 * Weight of the scaled item-kNN score against the scaled ALS score (1). Chosen by
 * `npm run cf:bench -- --validate`: validation NDCG@10 gains over item-kNN of +3.0% (time split)
 * and +1.5% (leave-one-out), the best worse-of-the-two among 0 to 16.
 */
export const KNN_WEIGHT = 6;
/** Neighbours kept per item. */
export const KNN_NEIGHBOURS = 10;

/** out[i] = als[i] / max|als| + knnWeight * knn[i] / max(knn); either part is skipped when all zero. */
export function blendScores(als: ArrayLike<number>, knn: ArrayLike<number>, knnWeight: number, out: Float32Array): void {
  let maxAls = 0;
  let maxKnn = 0;
  for (let i = 0; i < out.length; i++) {
    maxAls = Math.max(maxAls, Math.abs(als[i]!));
    maxKnn = Math.max(maxKnn, knn[i]!);
  }
  const a = maxAls > 0 ? 1 / maxAls : 0;
  const b = maxKnn > 0 ? knnWeight / maxKnn : 0;
  for (let i = 0; i < out.length; i++) out[i] = a * als[i]! + b * knn[i]!;
}
