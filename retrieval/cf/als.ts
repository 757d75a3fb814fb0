/**
 * Implicit-feedback matrix factorization by alternating least squares (Hu, Koren & Volinsky,
 * "Collaborative Filtering for Implicit Feedback Datasets", ICDM 2008): every shopper x item
 * pair counts, observed ones with confidence 1 + alpha*log(1 + r/epsilon). Each half-step
 * solves the per-row normal equations with a few warm-started conjugate-gradient steps
 * (Takacs, Pilaszy & Tikk, RecSys 2011), so a sweep costs O(nnz*k + rows*k^2) instead of
 * O(rows*k^3). The same solve folds a new shopper in from their events in microseconds.
 */
import { gaussian, rng } from "./rng.js";
import { transpose, type Csr } from "./sparse.js";

export interface AlsOptions {
  factors: number;
  regularization: number;
  /** Confidence scale for observed pairs. */
  alpha: number;
  /** Count at which confidence growth turns logarithmic. */
  epsilon: number;
  iterations: number;
  cgSteps: number;
  seed: number;
}

/** Chosen on a validation split (the month before the test month of Online Retail); see README.md. */
export const ALS_DEFAULTS: AlsOptions = { factors: 64, regularization: 5, alpha: 3, epsilon: 1, iterations: 15, cgSteps: 3, seed: 7 };

export interface Factors {
  k: number;
  /** rows x k, row-major. */
  users: Float32Array;
  items: Float32Array;
}

export const confidenceOf = (r: number, o: Pick<AlsOptions, "alpha" | "epsilon">) => 1 + o.alpha * Math.log1p(r / o.epsilon);

/** Y^T Y + reg*I, k x k (Float64 for a stable accumulation). */
export function gramian(y: Float32Array, rows: number, k: number, reg: number): Float64Array {
  const g = new Float64Array(k * k);
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    for (let a = 0; a < k; a++) {
      const ya = y[o + a]!;
      if (ya === 0) continue;
      for (let b = a; b < k; b++) g[a * k + b]! += ya * y[o + b]!;
    }
  }
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < a; b++) g[a * k + b] = g[b * k + a]!;
    g[a * k + a]! += reg;
  }
  return g;
}

/** Scratch buffers for one solve, reused across rows. */
class Scratch {
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
  constructor(k: number) {
    this.r = new Float64Array(k);
    this.p = new Float64Array(k);
    this.ap = new Float64Array(k);
  }
}

/**
 * Warm-started CG for one row: x <- argmin of the weighted least squares with YtY (reg included),
 * the row's observed columns `cols` and their confidences `conf`. x is row `xo` of `x`.
 */
export function solveRow(
  x: Float32Array, xo: number, y: Float32Array, yty: Float64Array, k: number,
  cols: ArrayLike<number>, conf: ArrayLike<number>, steps: number, s: Scratch = new Scratch(k),
): void {
  const { r, p, ap } = s;
  // r = b - A x, with b = sum c_i y_i and A = YtY + sum (c_i - 1) y_i y_i^T.
  for (let a = 0; a < k; a++) {
    let acc = 0;
    for (let b = 0; b < k; b++) acc += yty[a * k + b]! * x[xo + b]!;
    r[a] = -acc;
  }
  for (let n = 0; n < cols.length; n++) {
    const yo = cols[n]! * k;
    const c = conf[n]!;
    let dot = 0;
    for (let a = 0; a < k; a++) dot += y[yo + a]! * x[xo + a]!;
    const w = c - (c - 1) * dot;
    for (let a = 0; a < k; a++) r[a]! += w * y[yo + a]!;
  }
  p.set(r);
  let rsold = 0;
  for (let a = 0; a < k; a++) rsold += r[a]! * r[a]!;
  for (let step = 0; step < steps && rsold > 1e-20; step++) {
    for (let a = 0; a < k; a++) {
      let acc = 0;
      for (let b = 0; b < k; b++) acc += yty[a * k + b]! * p[b]!;
      ap[a] = acc;
    }
    for (let n = 0; n < cols.length; n++) {
      const yo = cols[n]! * k;
      let dot = 0;
      for (let a = 0; a < k; a++) dot += y[yo + a]! * p[a]!;
      const w = (conf[n]! - 1) * dot;
      for (let a = 0; a < k; a++) ap[a]! += w * y[yo + a]!;
    }
    let pap = 0;
    for (let a = 0; a < k; a++) pap += p[a]! * ap[a]!;
    if (pap <= 0) break;
    const step_ = rsold / pap;
    let rsnew = 0;
    for (let a = 0; a < k; a++) {
      x[xo + a]! += step_ * p[a]!;
      r[a]! -= step_ * ap[a]!;
      rsnew += r[a]! * r[a]!;
    }
    for (let a = 0; a < k; a++) p[a] = r[a]! + (rsnew / rsold) * p[a]!;
    rsold = rsnew;
  }
}

function halfStep(x: Float32Array, y: Float32Array, m: Csr, conf: Float32Array, o: AlsOptions): void {
  const k = o.factors;
  const yty = gramian(y, m.cols, k, o.regularization);
  const s = new Scratch(k);
  for (let row = 0; row < m.rows; row++) {
    const from = m.indptr[row]!;
    const to = m.indptr[row + 1]!;
    solveRow(x, row * k, y, yty, k, m.indices.subarray(from, to), conf.subarray(from, to), o.cgSteps, s);
    // Strong regularization shrinks rarely seen rows toward zero; float32 subnormals there make
    // every later multiply ~100x slower, so flush them.
    for (let a = row * k; a < row * k + k; a++) if (Math.abs(x[a]!) < 1e-30) x[a] = 0;
  }
}

function randomFactors(rows: number, k: number, next: () => number): Float32Array {
  const f = new Float32Array(rows * k);
  for (let n = 0; n < f.length; n++) f[n] = gaussian(next) * 0.01;
  return f;
}

/** Trains on a shopper x item matrix of summed event weights; onIteration(done, total) reports progress. */
export function trainAls(m: Csr, options: Partial<AlsOptions> = {}, onIteration?: (done: number, total: number) => void): Factors {
  const o = { ...ALS_DEFAULTS, ...options };
  const mt = transpose(m);
  const conf = m.values.map((r) => confidenceOf(r, o));
  const confT = mt.values.map((r) => confidenceOf(r, o));
  const next = rng(o.seed);
  const users = randomFactors(m.rows, o.factors, next);
  const items = randomFactors(m.cols, o.factors, next);
  for (let it = 0; it < o.iterations; it++) {
    halfStep(users, items, m, conf, o);
    halfStep(items, users, mt, confT, o);
    onIteration?.(it + 1, o.iterations);
  }
  return { k: o.factors, users, items };
}

/**
 * A shopper's vector from their items alone (fold-in), with the item factors fixed: what lets
 * a shopper who arrived after training be reranked at once. `yty` is gramian(items, ..., reg).
 */
export function foldIn(
  items: Float32Array, yty: Float64Array, k: number, cols: ArrayLike<number>, weights: ArrayLike<number>,
  o: Pick<AlsOptions, "alpha" | "epsilon" | "cgSteps">,
): Float32Array {
  const x = new Float32Array(k);
  const conf = Array.from(weights, (w) => confidenceOf(w, o));
  // From zero, CG needs more steps than the warm-started training solves; k steps is exact.
  solveRow(x, 0, items, yty, k, cols, conf, Math.max(o.cgSteps, Math.min(k, 16)));
  return x;
}
