/**
 * Orders: placing one reserves stock atomically, once per offer. The order id is derived from
 * the offer id, so a confirmation that arrives twice finds the first order instead of placing a
 * second one. MongoDB when configured, a JSON Lines file under DATA_DIR otherwise.
 */
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { readJsonLines } from "./jsonl.js";
import { MongoClient, MongoServerError, type Collection } from "mongodb";
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

export type PlaceResult = { ok: true; order: Order; created: boolean } | { ok: false; reason: "out_of_stock" };

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
  private readonly orders = new Map<string, Order>();
  private readonly file: string;

  constructor(dataDir: string, private readonly products: ProductStore) {
    this.file = path.join(dataDir, "orders.jsonl");
    for (const o of readJsonLines(this.file).records as Order[]) this.orders.set(o.orderId, o);
  }

  async place(req: OrderRequest): Promise<PlaceResult> {
    const id = orderIdFor(req.offerId);
    const existing = this.orders.get(id);
    if (existing) return { ok: true, order: existing, created: false };
    // Claim the id before awaiting, so a concurrent duplicate sees it.
    const order = newOrder(req);
    this.orders.set(id, order);
    if (!(await this.products.reserveStock(req.productId, req.size, req.quantity))) {
      this.orders.delete(id);
      return { ok: false, reason: "out_of_stock" };
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, JSON.stringify(order) + "\n");
    return { ok: true, order, created: true };
  }

  get(orderId: string): Promise<Order | null> {
    return Promise.resolve(this.orders.get(orderId) ?? null);
  }

  /** Newest first, as the MongoDB store answers: "where is my order?" means the latest one. */
  byUser(userId: string): Promise<Order[]> {
    const mine = [...this.orders.values()].filter((o) => o.userId === userId);
    return Promise.resolve(mine.reverse().sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class MongoOrderStore implements OrderStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly orders: Collection<Order & { _id: string }>,
    private readonly products: ProductStore,
  ) {}

  static async open(uri: string, dbName: string, products: ProductStore): Promise<MongoOrderStore> {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    return new MongoOrderStore(client, client.db(dbName).collection("orders"), products);
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
      return { ok: false, reason: "out_of_stock" };
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
    return this.client.close();
  }
}
