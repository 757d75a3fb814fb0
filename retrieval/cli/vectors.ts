/**
 * npm run vectors:build: embeds every product whose text changed since the cache was written
 * (all of them on a fresh machine: about a minute per core) into VECTOR_CACHE_DIR, so the server's
 * first start and the tests find them ready. The server does the same on start when needed.
 */
import { config } from "../../config.js";
import { ModelPool } from "../../models/runtime/pool.js";
import { openSharedKeyValue } from "../../stores/open.js";
import { loadCatalog } from "../catalog/products.js";
import { openSemanticRanking, shareVectors } from "../semantic/open.js";
import { commandLine } from "./args.js";
import { progressBar } from "./progress.js";

commandLine("npm run vectors:build (VECTOR_CACHE_DIR, MONGODB_URI and NLU_DIR from the environment; no options)", {});
const catalog = loadCatalog(config.catalogPath);
// With MONGODB_URI set, the vectors go to MongoDB too, where every server node reads them.
const shared = await openSharedKeyValue(config);
const pool = await ModelPool.start({ dir: config.modelDir, variant: config.modelVariant, session: { intraOpThreads: config.modelThreads }, workers: config.modelWorkers, encoderDir: config.nluDir });
try {
  const t = performance.now();
  const bar = progressBar("product vectors");
  let embedded = 0;
  const semantic = await openSemanticRanking({ ...config, semanticRanking: true }, catalog.products, (texts) => pool.embed(texts), {
    onProgress: (done, total) => {
      embedded = total;
      bar.update(done, total);
    },
  });
  bar.stop();
  if (!semantic) console.log(`${config.nluDir} has no sentence-vector output: hybrid ranking stays off until the encoder is retrained`);
  else {
    console.log(`${semantic.vectors.size} product vectors (${embedded} embedded now, the rest from the cache) in ${((performance.now() - t) / 1000).toFixed(1)} s -> ${config.vectorCacheDir}`);
    if (shared) {
      const s = performance.now();
      const copied = await shareVectors(config, catalog.products, shared.stores);
      console.log(`MongoDB: ${copied} vectors it lacked copied in ${((performance.now() - s) / 1000).toFixed(1)} s; every server node on this database reads them there`);
    }
  }
} finally {
  await pool.close();
  await shared?.close();
}
