/**
 * npm run ingest: loads the real catalog into the configured store (MongoDB when MONGODB_URI is
 * set, the embedded store under DATA_DIR otherwise). Idempotent: a second run changes nothing.
 */
import { config } from "../../config.js";
import { loadCatalog } from "../catalog/products.js";
import { ingest, openProductStore } from "../../stores/open.js";
import { commandLine } from "./args.js";
import { progressBar } from "./progress.js";

commandLine("npm run ingest (MONGODB_URI and DATA_DIR choose the store; no options)", {});

const started = performance.now();
const catalog = loadCatalog(config.catalogPath);
const store = await openProductStore(config);
const bar = progressBar(`ingest into ${store.kind}`);
try {
  const r = await ingest(store, catalog, (done, total) => bar.update(done, total));
  bar.stop();
  const total = await store.count();
  console.log(
    JSON.stringify({ store: store.kind, products: catalog.products.length, ...r, total, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) }),
  );
} finally {
  await store.close();
}
