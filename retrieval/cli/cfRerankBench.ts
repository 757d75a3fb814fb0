/**
 * npm run cf:bench:rerank -- [--json] [--queries N] [--repeats=N]
 * What reranking costs a retrieval: the same seeded searches on the embedded executor over the
 * full catalog, each run plain and reranked (interleaved, so machine load hits both alike), for
 * simulated shoppers (and some anonymous ones) with a model trained on their interactions.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { config } from "../../config.js";
import { loadCatalog } from "../catalog/products.js";
import { evaluateLatency } from "../cf/latency.js";
import { Reranker } from "../cf/reranker.js";
import { rng } from "../cf/rng.js";
import { simulateShoppers } from "../cf/simulate.js";
import { trainModel } from "../cf/train.js";
import { EmbeddedInteractionStore } from "../interactions.js";
import { openRetriever } from "../../stores/open.js";
import { checkedFlags, numberOption } from "./args.js";
import { progressBar } from "./progress.js";

const COMMON = ["Tshirts", "Shirts", "Casual Shoes", "Watches", "Sports Shoes", "Kurtas", "Tops", "Handbags", "Heels", "Jeans"];

const USAGE = "npm run cf:bench:rerank -- [--json] [--queries N] [--repeats N]";
const flags = checkedFlags(USAGE, ["json"], ["queries", "repeats"]);
const n = numberOption(flags.get("queries"), "queries", 200, USAGE, { min: 1, max: 100_000 });
const repeats = numberOption(flags.get("repeats"), "repeats", 5, USAGE, { min: 1, max: 100 });
const retriever = await openRetriever({ ...config, mongodbUri: undefined });
const dir = mkdtempSync(path.join(os.tmpdir(), "cf-rerank-bench-"));
try {
  const { shoppers, events } = simulateShoppers(loadCatalog(config.catalogPath).products);
  const interactions = new EmbeddedInteractionStore(dir);
  await interactions.recordMany(events);
  const bar = progressBar("training on simulated shoppers");
  const model = trainModel(events, {}, (d, t) => bar.update(d, t));
  bar.stop();
  const reranker = new Reranker(model, interactions, { weight: config.cfWeight, pool: config.cfPool });

  const next = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const v = retriever.vocabulary;
  const cases = Array.from({ length: n }, () => {
    const q: Record<string, unknown> = { product_type: next() < 0.8 ? pick(COMMON) : pick(v.productTypes) };
    if (next() < 0.5) q.color = pick(v.colors);
    if (next() < 0.4) q.gender = pick(["Men", "Women"]);
    if (next() < 0.2) q.brand = pick(v.brands);
    if (next() < 0.3) q.price_max = 20 + Math.floor(next() * 100);
    if (next() < 0.3) q.features = [pick(v.features)];
    return { slots: q, userId: next() < 0.8 ? pick(shoppers).userId : undefined };
  });
  const result = await evaluateLatency(retriever, reranker, cases, repeats, progressBar("queries"));
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
  const report = { ...result, queries: n, repeats, pool: config.cfPool, weight: config.cfWeight, machine };
  if (flags.has("json")) console.log(JSON.stringify(report));
  else {
    console.log(`machine: ${machine}; ${n} queries (fastest of ${repeats} runs each), pool ${config.cfPool}, weight ${config.cfWeight}`);
    console.log(`plain    p50 ${result.plain.p50_ms} ms  p95 ${result.plain.p95_ms} ms`);
    console.log(`reranked p50 ${result.reranked.p50_ms} ms  p95 ${result.reranked.p95_ms} ms`);
    console.log(`added by reranking (per query, paired): p50 ${result.added.p50_ms} ms  p95 ${result.added.p95_ms} ms wall; p50 ${result.added_cpu.p50_ms} ms  p95 ${result.added_cpu.p95_ms} ms CPU`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await retriever.store.close();
}
