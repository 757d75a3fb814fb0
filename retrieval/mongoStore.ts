/** The MongoDB executor, through the official driver. Works against MongoDB 7 and FerretDB 1.x. */
import {
  MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Filter,
} from "mongodb";
import type { Product } from "./catalog/products.js";
import type { FindOptions, ProductStore, UpsertResult } from "./store.js";
import { maxStockOf } from "./catalog/commerce.js";
import { RESULT_SORT } from "./query.js";
import { ensureIndexes } from "./indexes.js";
import { ownLease, type MongoLease } from "./mongo.js";

const BATCH = 1000;

export class MongoProductStore implements ProductStore {
  readonly kind = "mongodb" as const;

  private constructor(
    private readonly lease: MongoLease,
    private readonly products: Collection<Product>,
    private readonly meta: Collection<{ _id: string; fingerprint: string }>,
  ) {}

  /** Connects a client of its own and ensures the indexes the retriever's queries use; fails fast when unreachable. */
  static async open(uri: string, dbName: string, collection = "products"): Promise<MongoProductStore> {
    const lease = await ownLease(uri, dbName);
    return MongoProductStore.on(lease, collection).catch(async (e: unknown) => {
      await lease.release();
      throw e;
    });
  }

  /** The store on a database already connected (stores/open.ts shares one client). */
  static async on(lease: MongoLease, collection = "products"): Promise<MongoProductStore> {
    const products = lease.db.collection<Product>(collection);
    await ensureIndexes(products, "products");
    return new MongoProductStore(lease, products, lease.db.collection(`${collection}_meta`));
  }

  async findIds(filter: Filter<Product>, limit: number): Promise<number[]> {
    const docs = await this.products.find(filter, { projection: { _id: 1 } }).sort({ ...RESULT_SORT }).limit(limit).toArray();
    return docs.map((d) => d._id);
  }

  async findTop(filter: Filter<Product>, score: (id: number) => number, limit: number, scan: number): Promise<number[]> {
    const ids = await this.findIds(filter, scan);
    return ids.map((id, order) => ({ id, order, s: score(id) })).sort((a, b) => b.s - a.s || a.order - b.order).slice(0, limit).map((x) => x.id);
  }

  async find(filter: Filter<Product>, options: FindOptions): Promise<Product[]> {
    return this.products.find(filter).sort({ ...options.sort }).limit(options.limit).toArray();
  }

  count(filter: Filter<Product> = {}): Promise<number> {
    return this.products.countDocuments(filter);
  }

  /**
   * Inserts new products and replaces changed ones (by contentHash); unchanged ones cost nothing.
   * Per-document upserts are avoided: FerretDB's SQLite backend runs them ~100x slower than inserts.
   */
  async upsertMany(products: readonly Product[], onProgress?: (done: number) => void): Promise<UpsertResult> {
    const existing = new Map<number, string>();
    for (const d of await this.products.find({}, { projection: { _id: 1, contentHash: 1 } }).toArray()) {
      existing.set(d._id, d.contentHash);
    }
    const fresh = products.filter((p) => !existing.has(p._id));
    const changed = products.filter((p) => existing.has(p._id) && existing.get(p._id) !== p.contentHash);
    const result: UpsertResult = { upserted: 0, modified: 0, matched: products.length - fresh.length };
    let done = products.length - fresh.length - changed.length;
    onProgress?.(done);
    for (let i = 0; i < fresh.length; i += BATCH) {
      const batch = fresh.slice(i, i + BATCH);
      try {
        result.upserted += (await this.products.insertMany(batch, { ordered: false })).insertedCount;
      } catch (e) {
        // A concurrent ingestion inserted some of these first: that is the idempotent outcome.
        if (!(e instanceof MongoBulkWriteError) || [e.writeErrors].flat().some((w) => w.code !== 11000)) throw e;
        result.upserted += e.insertedCount;
      }
      onProgress?.((done += batch.length));
    }
    for (let i = 0; i < changed.length; i += BATCH) {
      const batch = changed.slice(i, i + BATCH);
      const ops: AnyBulkWriteOperation<Product>[] = batch.map((p) => ({
        replaceOne: { filter: { _id: p._id }, replacement: p, upsert: true },
      }));
      result.modified += (await this.products.bulkWrite(ops, { ordered: false })).modifiedCount;
      onProgress?.((done += batch.length));
    }
    return result;
  }

  async reserveStock(productId: number, size: string, qty: number): Promise<boolean> {
    const path = `stock.${size}`;
    const r = await this.products.findOneAndUpdate(
      { _id: productId, [path]: { $gte: qty } },
      { $inc: { [path]: -qty, totalStock: -qty } },
      { returnDocument: "after" },
    );
    if (!r) return false;
    await this.syncMaxStock(productId, r.stock);
    return true;
  }

  async releaseStock(productId: number, size: string, qty: number): Promise<void> {
    const path = `stock.${size}`;
    const r = await this.products.findOneAndUpdate({ _id: productId }, { $inc: { [path]: qty, totalStock: qty } }, { returnDocument: "after" });
    if (r) await this.syncMaxStock(productId, r.stock);
  }

  /**
   * "Any size in stock" searches filter on maxStock, so it follows each change of stock. Guarded by
   * the stock it was computed from: if another order changed the stock meanwhile, that order's own
   * update sets it.
   */
  private async syncMaxStock(productId: number, stock: Product["stock"]): Promise<void> {
    const guard = Object.fromEntries(Object.entries(stock).map(([s, n]) => [`stock.${s}`, n]));
    await this.products.updateOne({ _id: productId, ...guard }, { $set: { maxStock: maxStockOf(stock) } });
  }

  async catalogFingerprint(): Promise<string | null> {
    return (await this.meta.findOne({ _id: "catalog" }))?.fingerprint ?? null;
  }

  async setCatalogFingerprint(fingerprint: string): Promise<void> {
    await this.meta.replaceOne({ _id: "catalog" }, { fingerprint }, { upsert: true });
  }

  close(): Promise<void> {
    return this.lease.release();
  }
}
