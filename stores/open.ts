/**
 * The one place that opens the stores: MongoDB when MONGODB_URI is set (one client for products,
 * orders, conversations, interactions and checkpoints), the embedded database under DATA_DIR
 * otherwise. Command-line tools that need a single store open it here too.
 */
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { MongoDBSaver } from "@langchain/langgraph-checkpoint-mongodb";
import { MongoDBStore } from "@langchain/mongodb";
import type { Db } from "mongodb";
import type { Config } from "../config.js";
import { loadCatalog, type Catalog } from "../retrieval/catalog/products.js";
import { EmbeddedConversationStore, MongoConversationStore, type ConversationStore } from "../retrieval/conversations.js";
import { EmbeddedProductStore } from "../retrieval/embeddedStore.js";
import { EmbeddedInteractionStore, MongoInteractionStore, type InteractionStore } from "../retrieval/interactions.js";
import { connectMongo, sharedLease } from "../retrieval/mongo.js";
import { MongoProductStore } from "../retrieval/mongoStore.js";
import { EmbeddedOrderStore, MongoOrderStore, type OrderStore } from "../retrieval/orders.js";
import { ProductRetriever } from "../retrieval/retriever.js";
import type { ProductStore } from "../retrieval/store.js";
import type { KeyValueStoreFor } from "../retrieval/semantic/vectorCache.js";
import { buildVocabulary } from "../retrieval/vocabulary.js";
import { EmbeddedCheckpointSaver } from "./embeddedCheckpointer.js";

type StoreConfig = Pick<Config, "mongodbUri" | "mongodbDb" | "dataDir">;

/** Idempotent: inserts new products, rewrites changed ones, then records the catalog's fingerprint. */
export async function ingest(store: ProductStore, catalog: Catalog, onProgress?: (done: number, total: number) => void) {
  const result = await store.upsertMany(catalog.products, (done) => onProgress?.(done, catalog.products.length));
  await store.setCatalogFingerprint(catalog.fingerprint);
  return result;
}

export interface OpenRetrieverOptions {
  /** Load the catalog when the store lacks it or holds an older build of it (default true), so a fresh clone just works. */
  ingestIfStale?: boolean;
  onIngestProgress?: (done: number, total: number) => void;
  /** The catalog, when the caller has already loaded it (it is parsed once per process then). */
  catalog?: Catalog;
}

/** The retriever on a product store, loading the catalog into the store when it is empty or stale. */
export async function retrieverOn(store: ProductStore, catalog: Catalog, options: OpenRetrieverOptions = {}): Promise<ProductRetriever> {
  if ((options.ingestIfStale ?? true) && (await store.catalogFingerprint()) !== catalog.fingerprint) {
    await ingest(store, catalog, options.onIngestProgress);
  }
  return new ProductRetriever(store, buildVocabulary(catalog));
}

/** Everything a running agent keeps: one connection (or one embedded database) behind all of it. */
export interface Stores {
  retriever: ProductRetriever;
  orders: OrderStore;
  conversations: ConversationStore;
  interactions: InteractionStore;
  /** LangGraph checkpoints: MongoDBSaver on the same client, or the embedded saver. */
  checkpointer: BaseCheckpointSaver;
  /** On MongoDB, key-value stores every node shares (product vectors); absent on the embedded store, where the file cache is already local. */
  sharedKeyValue?: KeyValueStoreFor;
  close(): Promise<void>;
}

/** The collection of LangChain key-value records (one namespace per use, e.g. one per encoder build's product vectors). */
const KEY_VALUE_COLLECTION = "key_value";

/** LangChain's MongoDBStore (@langchain/mongodb) on this database, one namespace per use. */
export function mongoKeyValueStores(db: Db): KeyValueStoreFor {
  const collection = db.collection(KEY_VALUE_COLLECTION);
  return (namespace) => new MongoDBStore({ collection, namespace });
}

export async function openStores(cfg: StoreConfig & Pick<Config, "catalogPath" | "checkpointCache">, options: OpenRetrieverOptions = {}): Promise<Stores> {
  const catalog = options.catalog ?? loadCatalog(cfg.catalogPath);
  if (!cfg.mongodbUri) {
    const products = EmbeddedProductStore.open(cfg.dataDir);
    const checkpointer = new EmbeddedCheckpointSaver(cfg.dataDir, cfg.checkpointCache);
    const parts = {
      retriever: await retrieverOn(products, catalog, options),
      orders: new EmbeddedOrderStore(products, cfg.dataDir),
      conversations: new EmbeddedConversationStore(cfg.dataDir),
      interactions: new EmbeddedInteractionStore(cfg.dataDir),
    };
    return { ...parts, checkpointer, close: () => closeAll([parts.orders, parts.conversations, parts.interactions, checkpointer, products]) };
  }
  const client = await connectMongo(cfg.mongodbUri);
  try {
    const lease = sharedLease(client, cfg.mongodbDb);
    const products = await MongoProductStore.on(lease);
    const saver = new MongoDBSaver({ client, dbName: cfg.mongodbDb });
    // The saver's own indexes (thread, namespace, checkpoint id): without them every turn scans.
    const failed = await saver.setup();
    if (failed.length > 0) throw new Error(`checkpoint indexes could not be created: ${String(failed[0])}`);
    const parts = {
      retriever: await retrieverOn(products, catalog, options),
      orders: await MongoOrderStore.on(lease, products),
      conversations: await MongoConversationStore.on(lease),
      interactions: await MongoInteractionStore.on(lease),
    };
    return { ...parts, checkpointer: saver, sharedKeyValue: mongoKeyValueStores(lease.db), close: () => closeAll([parts.orders, parts.conversations, parts.interactions, products]).finally(() => client.close()) };
  } catch (e) {
    await client.close().catch(() => undefined);
    throw e;
  }
}

async function closeAll(parts: readonly { close(): Promise<unknown> }[]): Promise<void> {
  for (const p of parts) await p.close();
}

/** Single stores, for command-line tools (each opens its own connection). */
export async function openProductStore(cfg: StoreConfig): Promise<ProductStore> {
  return cfg.mongodbUri ? MongoProductStore.open(cfg.mongodbUri, cfg.mongodbDb) : EmbeddedProductStore.open(cfg.dataDir);
}

export async function openRetriever(cfg: StoreConfig & Pick<Config, "catalogPath">, options: OpenRetrieverOptions = {}): Promise<ProductRetriever> {
  return retrieverOn(await openProductStore(cfg), options.catalog ?? loadCatalog(cfg.catalogPath), options);
}

/** Orders reserve stock in `products`: the embedded order store needs the embedded product store (one transaction holds both). */
export async function openOrderStore(cfg: StoreConfig, products: ProductStore): Promise<OrderStore> {
  if (cfg.mongodbUri) return MongoOrderStore.open(cfg.mongodbUri, cfg.mongodbDb, products);
  if (!(products instanceof EmbeddedProductStore)) throw new Error("the embedded order store needs the embedded product store");
  return new EmbeddedOrderStore(products, cfg.dataDir);
}

export async function openConversationStore(cfg: StoreConfig): Promise<ConversationStore> {
  return cfg.mongodbUri ? MongoConversationStore.open(cfg.mongodbUri, cfg.mongodbDb) : new EmbeddedConversationStore(cfg.dataDir);
}

/** The shared key-value stores on their own connection, for command-line tools (undefined without MongoDB). */
export async function openSharedKeyValue(cfg: StoreConfig): Promise<{ stores: KeyValueStoreFor; close(): Promise<void> } | undefined> {
  if (!cfg.mongodbUri) return undefined;
  const client = await connectMongo(cfg.mongodbUri);
  return { stores: mongoKeyValueStores(client.db(cfg.mongodbDb)), close: () => client.close() };
}

export async function openInteractionStore(cfg: StoreConfig): Promise<InteractionStore> {
  return cfg.mongodbUri ? MongoInteractionStore.open(cfg.mongodbUri, cfg.mongodbDb) : new EmbeddedInteractionStore(cfg.dataDir);
}
