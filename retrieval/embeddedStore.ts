/**
 * The embedded executor: product documents in the embedded database (`embeddedDb.ts`, LMDB under
 * DATA_DIR) and in memory, queried with mingo (the MongoDB query language in process). The same
 * query documents as the MongoDB store; equality indexes on the fields the retriever pins (type,
 * gender, colour, brand, usage, season) and a multikey index on features narrow the scan to the
 * shortest matching list, the way a MongoDB index would, and documents are kept in the retriever's
 * result order so a find in that order stops after `limit` matches instead of sorting everything. A stock change writes that one
 * document in a transaction committed off the event loop.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { Query } from "mingo";
import type { Filter } from "mongodb";
import { maxStockOf } from "./catalog/commerce.js";
import type { Product } from "./catalog/products.js";
import { idList, RESULT_SORT } from "./query.js";
import { openEmbeddedDb, type EmbeddedDb } from "./embeddedDb.js";
import { readJsonLines } from "./jsonl.js";
import type { FindOptions, ProductStore, UpsertResult } from "./store.js";

/** The JSON Lines file earlier versions kept the products in: imported once (stock included), then renamed. */
const LEGACY_FILE = "products.jsonl";
const LEGACY_META = "products.meta.json";
const FINGERPRINT_KEY = "catalogFingerprint";
/** Products written per transaction while ingesting (progress is reported after each). */
const UPSERT_BATCH = 2000;

/**
 * The values a filter requires `field` to hold at least one of (`{field: {$in: [...]}}` or an
 * equality, top level or inside nested $and clauses), when all are plain strings.
 */
function requiredAnyOf(filter: Filter<Product>, field: keyof Product): string[] | undefined {
  const direct = (filter as Record<string, unknown>)[field];
  if (typeof direct === "string") return [direct];
  const anyOf = (direct as { $in?: unknown } | undefined)?.$in;
  if (Array.isArray(anyOf) && anyOf.every((v): v is string => typeof v === "string")) return anyOf;
  const and = (filter as { $and?: unknown }).$and;
  if (Array.isArray(and)) {
    for (const clause of and) {
      const v = requiredAnyOf(clause as Filter<Product>, field);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/**
 * The query that decides among candidates. With a top-level id list the candidates are exactly
 * those documents, so the list is left out of the test (mingo's `$in` scans its array per document).
 */
function queryOf(filter: Filter<Product>): Query<Product> {
  if (!idList(filter)) return new Query<Product>(filter, {});
  const rest = Object.fromEntries(Object.entries(filter as Record<string, unknown>).filter(([k]) => k !== "_id"));
  return new Query<Product>(rest, {});
}

/**
 * Indexed fields: a filter pinning any of them, or limiting it to a few values, scans only those
 * values' lists. `features` is an array field indexed by each value it holds (a MongoDB multikey
 * index): a feature search without a product type scanned all 44k documents (60-90 ms).
 */
const INDEXED_FIELDS = ["articleType", "gender", "baseColour", "brandKey", "usage", "season", "features"] as const satisfies readonly (keyof Product)[];

/** RESULT_SORT ({year: -1, _id: 1}) as a comparator, with MongoDB's rule that null sorts lowest. */
function resultOrder(a: Product, b: Product): number {
  return (b.year ?? -Infinity) - (a.year ?? -Infinity) || a._id - b._id;
}
const RESULT_SORT_KEY = JSON.stringify(RESULT_SORT);

/**
 * A product's own copy: its arrays and stock map are the only parts that are not plain values. A
 * hybrid search reads 200 documents; structuredClone took 2-3 ms of its p95, this a tenth of that.
 */
function copyOf(p: Product): Product {
  return { ...p, features: [...p.features], sizes: [...p.sizes], stock: { ...p.stock } };
}

export class EmbeddedProductStore implements ProductStore {
  readonly kind = "embedded" as const;
  private docs = new Map<number, Product>();
  /** All documents, and per indexed field the documents holding each value, in result order. */
  private all: Product[] = [];
  private readonly indexes = new Map<keyof Product, Map<string, Product[]>>();
  /** The same lists as id sets, to intersect the lists of several pinned fields cheaply. */
  private readonly members = new Map<Product[], Set<number>>();
  /** Each document's place in result order, to merge the lists of several values of one field. */
  private readonly rank = new Map<number, number>();

  private constructor(private readonly db: EmbeddedDb) {}

  /** Opens (or creates) the store in `dataDir`. */
  static open(dataDir: string): EmbeddedProductStore {
    const store = new EmbeddedProductStore(openEmbeddedDb(dataDir));
    store.importLegacyFile(dataDir);
    for (const { value } of store.db.products.getRange()) {
      const doc = value as Product;
      store.docs.set(doc._id, doc);
    }
    store.reindex();
    return store;
  }

  /** Earlier versions' products.jsonl (with the stock orders took) moves into the database once. */
  private importLegacyFile(dataDir: string): void {
    for (const name of readdirSync(dataDir)) {
      if (name.startsWith(`${LEGACY_FILE}.`) && name.endsWith(".tmp")) rmSync(path.join(dataDir, name), { force: true }); // a crashed rewrite's leftover
    }
    const file = path.join(dataDir, LEGACY_FILE);
    if (!existsSync(file) || this.db.products.getCount() > 0) return;
    const docs = readJsonLines(file).records as Product[];
    const meta = path.join(dataDir, LEGACY_META);
    let fingerprint: unknown = null;
    try {
      fingerprint = (JSON.parse(readFileSync(meta, "utf8")) as { fingerprint?: unknown }).fingerprint;
    } catch {
      // no or unreadable meta: the catalog is ingested again (stock restarts from the catalog)
    }
    this.db.root.transactionSync(() => {
      for (const d of docs) void this.db.products.put(d._id, d);
      if (typeof fingerprint === "string") void this.db.meta.put(FINGERPRINT_KEY, fingerprint);
    });
    renameSync(file, `${file}.imported`);
  }

  private reindex(): void {
    this.all = [...this.docs.values()].sort(resultOrder);
    this.indexes.clear();
    this.members.clear();
    this.rank.clear();
    this.all.forEach((d, i) => this.rank.set(d._id, i));
    for (const field of INDEXED_FIELDS) {
      const index = new Map<string, Product[]>();
      for (const d of this.all) {
        const held = d[field];
        const values = typeof held === "string" ? [held] : Array.isArray(held) ? new Set(held.filter((v): v is string => typeof v === "string")) : [];
        for (const value of values) {
          const list = index.get(value);
          if (list) list.push(d);
          else index.set(value, [d]);
        }
      }
      this.indexes.set(field, index);
      for (const list of index.values()) this.members.set(list, new Set(list.map((d) => d._id)));
    }
  }

  /** The documents holding one of `values` in an indexed field, in result order. */
  private anyOf(index: Map<string, Product[]>, values: readonly string[]): Product[] {
    const lists = [...new Set(values)].map((v) => index.get(v) ?? []);
    if (lists.length === 1) return lists[0]!;
    const union = new Map<number, Product>();
    for (const list of lists) for (const d of list) union.set(d._id, d);
    return [...union.values()].sort((a, b) => this.rank.get(a._id)! - this.rank.get(b._id)!);
  }

  /**
   * Documents that can match: the shortest index list among the fields the filter pins, less
   * those missing from the other pinned fields' lists (all documents when none is pinned).
   * Still a superset of the matches; the query itself decides.
   */
  private candidates(filter: Filter<Product>): Product[] {
    const ids = idList(filter);
    if (ids) return ids.map((id) => this.docs.get(id)).filter((d): d is Product => d !== undefined).sort(resultOrder);
    const lists: Product[][] = [];
    for (const [field, index] of this.indexes) {
      const values = requiredAnyOf(filter, field);
      if (values !== undefined) lists.push(this.anyOf(index, values));
    }
    if (lists.length === 0) return this.all;
    lists.sort((a, b) => a.length - b.length);
    const [shortest, ...others] = lists as [Product[], ...Product[][]];
    if (others.length === 0 || shortest.length === 0) return shortest;
    const sets = others.map((l) => this.members.get(l) ?? new Set(l.map((d) => d._id)));
    return shortest.filter((d) => sets.every((set) => set.has(d._id)));
  }

  find(filter: Filter<Product>, options: FindOptions): Promise<Product[]> {
    const query = queryOf(filter);
    let found: Product[];
    if (JSON.stringify(options.sort) === RESULT_SORT_KEY) {
      // Candidates are already in this order: stop at `limit` matches.
      found = [];
      for (const d of this.candidates(filter)) {
        if (found.length >= options.limit) break;
        if (query.test(d)) found.push(d);
      }
    } else {
      found = query.find<Product>(this.candidates(filter)).sort(options.sort).limit(options.limit).all();
    }
    // Copies, so callers cannot mutate the store's documents.
    return Promise.resolve(found.map(copyOf));
  }

  findIds(filter: Filter<Product>, limit: number): Promise<number[]> {
    const query = queryOf(filter);
    const ids: number[] = [];
    for (const d of this.candidates(filter)) {
      if (ids.length >= limit) break;
      if (query.test(d)) ids.push(d._id);
    }
    return Promise.resolve(ids);
  }

  /**
   * Scores the index's candidates first (cheap), then runs the query only until `limit` of the best
   * pass. Only the best few times `limit` are put in order (the cut found by a native numeric sort
   * of the scores); the rest are ordered only if too few of those pass the query.
   */
  findTop(filter: Filter<Product>, score: (id: number) => number, limit: number, scan: number): Promise<number[]> {
    const query = queryOf(filter);
    const docs = this.candidates(filter);
    const scores = new Float64Array(docs.length);
    for (let i = 0; i < docs.length; i++) scores[i] = score(docs[i]!._id);
    const byScore = (a: number, b: number) => scores[b]! - scores[a]! || a - b;
    const head = Math.min(docs.length, Math.max(4 * limit, 64));
    const cut = head < docs.length ? scores.slice().sort()[docs.length - head]! : -Infinity;
    const best: number[] = [];
    for (let i = 0; i < docs.length; i++) if (scores[i]! >= cut) best.push(i);
    best.sort(byScore);
    const ids: number[] = [];
    let tested = 0;
    const take = (order: readonly number[], from: number) => {
      for (let k = from; k < order.length; k++) {
        if (ids.length >= limit || tested >= scan) return;
        tested++;
        const d = docs[order[k]!]!;
        if (query.test(d)) ids.push(d._id);
      }
    };
    take(best, 0);
    if (ids.length < limit && tested < scan && best.length < docs.length) {
      // Too few of the best passed: continue in the full order after those already tested.
      const all = Array.from(docs.keys()).sort(byScore);
      take(all, best.length);
    }
    return Promise.resolve(ids);
  }

  count(filter: Filter<Product> = {}): Promise<number> {
    const q = queryOf(filter);
    return Promise.resolve(this.candidates(filter).filter((d) => q.test(d)).length);
  }

  async upsertMany(products: readonly Product[], onProgress?: (done: number) => void): Promise<UpsertResult> {
    const result: UpsertResult = { upserted: 0, modified: 0, matched: 0 };
    for (let start = 0; start < products.length; start += UPSERT_BATCH) {
      const batch = products.slice(start, start + UPSERT_BATCH);
      await this.db.root.transaction(() => {
        for (const p of batch) void this.db.products.put(p._id, p);
      });
      for (const p of batch) {
        const old = this.docs.get(p._id);
        if (!old) result.upserted++;
        else {
          result.matched++;
          if (old.contentHash !== p.contentHash) result.modified++;
        }
        this.docs.set(p._id, copyOf(p));
      }
      onProgress?.(start + batch.length);
    }
    if (products.length === 0) onProgress?.(0);
    this.reindex();
    return result;
  }

  /**
   * Takes `qty` units of `size` when that many are there, in memory and in the database; false
   * (nothing changed) otherwise. Must run inside a write transaction of this store's database
   * (`db.root.transaction`), so an order can commit in the same transaction as its stock.
   */
  takeStockInTransaction(productId: number, size: string, qty: number): boolean {
    const doc = this.docs.get(productId);
    const have = doc?.stock[size];
    if (!doc || have === undefined || have < qty) return false;
    this.adjust(doc, size, -qty);
    return true;
  }

  private adjust(doc: Product, size: string, delta: number): void {
    doc.stock[size] = (doc.stock[size] ?? 0) + delta;
    doc.totalStock += delta;
    // "Any size in stock" searches filter on maxStock: it must follow the stock.
    doc.maxStock = maxStockOf(doc.stock);
    void this.db.products.put(doc._id, doc);
  }

  /** After a failed commit: the document as the database has it. */
  restore(productId: number): void {
    const stored = this.db.products.get(productId) as Product | undefined;
    const doc = this.docs.get(productId);
    if (stored && doc) Object.assign(doc, stored);
  }

  /** The embedded database this store writes to (the order store commits orders in it). */
  get database(): EmbeddedDb {
    return this.db;
  }

  async reserveStock(productId: number, size: string, qty: number): Promise<boolean> {
    try {
      return await this.db.root.transaction(() => this.takeStockInTransaction(productId, size, qty));
    } catch (e) {
      this.restore(productId);
      throw e;
    }
  }

  async releaseStock(productId: number, size: string, qty: number): Promise<void> {
    const doc = this.docs.get(productId);
    if (!doc || doc.stock[size] === undefined) return;
    try {
      await this.db.root.transaction(() => this.adjust(doc, size, qty));
    } catch (e) {
      this.restore(productId);
      throw e;
    }
  }

  catalogFingerprint(): Promise<string | null> {
    const v = this.db.meta.get(FINGERPRINT_KEY);
    return Promise.resolve(typeof v === "string" ? v : null);
  }

  async setCatalogFingerprint(fingerprint: string): Promise<void> {
    await this.db.meta.put(FINGERPRINT_KEY, fingerprint);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
