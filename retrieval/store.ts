/** The product store contract: one query language (MongoDB query documents), two executors. */
import type { Filter } from "mongodb";
import type { Product } from "./catalog/products.js";

export interface FindOptions {
  sort: Readonly<Record<string, 1 | -1>>;
  limit: number;
}

export interface UpsertResult {
  upserted: number;
  modified: number;
  matched: number;
}

export interface ProductStore {
  readonly kind: "embedded" | "mongodb";
  find(filter: Filter<Product>, options: FindOptions): Promise<Product[]>;
  count(filter?: Filter<Product>): Promise<number>;
  /** Ids of the matching products in result order, without reading whole documents. */
  findIds(filter: Filter<Product>, limit: number): Promise<number[]>;
  /**
   * Ids of the `limit` matching products with the highest `score` (hybrid ranking's vector
   * similarity), highest first; ties in result order. At most `scan` matches are considered.
   */
  findTop(filter: Filter<Product>, score: (id: number) => number, limit: number, scan: number): Promise<number[]>;
  /** Idempotent upsert by _id; onProgress receives the number of documents written so far. */
  upsertMany(products: readonly Product[], onProgress?: (done: number) => void): Promise<UpsertResult>;
  /**
   * Atomically takes `qty` units of `size` from a product's stock when that many are there;
   * false (and nothing changed) otherwise. `size` must be a vocabulary size.
   */
  reserveStock(productId: number, size: string, qty: number): Promise<boolean>;
  /** Puts units back (an order that could not be recorded). */
  releaseStock(productId: number, size: string, qty: number): Promise<void>;
  /** The fingerprint of the catalog last fully ingested, or null. */
  catalogFingerprint(): Promise<string | null>;
  setCatalogFingerprint(fingerprint: string): Promise<void>;
  close(): Promise<void>;
}
