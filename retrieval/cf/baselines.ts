/**
 * The two baselines the model must beat: popularity (distinct buyers per item) and item-kNN
 * (cosine similarity between items' buyer sets, keeping each item's `neighbours` most similar
 * items; a shopper's score for an item sums its similarity to what they bought).
 */
import { transpose, type Csr } from "./sparse.js";

/** Distinct shoppers per item. */
export function popularity(m: Csr): Float32Array {
  const counts = new Float32Array(m.cols);
  for (let k = 0; k < m.indices.length; k++) counts[m.indices[k]!]!++;
  return counts;
}

export interface ItemKnn {
  /** Item x item, top neighbours per row, cosine values. */
  neighbours: Csr;
}

export function trainItemKnn(m: Csr, neighbours = 100): ItemKnn {
  const mt = transpose(m);
  const norm = new Float64Array(m.cols);
  for (let i = 0; i < m.cols; i++) norm[i] = Math.sqrt(mt.indptr[i + 1]! - mt.indptr[i]!);
  const co = new Float64Array(m.cols);
  const touched: number[] = [];
  const indptr = new Int32Array(m.cols + 1);
  const rowsIdx: Int32Array[] = [];
  const rowsVal: Float32Array[] = [];
  for (let i = 0; i < m.cols; i++) {
    // Co-buyers of item i: for each buyer, every item they bought.
    for (let a = mt.indptr[i]!; a < mt.indptr[i + 1]!; a++) {
      const u = mt.indices[a]!;
      for (let b = m.indptr[u]!; b < m.indptr[u + 1]!; b++) {
        const j = m.indices[b]!;
        if (j === i) continue;
        if (co[j] === 0) touched.push(j);
        co[j]!++;
      }
    }
    const sims = touched.map((j) => ({ j, s: co[j]! / (norm[i]! * norm[j]!) }));
    sims.sort((x, y) => y.s - x.s || x.j - y.j);
    const kept = sims.slice(0, neighbours);
    rowsIdx.push(Int32Array.from(kept, (x) => x.j));
    rowsVal.push(Float32Array.from(kept, (x) => x.s));
    indptr[i + 1] = indptr[i]! + kept.length;
    for (const j of touched) co[j] = 0;
    touched.length = 0;
  }
  const indices = new Int32Array(indptr[m.cols]!);
  const values = new Float32Array(indptr[m.cols]!);
  rowsIdx.forEach((r, i) => indices.set(r, indptr[i]));
  rowsVal.forEach((r, i) => values.set(r, indptr[i]));
  return { neighbours: { rows: m.cols, cols: m.cols, indptr, indices, values } };
}

/** out[i] = sum over the shopper's items j of sim(j, i). */
export function scoreItemKnn(knn: ItemKnn, userItems: ArrayLike<number>, out: Float32Array): void {
  out.fill(0);
  const n = knn.neighbours;
  for (let a = 0; a < userItems.length; a++) {
    const j = userItems[a]!;
    for (let b = n.indptr[j]!; b < n.indptr[j + 1]!; b++) out[n.indices[b]!]! += n.values[b]!;
  }
}
