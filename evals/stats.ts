/** Small statistics helpers: rates, percentiles, histograms, F1. */

/** passed / total, or null when there is nothing to measure (so "no data" never reads as 0% or 100%). */
export const rate = (passed: number, total: number): number | null => (total === 0 ? null : passed / total);

/** Nearest-rank percentile of unsorted values; null for an empty list. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Prf {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Precision, recall and F1 from counts; F1 is 0 when precision and recall are both 0. */
export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = rate(tp, tp + fp);
  const recall = rate(tp, tp + fn);
  const f1 = precision === null || recall === null ? (tp + fp + fn === 0 ? null : 0) : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export interface Histogram {
  /** Lower edge of each bin, in the values' unit. */
  edges: number[];
  counts: number[];
  width: number;
}

/** Equal-width bins from 0 to the maximum, with a "nice" width (1, 2 or 5 times a power of ten). */
export function histogram(values: readonly number[], targetBins = 20): Histogram {
  if (values.length === 0) return { edges: [], counts: [], width: 0 };
  const max = Math.max(...values);
  const raw = Math.max(max / targetBins, 1e-9);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const width = [1, 2, 5, 10].map((m) => m * pow).find((w) => w >= raw) ?? 10 * pow;
  const n = Math.max(1, Math.floor(max / width) + 1);
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.floor(v / width))]! += 1;
  return { edges: counts.map((_, i) => Number((i * width).toPrecision(12))), counts, width };
}

export const round = (x: number | null, digits = 4): number | null => (x === null ? null : Number(x.toFixed(digits)));
