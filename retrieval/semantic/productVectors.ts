/**
 * Every product's sentence vector, in memory (int8, 384 bytes a product: 17 MB for the catalog),
 * computed by the understanding encoder and cached per encoder build (vectorCache.ts: a file, and on
 * MongoDB a collection every node shares), so a restart or a second node reuses them and a catalog
 * change embeds only the products whose text changed.
 *
 * Both executors score candidates against these in process: FerretDB (the MongoDB-wire server
 * here) has no vector search, and the candidates are already filtered by the hard constraints.
 */
import { createHash } from "node:crypto";
import type { Product } from "../catalog/products.js";
import { productText } from "./productText.js";
import type { CachedVector, VectorCache } from "./vectorCache.js";
import { dotRows, quantizeQuery, VectorScan } from "./vectorScan.js";

export type Embed = (texts: readonly string[]) => Promise<Float32Array[]>;

export interface VectorBuildProgress {
  (done: number, total: number): void;
}

function textHash(text: string): Buffer {
  return createHash("sha1").update(text).digest();
}

/** Each product's embedded text and its hash (sha1, what a cached vector must carry to be current) by id, worked out once per start (a count of what is missing, then the opening). */
export interface ProductTexts {
  texts: ReadonlyMap<number, string>;
  hashes: ReadonlyMap<number, Buffer>;
}

export function productTexts(products: readonly Product[]): ProductTexts {
  const texts = new Map(products.map((p) => [p.id, productText(p)]));
  return { texts, hashes: new Map([...texts].map(([id, text]) => [id, textHash(text)])) };
}

export interface OpenOptions {
  onProgress?: VectorBuildProgress;
  /** Products embedded per call (several calls run at once). */
  chunk?: number;
  /** The products' texts, when the caller has them already. */
  texts?: ProductTexts;
}

/** A unit vector as int8: each component times 127, so a dot product over 127 is the cosine. */
export function quantize(v: Float32Array): Int8Array {
  const q = new Int8Array(v.length);
  for (let i = 0; i < v.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(v[i]! * 127)));
  return q;
}

/** Cosine of a unit query vector with a quantized product vector. */
export function cosine(query: Float32Array, product: Int8Array): number {
  return dotAt(query, product, 0, product.length) / 127;
}

/**
 * Dot product of `query` with `length` components of `data` from `at`, four running sums at a
 * time (about twice as fast in V8 as one sum; the order of additions is the same everywhere, so
 * both executors and every caller get the same scores).
 */
function dotAt(query: Float32Array, data: Int8Array, at: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += query[i]! * data[at + i]!;
    s1 += query[i + 1]! * data[at + i + 1]!;
    s2 += query[i + 2]! * data[at + i + 2]!;
    s3 += query[i + 3]! * data[at + i + 3]!;
  }
  for (; i < length; i++) s0 += query[i]! * data[at + i]!;
  return s0 + s1 + (s2 + s3);
}

export class ProductVectors {
  /** All vectors in one block (row i belongs to ids[i]), each article type's rows together: a scan reads one range per type. */
  private readonly data: Int8Array;
  private readonly ids: Int32Array;
  private readonly rowOf = new Map<number, number>();
  /** Each article type's rows (a range of `data`) with their mean direction: a search by meaning alone scans the nearest types only. */
  private readonly groups: { start: number; count: number; centroid: Float32Array }[] = [];
  /** The same groups by article type. */
  private readonly groupOfType = new Map<string, (typeof this.groups)[number]>();
  /** The native scan, opened on the first search by meaning alone. */
  private scan: Promise<VectorScan> | undefined;
  readonly dims: number;

  private constructor(byId: Map<number, Int8Array>, groupOf: Map<number, string>) {
    this.dims = byId.values().next().value?.length ?? 0;
    this.data = new Int8Array(byId.size * this.dims);
    this.ids = new Int32Array(byId.size);
    const idsByGroup = new Map<string, number[]>();
    for (const id of byId.keys()) {
      const g = groupOf.get(id) ?? "";
      (idsByGroup.get(g) ?? idsByGroup.set(g, []).get(g)!).push(id);
    }
    let row = 0;
    for (const [type, ids] of idsByGroup) {
      const start = row;
      const centroid = new Float32Array(this.dims);
      for (const id of ids) {
        const v = byId.get(id)!;
        this.data.set(v, row * this.dims);
        this.ids[row] = id;
        this.rowOf.set(id, row++);
        for (let i = 0; i < this.dims; i++) centroid[i]! += v[i]!;
      }
      const norm = Math.hypot(...centroid) || 1;
      const group = { start, count: ids.length, centroid: centroid.map((x) => x / norm) };
      this.groups.push(group);
      this.groupOfType.set(type, group);
    }
  }

  get size(): number {
    return this.ids.length;
  }

  /** Cosine of a unit query vector with a product's vector (-1 when the product has none), without a view per call. */
  similarity(query: Float32Array, id: number): number {
    const row = this.rowOf.get(id);
    return row === undefined ? -1 : dotAt(query, this.data, row * this.dims, this.dims) / 127;
  }

  get(id: number): Int8Array | undefined {
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : this.data.subarray(row * this.dims, (row + 1) * this.dims);
  }

  /**
   * About the k products nearest to a unit query vector, nearest first. The scan covers the
   * `groups` article types whose mean direction is nearest (a whole-catalog scan took 40-50 ms in
   * JavaScript), in native integer arithmetic (vectorScan.ts): an approximate search, as vector
   * indexes are. `native: false` scans in JavaScript, with the same integers.
   */
  async nearest(query: Float32Array, k: number, options: { groups?: number; native?: boolean } = {}): Promise<number[]> {
    const d = this.dims;
    const dot = (v: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += query[i]! * v[i]!;
      return s;
    };
    const chosen = this.groups.map((g) => ({ g, s: dot(g.centroid) })).sort((a, b) => b.s - a.s).slice(0, options.groups ?? 12);
    const q = quantizeQuery(query);
    const scan = options.native === false ? undefined : await (this.scan ??= VectorScan.open());
    const parts: { start: number; scores: Int32Array }[] = [];
    for (const { g } of chosen) parts.push({ start: g.start, scores: scan ? await scan.dot(this.block(g), q) : dotRows(this.block(g), q) });
    const total = parts.reduce((n, p) => n + p.scores.length, 0);
    // Only the k best are ordered: the k-th score comes from a native numeric sort of all scores.
    let cut = -Infinity;
    if (total > k) {
      const all = new Int32Array(total);
      let at = 0;
      for (const p of parts) {
        all.set(p.scores, at);
        at += p.scores.length;
      }
      cut = all.sort()[total - k]!;
    }
    // Ties keep scan order (the nearest type's products first).
    const best: { row: number; score: number; order: number }[] = [];
    let order = 0;
    for (const { start, scores } of parts) {
      for (let r = 0; r < scores.length; r++, order++) if (scores[r]! >= cut) best.push({ row: start + r, score: scores[r]!, order });
    }
    best.sort((a, b) => b.score - a.score || a.order - b.order);
    return best.slice(0, k).map((b) => this.ids[b.row]!);
  }

  /** One article type's rows of `data`, in place. */
  private block(g: { start: number; count: number }): Int8Array {
    return this.data.subarray(g.start * this.dims, (g.start + g.count) * this.dims);
  }

  /**
   * A scorer for the products of one article type, from one native scan of its rows (integer scores
   * that order as the cosines do, up to the query's int8 rounding; comparable within this query
   * only; -Infinity for a product of another type): a search with a product type ranks its
   * thousands of candidates by it.
   */
  async scoreType(query: Float32Array, type: string): Promise<(id: number) => number> {
    const g = this.groupOfType.get(type);
    if (!g) return () => -Infinity;
    const scan = await (this.scan ??= VectorScan.open());
    const scores = await scan.dot(this.block(g), quantizeQuery(query));
    return (id) => {
      const r = (this.rowOf.get(id) ?? -1) - g.start;
      return r >= 0 && r < g.count ? scores[r]! : -Infinity;
    };
  }

  /** Releases the native scan (a closing server; the vectors themselves are plain memory). */
  async close(): Promise<void> {
    const scan = this.scan;
    this.scan = undefined;
    if (scan) await (await scan).close();
  }

  /** How many of these products the cache lacks (or holds for an older text): what open() would embed. */
  static async missing(products: readonly Product[], cache: VectorCache, { hashes } = productTexts(products)): Promise<number> {
    const cached = await cache.get(products.map((p) => p.id), hashes);
    return products.filter((p) => !cached.get(p.id)?.hash.equals(hashes.get(p.id)!)).length;
  }

  /** The vectors of `products`: from `cache` where a product's text is unchanged, embedded otherwise (and then cached). */
  static async open(products: readonly Product[], embed: Embed, cache: VectorCache, options: OpenOptions = {}): Promise<ProductVectors> {
    const { onProgress, chunk = 64 } = options;
    // Each product's text and its hash once: the cache is asked with them, and the misses reuse them.
    const { texts, hashes } = options.texts ?? productTexts(products);
    const cached = await cache.get(products.map((p) => p.id), hashes);
    const byId = new Map<number, Int8Array>();
    const embedded = new Map<number, CachedVector>();
    const todo: { id: number; text: string; hash: Buffer }[] = [];
    for (const p of products) {
      const hash = hashes.get(p.id)!;
      const hit = cached.get(p.id);
      if (hit && hit.hash.equals(hash)) byId.set(p.id, hit.vector);
      else todo.push({ id: p.id, text: texts.get(p.id)!, hash });
    }
    if (todo.length > 0) {
      let done = 0;
      onProgress?.(0, todo.length);
      // Chunks in flight together keep every model worker busy.
      const chunks: (typeof todo)[] = [];
      for (let i = 0; i < todo.length; i += chunk) chunks.push(todo.slice(i, i + chunk));
      const work = async () => {
        for (let c = chunks.shift(); c; c = chunks.shift()) {
          const vectors = await embed(c.map((t) => t.text));
          c.forEach((t, i) => {
            const vector = quantize(vectors[i]!);
            byId.set(t.id, vector);
            embedded.set(t.id, { hash: t.hash, vector });
          });
          done += c.length;
          onProgress?.(done, todo.length);
        }
      };
      await Promise.all([work(), work(), work(), work()]);
      await cache.put(embedded);
    }
    return new ProductVectors(byId, new Map(products.map((p) => [p.id, p.articleType])));
  }
}
