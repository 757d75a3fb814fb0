/**
 * The embedded executor: product documents in memory, persisted as JSON Lines under DATA_DIR,
 * queried with mingo (the MongoDB query language in process). The same query documents as the
 * MongoDB store; equality indexes on the fields the retriever pins (type, gender, colour, brand,
 * usage, season) narrow the scan to the shortest matching list, the way a MongoDB index would, and
 * documents are kept in the retriever's result order so a find in that order stops after `limit`
 * matches instead of sorting everything.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { Query } from "mingo";
import type { Filter } from "mongodb";
import { maxStockOf } from "./catalog/commerce.js";
import type { Product } from "./catalog/products.js";
import { RESULT_SORT } from "./query.js";
import type { FindOptions, ProductStore, UpsertResult } from "./store.js";

const FILE_NAME = "products.jsonl";
const META_NAME = "products.meta.json";

/** The value a filter pins `field` to by plain equality (top level or inside nested $and clauses). */
function pinnedValue(filter: Filter<Product>, field: keyof Product): string | undefined {
  const direct = (filter as Record<string, unknown>)[field];
  if (typeof direct === "string") return direct;
  const and = (filter as { $and?: unknown }).$and;
  if (Array.isArray(and)) {
    for (const clause of and) {
      const v = pinnedValue(clause as Filter<Product>, field);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** Fields with an equality index: a filter pinning any of them scans only that field's list. */
const INDEXED_FIELDS = ["articleType", "gender", "baseColour", "brandKey", "usage", "season"] as const satisfies readonly (keyof Product)[];

/** RESULT_SORT ({year: -1, _id: 1}) as a comparator, with MongoDB's rule that null sorts lowest. */
function resultOrder(a: Product, b: Product): number {
  return (b.year ?? -Infinity) - (a.year ?? -Infinity) || a._id - b._id;
}
const RESULT_SORT_KEY = JSON.stringify(RESULT_SORT);

export class EmbeddedProductStore implements ProductStore {
  readonly kind = "embedded" as const;
  private docs = new Map<number, Product>();
  /** All documents, and per indexed field the documents of each value, in result order. */
  private all: Product[] = [];
  private readonly indexes = new Map<keyof Product, Map<string, Product[]>>();
  /** The same lists as id sets, to intersect the lists of several pinned fields cheaply. */
  private readonly members = new Map<Product[], Set<number>>();

  private constructor(private readonly file: string) {}

  /** Opens (or creates) the store in `dataDir`; a corrupt file fails with its name and line. */
  static open(dataDir: string): EmbeddedProductStore {
    const store = new EmbeddedProductStore(path.join(dataDir, FILE_NAME));
    if (existsSync(store.file)) {
      const lines = readFileSync(store.file, "utf8").split("\n");
      lines.forEach((line, i) => {
        if (line.trim() === "") return;
        let doc: Product;
        try {
          doc = JSON.parse(line) as Product;
        } catch (e) {
          throw new Error(`${store.file}:${i + 1}: not valid JSON (${(e as Error).message}); delete the file and run npm run ingest`);
        }
        store.docs.set(doc._id, doc);
      });
      store.reindex();
    }
    return store;
  }

  private reindex(): void {
    this.all = [...this.docs.values()].sort(resultOrder);
    this.indexes.clear();
    this.members.clear();
    for (const field of INDEXED_FIELDS) {
      const index = new Map<string, Product[]>();
      for (const d of this.all) {
        const value = d[field];
        if (typeof value !== "string") continue;
        const list = index.get(value);
        if (list) list.push(d);
        else index.set(value, [d]);
      }
      this.indexes.set(field, index);
      for (const list of index.values()) this.members.set(list, new Set(list.map((d) => d._id)));
    }
  }

  /**
   * Documents that can match: the shortest index list among the fields the filter pins, less
   * those missing from the other pinned fields' lists (all documents when none is pinned).
   * Still a superset of the matches; the query itself decides.
   */
  private candidates(filter: Filter<Product>): Product[] {
    const lists: Product[][] = [];
    for (const [field, index] of this.indexes) {
      const value = pinnedValue(filter, field);
      if (value !== undefined) lists.push(index.get(value) ?? []);
    }
    if (lists.length === 0) return this.all;
    lists.sort((a, b) => a.length - b.length);
    const [shortest, ...others] = lists as [Product[], ...Product[][]];
    if (others.length === 0 || shortest.length === 0) return shortest;
    const sets = others.map((l) => this.members.get(l)!);
    return shortest.filter((d) => sets.every((set) => set.has(d._id)));
  }

  find(filter: Filter<Product>, options: FindOptions): Promise<Product[]> {
    const query = new Query<Product>(filter, {});
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
    return Promise.resolve(found.map((d) => structuredClone(d)));
  }

  count(filter: Filter<Product> = {}): Promise<number> {
    const q = new Query<Product>(filter, {});
    return Promise.resolve(this.candidates(filter).filter((d) => q.test(d)).length);
  }

  upsertMany(products: readonly Product[], onProgress?: (done: number) => void): Promise<UpsertResult> {
    const result: UpsertResult = { upserted: 0, modified: 0, matched: 0 };
    products.forEach((p, i) => {
      const old = this.docs.get(p._id);
      if (!old) result.upserted++;
      else {
        result.matched++;
        if (old.contentHash !== p.contentHash) result.modified++;
      }
      this.docs.set(p._id, structuredClone(p));
      if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1);
    });
    onProgress?.(products.length);
    this.reindex();
    this.persist();
    return Promise.resolve(result);
  }

  /** Atomic write: a crash mid-write leaves the previous file intact. */
  private persist(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, [...this.docs.values()].map((d) => JSON.stringify(d)).join("\n") + "\n");
    renameSync(tmp, this.file);
  }

  /** Single-threaded, so check-and-decrement is atomic; persisted before returning. */
  reserveStock(productId: number, size: string, qty: number): Promise<boolean> {
    const doc = this.docs.get(productId);
    const have = doc?.stock[size];
    if (!doc || have === undefined || have < qty) return Promise.resolve(false);
    doc.stock[size] = have - qty;
    doc.totalStock -= qty;
    // "Any size in stock" searches filter on maxStock: it must follow the stock.
    doc.maxStock = maxStockOf(doc.stock);
    this.persist();
    return Promise.resolve(true);
  }

  releaseStock(productId: number, size: string, qty: number): Promise<void> {
    const doc = this.docs.get(productId);
    if (doc && doc.stock[size] !== undefined) {
      doc.stock[size] += qty;
      doc.totalStock += qty;
      doc.maxStock = maxStockOf(doc.stock);
      this.persist();
    }
    return Promise.resolve();
  }

  catalogFingerprint(): Promise<string | null> {
    const meta = path.join(path.dirname(this.file), META_NAME);
    if (!existsSync(meta)) return Promise.resolve(null);
    try {
      const parsed = JSON.parse(readFileSync(meta, "utf8")) as { fingerprint?: unknown };
      return Promise.resolve(typeof parsed.fingerprint === "string" ? parsed.fingerprint : null);
    } catch {
      return Promise.resolve(null); // unreadable meta: re-ingestion (idempotent) repairs it
    }
  }

  setCatalogFingerprint(fingerprint: string): Promise<void> {
    writeFileSync(path.join(path.dirname(this.file), META_NAME), JSON.stringify({ fingerprint }) + "\n");
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
