/**
 * npm run bench:retrieval -- [--json] [--queries N] [--mongodb-queries N]
 * p50/p95 latency of retriever.retrieve over the full catalog, for the embedded executor and,
 * when MONGODB_URI is set, for MongoDB. Queries are a fixed, seeded mix of slot combinations.
 */
import os from "node:os";
import { config } from "../../config.js";
import { openRetriever } from "../../stores/open.js";
import type { ProductRetriever } from "../retriever.js";
import { checkedFlags, numberOption } from "./args.js";
import { progressBar } from "./progress.js";
import { rng } from "../cf/rng.js";


function queries(retriever: ProductRetriever, n: number): Record<string, unknown>[] {
  const v = retriever.vocabulary;
  const next = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const common = ["Tshirts", "Shirts", "Casual Shoes", "Watches", "Sports Shoes", "Kurtas", "Tops", "Handbags", "Heels", "Jeans"];
  return Array.from({ length: n }, () => {
    const q: Record<string, unknown> = { product_type: next() < 0.8 ? pick(common) : pick(v.productTypes) };
    if (next() < 0.6) q.color = pick(v.colors);
    if (next() < 0.4) q.gender = pick(v.genders);
    if (next() < 0.3) q.brand = pick(v.brands);
    if (next() < 0.3) q.price_max = 20 + Math.floor(next() * 100);
    if (next() < 0.3) q.features = [pick(v.features)];
    return q;
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function bench(label: string, cfg: typeof config, n: number) {
  const retriever = await openRetriever(cfg);
  try {
    const qs = queries(retriever, n);
    for (const q of qs.slice(0, 3)) await retriever.retrieve(q); // warm-up
    const bar = progressBar(`${label} queries`);
    const times: number[] = [];
    for (const [i, q] of qs.entries()) {
      const t = performance.now();
      await retriever.retrieve(q);
      times.push(performance.now() - t);
      bar.update(i + 1, qs.length);
    }
    bar.stop();
    times.sort((a, b) => a - b);
    return { p50_ms: Number(percentile(times, 50).toFixed(2)), p95_ms: Number(percentile(times, 95).toFixed(2)), queries: n };
  } finally {
    await retriever.store.close();
  }
}

const USAGE = "npm run bench:retrieval -- [--json] [--queries N] [--mongodb-queries N]";
const flags = checkedFlags(USAGE, ["json"], ["queries", "mongodb-queries"]);
const n = numberOption(flags.get("queries"), "queries", 200, USAGE, { min: 1 });
const mongodbQueries = numberOption(flags.get("mongodb-queries"), "mongodb-queries", n, USAGE, { min: 1 });
const result: Record<string, unknown> = { embedded: await bench("embedded", { ...config, mongodbUri: undefined }, n) };
// The same queries on both executors (FerretDB on PostgreSQL answers 200 in under a minute here).
if (config.mongodbUri) result.mongodb = await bench("mongodb", config, mongodbQueries);
const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
if (flags.has("json")) console.log(JSON.stringify({ ...result, machine }));
else {
  console.log(`machine: ${machine}`);
  for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(9)} ${JSON.stringify(v)}`);
}
