/**
 * Opens the stores the configuration asks for (MongoDB when MONGODB_URI is set, the embedded
 * database under DATA_DIR otherwise): products (loading the catalog into the store when it is
 * empty or stale) with the retriever on top, orders, conversations.
 */
import type { Config } from "../config.js";
import { loadCatalog, type Catalog } from "./catalog/products.js";
import { EmbeddedConversationStore, MongoConversationStore, type ConversationStore } from "./conversations.js";
import { EmbeddedProductStore } from "./embeddedStore.js";
import { MongoProductStore } from "./mongoStore.js";
import { EmbeddedOrderStore, MongoOrderStore, type OrderStore } from "./orders.js";
import { ProductRetriever } from "./retriever.js";
import type { ProductStore } from "./store.js";
import { buildVocabulary } from "./vocabulary.js";

/** Idempotent: inserts new products, rewrites changed ones, then records the catalog's fingerprint. */
export async function ingest(store: ProductStore, catalog: Catalog, onProgress?: (done: number, total: number) => void) {
  const result = await store.upsertMany(catalog.products, (done) => onProgress?.(done, catalog.products.length));
  await store.setCatalogFingerprint(catalog.fingerprint);
  return result;
}

export async function openProductStore(cfg: Pick<Config, "mongodbUri" | "mongodbDb" | "dataDir">): Promise<ProductStore> {
  return cfg.mongodbUri ? MongoProductStore.open(cfg.mongodbUri, cfg.mongodbDb) : EmbeddedProductStore.open(cfg.dataDir);
}

export interface OpenRetrieverOptions {
  /** Load the catalog when the store lacks it or holds an older build of it (default true), so a fresh clone just works. */
  ingestIfStale?: boolean;
  onIngestProgress?: (done: number, total: number) => void;
  /** The catalog, when the caller has already loaded it (it is parsed once per process then). */
  catalog?: Catalog;
}

export async function openRetriever(
  cfg: Pick<Config, "mongodbUri" | "mongodbDb" | "dataDir" | "catalogPath">,
  options: OpenRetrieverOptions = {},
): Promise<ProductRetriever> {
  const catalog = options.catalog ?? loadCatalog(cfg.catalogPath);
  const store = await openProductStore(cfg);
  if ((options.ingestIfStale ?? true) && (await store.catalogFingerprint()) !== catalog.fingerprint) {
    await ingest(store, catalog, options.onIngestProgress);
  }
  return new ProductRetriever(store, buildVocabulary(catalog));
}

type StoreConfig = Pick<Config, "mongodbUri" | "mongodbDb" | "dataDir">;

/** Orders reserve stock in `products`: the embedded order store needs the embedded product store (one transaction holds both). */
export async function openOrderStore(cfg: StoreConfig, products: ProductStore): Promise<OrderStore> {
  if (cfg.mongodbUri) return MongoOrderStore.open(cfg.mongodbUri, cfg.mongodbDb, products);
  if (!(products instanceof EmbeddedProductStore)) throw new Error("the embedded order store needs the embedded product store");
  return new EmbeddedOrderStore(products, cfg.dataDir);
}

export async function openConversationStore(cfg: StoreConfig): Promise<ConversationStore> {
  return cfg.mongodbUri ? MongoConversationStore.open(cfg.mongodbUri, cfg.mongodbDb) : new EmbeddedConversationStore(cfg.dataDir);
}
