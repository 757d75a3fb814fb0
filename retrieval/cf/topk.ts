/** Fast top-k selection over a dense score vector, skipping excluded columns. */

/** Indices of the k largest scores, best first; ties go to the lower index; `exclude` is never returned. */
export function topK(scores: Float32Array, k: number, exclude?: ArrayLike<number>): Int32Array {
  const banned = exclude && exclude.length > 0 ? new Set(Array.from(exclude)) : undefined;
  const idx = new Int32Array(k).fill(-1);
  const val = new Float64Array(k).fill(-Infinity);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (size === k && s <= val[k - 1]!) continue;
    if (banned?.has(i)) continue;
    // Insertion into the small sorted buffer (k is 10-ish, so this beats a heap).
    let at = size < k ? size++ : k - 1;
    while (at > 0 && val[at - 1]! < s) {
      val[at] = val[at - 1]!;
      idx[at] = idx[at - 1]!;
      at--;
    }
    val[at] = s;
    idx[at] = i;
  }
  return idx.subarray(0, size);
}

/** scores[i] = user . item_i for every item (factors row-major, k wide). */
export function dotAll(user: Float32Array, uo: number, items: Float32Array, k: number, out: Float32Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const io = i * k;
    let s = 0;
    for (let a = 0; a < k; a++) s += user[uo + a]! * items[io + a]!;
    out[i] = s;
  }
}
