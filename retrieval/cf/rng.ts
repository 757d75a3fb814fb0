/** Deterministic pseudo-random numbers (mulberry32), so training, sampling and simulation repeat exactly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A standard normal draw (Box-Muller) from a uniform source. */
export function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || Number.MIN_VALUE)) * Math.cos(2 * Math.PI * next());
}
