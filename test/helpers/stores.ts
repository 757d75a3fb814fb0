/** Opens real stores for tests: the embedded store in a temp dir, MongoDB (FerretDB in CI) in a throwaway database. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Product } from "../../retrieval/catalog/products.js";
import { EmbeddedProductStore } from "../../retrieval/embeddedStore.js";
import { MongoProductStore } from "../../retrieval/mongoStore.js";
import { ProductRetriever } from "../../retrieval/retriever.js";
import type { ProductStore } from "../../retrieval/store.js";
import { vocabulary } from "./catalog.js";
import { dropTestDb, mongoUri, testDbName } from "./mongo.js";

export interface OpenedStore {
  store: ProductStore;
  retriever: ProductRetriever;
  dispose(): Promise<void>;
}

export async function openEmbedded(products: readonly Product[]): Promise<OpenedStore> {
  const dir = mkdtempSync(path.join(tmpdir(), "retrieval-test-"));
  const store = EmbeddedProductStore.open(dir);
  await store.upsertMany(products);
  return {
    store,
    retriever: new ProductRetriever(store, vocabulary),
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openMongo(products: readonly Product[], tag: string): Promise<OpenedStore> {
  if (!mongoUri) throw new Error("MONGODB_URI is not set");
  const db = testDbName(tag);
  const store = await MongoProductStore.open(mongoUri, db);
  await store.upsertMany(products);
  return {
    store,
    retriever: new ProductRetriever(store, vocabulary),
    dispose: async () => {
      await store.close();
      await dropTestDb(db);
    },
  };
}
