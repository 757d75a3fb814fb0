/**
 * npm run cf:bench -- [--json] [--with-bpr] [--validate]
 * The reranking model (ALS + item-kNN) against popularity, item-kNN and ALS alone on the real
 * UCI Online Retail purchase log, under two protocols: a time split (the last 30 days are the
 * test) and leave-one-out (each shopper's most recent new item). Prints precision@10,
 * recall@10, NDCG@10 and MAP@10, the time to train the model on the full log, and the p95 time
 * to score one shopper. --validate instead prints the validation NDCG@10 of each kNN weight
 * (the month before the test month; leave-one-out with the test items removed), which is how
 * KNN_WEIGHT was chosen: the weight whose smaller gain over item-kNN, of the two, is largest.
 */
import os from "node:os";
import path from "node:path";
import { ROOT_DIR } from "../../config.js";
import { trainAls } from "../cf/als.js";
import { popularity, scoreItemKnn, trainItemKnn, type ItemKnn } from "../cf/baselines.js";
import { trainBpr } from "../cf/bpr.js";
import { buildDataset, type Dataset, type FeedbackEvent } from "../cf/dataset.js";
import { evaluate, percentile, type Evaluation, type Scorer } from "../cf/evaluate.js";
import { blendScores, KNN_NEIGHBOURS, KNN_WEIGHT } from "../cf/hybrid.js";
import { METRIC_KEYS, type RankMetrics } from "../cf/metrics.js";
import { loadOnlineRetail, ONLINE_RETAIL_CITATION } from "../cf/onlineRetail.js";
import { rowOf } from "../cf/sparse.js";
import { leaveOneOut, timeSplit, type Split } from "../cf/splits.js";
import { dotAll } from "../cf/topk.js";
import type { Factors } from "../cf/als.js";
import { checkedFlags } from "./args.js";
import { progressBar } from "./progress.js";

const LOG = path.join(ROOT_DIR, "data", "interactions", "OnlineRetail.csv.gz");

type MethodResults = Record<string, RankMetrics>;

/** Scores one training shopper with ALS + item-kNN (the reranking model). */
function hybridScorer(train: Dataset, als: Factors, knn: ItemKnn, knnWeight: number): Scorer {
  const a = new Float32Array(train.items.length);
  const b = new Float32Array(train.items.length);
  return (u, out) => {
    dotAll(als.users, u * als.k, als.items, als.k, a);
    scoreItemKnn(knn, rowOf(train.matrix, u), b);
    blendScores(a, b, knnWeight, out);
  };
}

function runProtocol(label: string, split: Split, withBpr: boolean): { results: MethodResults; modelEval: Evaluation; shoppers: number } {
  const train = buildDataset(split.train);
  const steps = withBpr ? 5 : 4;
  const bar = progressBar(`${label}`);
  bar.update(0, steps);
  const pop = popularity(train.matrix);
  const results: MethodResults = { popularity: evaluate(train, split.relevant, (_u, out) => out.set(pop)).metrics };
  bar.update(1, steps);
  const knn = trainItemKnn(train.matrix, KNN_NEIGHBOURS);
  results.item_knn = evaluate(train, split.relevant, (u, out) => scoreItemKnn(knn, rowOf(train.matrix, u), out)).metrics;
  bar.update(2, steps);
  const als = trainAls(train.matrix);
  results.als = evaluate(train, split.relevant, (u, out) => dotAll(als.users, u * als.k, als.items, als.k, out)).metrics;
  bar.update(3, steps);
  const modelEval = evaluate(train, split.relevant, hybridScorer(train, als, knn, KNN_WEIGHT));
  results.model = modelEval.metrics;
  bar.update(4, steps);
  if (withBpr) {
    const bpr = trainBpr(train.matrix);
    results.bpr = evaluate(train, split.relevant, (u, out) => dotAll(bpr.users, u * bpr.k, bpr.items, bpr.k, out)).metrics;
    bar.update(5, steps);
  }
  bar.stop();
  return { results, modelEval, shoppers: modelEval.shoppers };
}

const VALIDATION_WEIGHTS = [0, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16];

/** Validation NDCG@10 per kNN weight (and item-kNN alone), on data that excludes every test item. */
function validate(events: readonly FeedbackEvent[]): Record<string, Record<string, number>> {
  const test = timeSplit(events);
  const looTest = leaveOneOut(events);
  const heldOut = new Map([...looTest.relevant].map(([user, items]) => [user, [...items][0]!]));
  const splits: [string, Split][] = [
    ["time split (validation month)", timeSplit(events.filter((e) => e.time < test.cutoff))],
    ["leave-one-out (test items removed)", leaveOneOut(events.filter((e) => heldOut.get(e.user) !== e.item))],
  ];
  const out: Record<string, Record<string, number>> = {};
  for (const [label, split] of splits) {
    const train = buildDataset(split.train);
    const bar = progressBar(label);
    const knn = trainItemKnn(train.matrix, KNN_NEIGHBOURS);
    const als = trainAls(train.matrix);
    const row: Record<string, number> = {
      item_knn: round(evaluate(train, split.relevant, (u, o) => scoreItemKnn(knn, rowOf(train.matrix, u), o)).metrics["ndcg@10"]),
    };
    VALIDATION_WEIGHTS.forEach((w, i) => {
      row[`als+${w}*knn`] = round(evaluate(train, split.relevant, hybridScorer(train, als, knn, w)).metrics["ndcg@10"]);
      bar.update(i + 1, VALIDATION_WEIGHTS.length);
    });
    bar.stop();
    out[label] = row;
  }
  return out;
}

function fullTrainSeconds(events: readonly FeedbackEvent[]): number {
  const bar = progressBar("training on the full log");
  const t = performance.now();
  const { matrix } = buildDataset(events);
  trainAls(matrix, {}, (done, total) => bar.update(done, total));
  trainItemKnn(matrix, KNN_NEIGHBOURS);
  const seconds = (performance.now() - t) / 1000;
  bar.stop();
  return seconds;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const roundMetrics = (m: RankMetrics): RankMetrics => ({
  "precision@10": round(m["precision@10"]), "recall@10": round(m["recall@10"]), "ndcg@10": round(m["ndcg@10"]), "map@10": round(m["map@10"]),
});

const flags = checkedFlags("npm run cf:bench -- [--json] [--with-bpr] [--validate]", ["json", "with-bpr", "validate"]);
const withBpr = flags.has("with-bpr");
const loadStart = performance.now();
const { events, stats } = loadOnlineRetail(LOG);
const loadSeconds = (performance.now() - loadStart) / 1000;
if (flags.has("validate")) {
  const ndcg = validate(events);
  // The weight whose smaller gain over item-kNN (of the two protocols) is largest.
  const worstGain = (w: number) => Math.min(...Object.values(ndcg).map((row) => row[`als+${w}*knn`]! / row.item_knn! - 1));
  const chosen = VALIDATION_WEIGHTS.reduce((best, w) => (worstGain(w) > worstGain(best) ? w : best));
  const report = { ndcg_at_10: ndcg, chosen_knn_weight: chosen, worst_gain_over_item_knn: round(worstGain(chosen)), in_use: KNN_WEIGHT };
  console.log(flags.has("json") ? JSON.stringify(report) : JSON.stringify(report, null, 2));
  process.exit(0);
}
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
  const looGain = (p: keyof typeof report.leave_one_out) => report.leave_one_out.model!["ndcg@10"] / report.leave_one_out[p]!["ndcg@10"] - 1;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`\nmodel (ALS + ${KNN_WEIGHT} x item-kNN), NDCG@10 relative gain over popularity: time split ${pct(gain("popularity"))}, leave-one-out ${pct(looGain("popularity"))}; over item-kNN: ${pct(gain("item_knn"))}, ${pct(looGain("item_knn"))}`);
  console.log(`training on the full log (${stats.kept} lines): ${report.train_seconds} s; scoring one shopper (all items, top 10): p95 ${report.score_p95_ms} ms`);
  console.log(`\nData: ${ONLINE_RETAIL_CITATION}`);
}
