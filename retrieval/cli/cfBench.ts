/**
 * npm run cf:bench -- [--json] [--with-bpr]
 * The reranking model against popularity and item-kNN on the real UCI Online Retail purchase
 * log, under two protocols: a time split (the last 30 days are the test) and leave-one-out
 * (each shopper's most recent new item). Prints precision@10, recall@10, NDCG@10 and MAP@10,
 * the time to train the model on the full log, and the p95 time to score one shopper.
 */
import os from "node:os";
import path from "node:path";
import { ROOT_DIR } from "../../config.js";
import { trainAls } from "../cf/als.js";
import { popularity, scoreItemKnn, trainItemKnn } from "../cf/baselines.js";
import { trainBpr } from "../cf/bpr.js";
import { buildDataset, type FeedbackEvent } from "../cf/dataset.js";
import { evaluate, percentile, type Evaluation } from "../cf/evaluate.js";
import { METRIC_KEYS, type RankMetrics } from "../cf/metrics.js";
import { loadOnlineRetail, ONLINE_RETAIL_CITATION } from "../cf/onlineRetail.js";
import { rowOf } from "../cf/sparse.js";
import { leaveOneOut, timeSplit, type Split } from "../cf/splits.js";
import { dotAll } from "../cf/topk.js";
import { parseArgs } from "./args.js";
import { progressBar } from "./progress.js";

/** Item-kNN neighbours per item, chosen on the validation month like the model's settings (README.md). */
const KNN_NEIGHBOURS = 10;
const LOG = path.join(ROOT_DIR, "data", "interactions", "OnlineRetail.csv.gz");

type MethodResults = Record<string, RankMetrics>;

function runProtocol(label: string, split: Split, withBpr: boolean): { results: MethodResults; modelEval: Evaluation; shoppers: number } {
  const train = buildDataset(split.train);
  const steps = withBpr ? 4 : 3;
  const bar = progressBar(`${label}`);
  bar.update(0, steps);
  const pop = popularity(train.matrix);
  const results: MethodResults = { popularity: evaluate(train, split.relevant, (_u, out) => out.set(pop)).metrics };
  bar.update(1, steps);
  const knn = trainItemKnn(train.matrix, KNN_NEIGHBOURS);
  results.item_knn = evaluate(train, split.relevant, (u, out) => scoreItemKnn(knn, rowOf(train.matrix, u), out)).metrics;
  bar.update(2, steps);
  const als = trainAls(train.matrix);
  const modelEval = evaluate(train, split.relevant, (u, out) => dotAll(als.users, u * als.k, als.items, als.k, out));
  results.model = modelEval.metrics;
  bar.update(3, steps);
  if (withBpr) {
    const bpr = trainBpr(train.matrix);
    results.bpr = evaluate(train, split.relevant, (u, out) => dotAll(bpr.users, u * bpr.k, bpr.items, bpr.k, out)).metrics;
    bar.update(4, steps);
  }
  bar.stop();
  return { results, modelEval, shoppers: modelEval.shoppers };
}

function fullTrainSeconds(events: readonly FeedbackEvent[]): number {
  const bar = progressBar("training on the full log");
  const t = performance.now();
  trainAls(buildDataset(events).matrix, {}, (done, total) => bar.update(done, total));
  const seconds = (performance.now() - t) / 1000;
  bar.stop();
  return seconds;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const roundMetrics = (m: RankMetrics): RankMetrics => ({
  "precision@10": round(m["precision@10"]), "recall@10": round(m["recall@10"]), "ndcg@10": round(m["ndcg@10"]), "map@10": round(m["map@10"]),
});

const { flags } = parseArgs(process.argv.slice(2));
const withBpr = flags.has("with-bpr");
const loadStart = performance.now();
const { events, stats } = loadOnlineRetail(LOG);
const loadSeconds = (performance.now() - loadStart) / 1000;
const time = runProtocol("time split", timeSplit(events), withBpr);
const loo = runProtocol("leave-one-out", leaveOneOut(events), withBpr);
const trainSeconds = fullTrainSeconds(events);
const allLatencies = [...time.modelEval.latencies, ...loo.modelEval.latencies].sort((a, b) => a - b);
const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
const report = {
  time_split: Object.fromEntries(Object.entries(time.results).map(([k, v]) => [k, roundMetrics(v)])),
  leave_one_out: Object.fromEntries(Object.entries(loo.results).map(([k, v]) => [k, roundMetrics(v)])),
  train_seconds: round(trainSeconds, 2),
  score_p95_ms: round(percentile(allLatencies, 95), 3),
};

if (flags.has("json")) console.log(JSON.stringify(report));
else {
  console.log(`UCI Online Retail: ${stats.rows} rows, ${stats.kept} purchase lines kept (loaded in ${loadSeconds.toFixed(1)} s)`);
  console.log(`test shoppers: time split ${time.shoppers}, leave-one-out ${loo.shoppers}; machine: ${machine}\n`);
  const header = `| protocol | method | ${METRIC_KEYS.join(" | ")} |`;
  console.log(header);
  console.log(`|${"---|".repeat(2 + METRIC_KEYS.length)}`);
  for (const [protocol, results] of [["time split (last 30 days)", report.time_split], ["leave-one-out", report.leave_one_out]] as const) {
    for (const [method, m] of Object.entries(results)) {
      console.log(`| ${protocol} | ${method} | ${METRIC_KEYS.map((k) => m[k].toFixed(4)).join(" | ")} |`);
    }
  }
  const gain = (p: keyof typeof report.time_split) => report.time_split.model!["ndcg@10"] / report.time_split[p]!["ndcg@10"] - 1;
  console.log(`\nmodel (ALS) vs popularity, NDCG@10, time split: ${(gain("popularity") * 100).toFixed(0)}% relative; vs item-kNN: ${(gain("item_knn") * 100).toFixed(0)}%`);
  console.log(`training on the full log (${stats.kept} lines): ${report.train_seconds} s; scoring one shopper (all items, top 10): p95 ${report.score_p95_ms} ms`);
  console.log(`\nData: ${ONLINE_RETAIL_CITATION}`);
}
