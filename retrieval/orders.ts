/**
 * Orders: placing one reserves stock atomically, once per offer. The order id is derived from
 * the offer id, so a confirmation that arrives twice finds the first order instead of placing a
 * second one. MongoDB when configured, the embedded database otherwise, where the order and its
 * stock commit in one transaction: after a crash both are there or neither is.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { MongoServerError, type Collection } from "mongodb";
import { ownLease, type MongoLease } from "./mongo.js";
import { importJsonLinesOnce, prefixRange } from "./embeddedDb.js";
import { ensureIndexes } from "./indexes.js";
import type { EmbeddedProductStore } from "./embeddedStore.js";
import type { ProductStore } from "./store.js";

export interface OrderRequest {
  offerId: string;
  userId: string;
  chatId: string;
  productId: number;
  name: string;
  size: string;
  quantity: number;
  unitPrice: number;
}

export interface Order {
  orderId: string;
  userId: string;
  chatId: string;
  productId: number;
  name: string;
  size: string;
  quantity: number;
  total: number;
  status: "placed";
  createdAt: string;
}

/** Out of stock says how many are left in that size (0 when none), so fewer can be offered. */
export type PlaceResult = { ok: true; order: Order; created: boolean } | { ok: false; reason: "out_of_stock"; left: number };

/** Units of a product left in one size, read after a reservation failed. */
async function stockLeft(products: ProductStore, req: OrderRequest): Promise<number> {
  const [p] = await products.find({ _id: req.productId }, { sort: { _id: 1 }, limit: 1 });
  return p?.stock[req.size] ?? 0;
}

export interface OrderStore {
  place(req: OrderRequest): Promise<PlaceResult>;
  get(orderId: string): Promise<Order | null>;
  /** The shopper's orders, newest first. */
  byUser(userId: string): Promise<Order[]>;
  close(): Promise<void>;
}

/** Short, readable, deterministic per offer: "ORD-3F9A1C2B". */
export function orderIdFor(offerId: string): string {
  return `ORD-${createHash("sha256").update(offerId).digest("hex").slice(0, 8).toUpperCase()}`;
}

function newOrder(req: OrderRequest): Order {
  return {
    orderId: orderIdFor(req.offerId), userId: req.userId, chatId: req.chatId, productId: req.productId, name: req.name,
    size: req.size, quantity: req.quantity, total: Math.round(req.unitPrice * req.quantity * 100) / 100,
    status: "placed", createdAt: new Date().toISOString(),
  };
}

export class EmbeddedOrderStore implements OrderStore {
  private readonly db;

  /** `dataDir` holds an earlier version's orders.jsonl, imported once and renamed. */
  constructor(private readonly products: EmbeddedProductStore, dataDir?: string) {
    this.db = products.database;
    if (dataDir) importJsonLinesOnce(this.db, path.join(dataDir, "orders.jsonl"), (orders) => orders.forEach((o) => this.write(o as Order)));
  }

  private write(o: Order): void {
    void this.db.orders.put(o.orderId, o);
    void this.db.ordersByUser.put([o.userId, o.createdAt, o.orderId], o.orderId);
  }

  async place(req: OrderRequest): Promise<PlaceResult> {
    const order = newOrder(req);
    try {
      // Transactions run one after another: a duplicate confirmation finds the first order here.
      const placed = await this.db.root.transaction((): PlaceResult | null => {
        const existing = this.db.orders.get(order.orderId) as Order | undefined;
        if (existing) return { ok: true, order: existing, created: false };
        if (!this.products.takeStockInTransaction(req.productId, req.size, req.quantity)) return null;
        this.write(order);
        return { ok: true, order, created: true };
      });
      return placed ?? { ok: false, reason: "out_of_stock", left: await stockLeft(this.products, req) };
    } catch (e) {
      this.products.restore(req.productId);
      throw e;
    }
  }

  get(orderId: string): Promise<Order | null> {
    return Promise.resolve((this.db.orders.get(orderId) as Order | undefined) ?? null);
  }

  /** Newest first, as the MongoDB store answers: "where is my order?" means the latest one. */
  byUser(userId: string): Promise<Order[]> {
    const { start, end } = prefixRange([userId]);
    const ids = [...this.db.ordersByUser.getRange({ start: end, end: start, reverse: true }).map(({ value }) => value)];
    return Promise.resolve(ids.flatMap((id) => (this.db.orders.get(id) as Order | undefined) ?? []));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class MongoOrderStore implements OrderStore {
  private constructor(
    private readonly lease: MongoLease,
    private readonly orders: Collection<Order & { _id: string }>,
    private readonly products: ProductStore,
  ) {}

  static async open(uri: string, dbName: string, products: ProductStore): Promise<MongoOrderStore> {
    return MongoOrderStore.on(await ownLease(uri, dbName), products);
  }

  /** The store on a database already connected (stores/open.ts shares one client). */
  static async on(lease: MongoLease, products: ProductStore): Promise<MongoOrderStore> {
    // An order is acknowledged only once a majority of a replica set holds it (a lone server: itself).
    const orders = lease.db.collection<Order & { _id: string }>("orders", { writeConcern: { w: "majority" } });
    await ensureIndexes(orders, "orders");
    return new MongoOrderStore(lease, orders, products);
  }

  async place(req: OrderRequest): Promise<PlaceResult> {
    const order = newOrder(req);
    try {
      // The unique _id makes the second confirmation of one offer fail here, before any stock moves.
      await this.orders.insertOne({ _id: order.orderId, ...order });
    } catch (e) {
      if (e instanceof MongoServerError && e.code === 11000) {
        const existing = await this.get(order.orderId);
        if (existing) return { ok: true, order: existing, created: false };
      }
      throw e;
    }
    if (!(await this.products.reserveStock(req.productId, req.size, req.quantity))) {
      await this.orders.deleteOne({ _id: order.orderId });
      return { ok: false, reason: "out_of_stock", left: await stockLeft(this.products, req) };
    }
    return { ok: true, order, created: true };
  }

  async get(orderId: string): Promise<Order | null> {
    const d = await this.orders.findOne({ _id: orderId }, { projection: { _id: 0 } });
    return d ?? null;
  }

  async byUser(userId: string): Promise<Order[]> {
    return this.orders.find({ userId }, { projection: { _id: 0 } }).sort({ createdAt: -1 }).toArray();
  }

  close(): Promise<void> {
    return this.lease.release();
  }
}
