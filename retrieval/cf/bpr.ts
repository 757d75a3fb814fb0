/**
 * Bayesian Personalized Ranking (Rendle et al., UAI 2009) with SGD: for a sampled shopper,
 * an item they bought and one they did not, push the first above the second. Trained here as
 * the alternative to ALS; the benchmark measures both (retrieval/cf/README.md says which won).
 */
import type { Factors } from "./als.js";
import { gaussian, rng } from "./rng.js";
import type { Csr } from "./sparse.js";

export interface BprOptions {
  factors: number;
  learningRate: number;
  regularization: number;
  epochs: number;
  seed: number;
}

export const BPR_DEFAULTS: BprOptions = { factors: 64, learningRate: 0.05, regularization: 0.002, epochs: 40, seed: 7 };

export function trainBpr(m: Csr, options: Partial<BprOptions> = {}, onEpoch?: (done: number, total: number) => void): Factors {
  const o = { ...BPR_DEFAULTS, ...options };
  const k = o.factors;
  const next = rng(o.seed);
  const users = Float32Array.from({ length: m.rows * k }, () => gaussian(next) * 0.01);
  const items = Float32Array.from({ length: m.cols * k }, () => gaussian(next) * 0.01);
  const bias = new Float32Array(m.cols);
  // Sample positives uniformly over observed pairs: row of each nonzero.
  const rowOfNz = new Int32Array(m.indices.length);
  for (let r = 0; r < m.rows; r++) rowOfNz.fill(r, m.indptr[r], m.indptr[r + 1]);
  const seen = (u: number, j: number) => {
    // Columns are sorted within a row: binary search.
    let lo = m.indptr[u]!;
    let hi = m.indptr[u + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = m.indices[mid]!;
      if (c === j) return true;
      if (c < j) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  const { learningRate: lr, regularization: reg } = o;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let s = 0; s < m.indices.length; s++) {
      const nz = Math.floor(next() * m.indices.length);
      const u = rowOfNz[nz]!;
      const i = m.indices[nz]!;
      let j = Math.floor(next() * m.cols);
      for (let tries = 0; tries < 10 && seen(u, j); tries++) j = Math.floor(next() * m.cols);
      if (seen(u, j)) continue;
      const uo = u * k;
      const io = i * k;
      const jo = j * k;
      let x = bias[i]! - bias[j]!;
      for (let a = 0; a < k; a++) x += users[uo + a]! * (items[io + a]! - items[jo + a]!);
      const g = 1 / (1 + Math.exp(x)); // d/dx of ln sigmoid(x)
      bias[i]! += lr * (g - reg * bias[i]!);
      bias[j]! += lr * (-g - reg * bias[j]!);
      for (let a = 0; a < k; a++) {
        const uf = users[uo + a]!;
        const d = items[io + a]! - items[jo + a]!;
        users[uo + a] = uf + lr * (g * d - reg * uf);
        items[io + a] = items[io + a]! + lr * (g * uf - reg * items[io + a]!);
        items[jo + a] = items[jo + a]! + lr * (-g * uf - reg * items[jo + a]!);
      }
    }
    onEpoch?.(epoch + 1, o.epochs);
  }
  // Fold the item bias in as an extra factor (user side constant 1), so scoring stays one dot product.
  const k1 = k + 1;
  const u1 = new Float32Array(m.rows * k1);
  const i1 = new Float32Array(m.cols * k1);
  for (let r = 0; r < m.rows; r++) {
    u1.set(users.subarray(r * k, r * k + k), r * k1);
    u1[r * k1 + k] = 1;
  }
  for (let c = 0; c < m.cols; c++) {
    i1.set(items.subarray(c * k, c * k + k), c * k1);
    i1[c * k1 + k] = bias[c]!;
  }
  return { k: k1, users: u1, items: i1 };
}
