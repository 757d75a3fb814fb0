/**
 * Ranking quality on blind judgments (evals/retrieval/): each query is read by the understanding
 * component as the agent reads a turn (slots and exclusions), then searched by each ranking:
 * filters + feature overlap (before hybrid ranking), + semantic, + collaborative filtering.
 *
 *   npm run bench:judged                     NDCG@10, P@5 and latency per ranking on the test split, and the ceiling of reranking
 *   npm run bench:judged -- --split validation|all [--json]
 *   npm run bench:judged -- --tune           choose the blend on the validation split -> models/data/hybrid_weights.json
 *   npm run bench:judged -- --pool FILE      the union of every ranking's top 10 per query, for judging
 *   npm run bench:judged -- --vectors-encoder DIR   embed with another encoder build (pooling before a retrain)
 *   npm run bench:judged -- --candidates FILE  every query's top 50 by the shipped blend, with their score parts and grades (studying the blend)
 */
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT_DIR, config } from "../../config.js";
import { ModelPool } from "../../models/runtime/pool.js";
import { loadRuleThreshold } from "../../nlu/artifacts.js";
import { Understanding } from "../../nlu/understanding.js";
import { loadCatalog } from "../catalog/products.js";
import { RetrievalInputError } from "../errors.js";
import { openReranker } from "../cf/open.js";
import { openRetriever, openInteractionStore } from "../../stores/open.js";
import { GAIN, judgedAt, ndcgAt, precisionAt, readJudgedQueries, readJudgments, type Grade, type JudgedQuery } from "../relevance.js";
import type { HybridWeights, ProductRetriever, RetrievalResult, SemanticRanking } from "../retriever.js";
import { HYBRID_WEIGHTS_FILE, loadHybridWeights, openSemanticRanking } from "../semantic/open.js";
import { slotNumbers, withoutExcluded, withoutSlotNumbers } from "../semantic/queryText.js";
import { checkedFlags, exitWithUsage } from "./args.js";
import { progressBar } from "./progress.js";

const DIR = path.join(ROOT_DIR, "evals", "retrieval");
const EXCLUDABLE = new Set(["product_type", "color", "brand", "gender", "usage", "season", "features"]);

interface Variant {
  name: string;
  weights?: HybridWeights;
  cf?: boolean;
}

interface Search {
  query: JudgedQuery;
  slots: Record<string, unknown>;
  exclude: Record<string, string[]>;
  /** The words hybrid ranking embeds: the query less what it rules out. */
  words: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** A search of the benchmark: nothing the filters can use is no products (the agent asks what the shopper wants). */
async function searchOrNone(retriever: ProductRetriever, s: Search, limit: number, query: string | undefined): Promise<RetrievalResult | undefined> {
  try {
    return await retriever.retrieve(s.slots, limit, { exclude: s.exclude, ...(query ? { query } : {}) });
  } catch (e) {
    if (!(e instanceof RetrievalInputError && e.code === "empty_slots")) throw e;
    return undefined;
  }
}

async function run(retriever: ProductRetriever, semantic: SemanticRanking | undefined, variant: Variant, searches: Search[], reranker: ReturnType<typeof openReranker>) {
  retriever.setSemantic(variant.weights && semantic ? { ...semantic, weights: variant.weights } : undefined);
  retriever.setReranker(variant.cf ? reranker : undefined);
  const ranked = new Map<string, number[]>();
  const times: number[] = [];
  const ms = new Map<string, number>();
  for (const s of searches) {
    const t = performance.now();
    const r = await searchOrNone(retriever, s, 10, variant.weights ? s.words : undefined);
    ranked.set(s.query.id, r?.products.map((p) => p.id) ?? []);
    times.push(performance.now() - t);
    ms.set(s.query.id, r3(performance.now() - t));
  }
  times.sort((a, b) => a - b);
  return { ranked, ms, p50: r3(percentile(times, 50)), p95: r3(percentile(times, 95)) };
}

function score(ranked: Map<string, number[]>, searches: Search[], judgments: ReturnType<typeof readJudgments>) {
  const ndcg: number[] = [];
  const p5: number[] = [];
  const judged: number[] = [];
  const byKind = new Map<string, number[]>();
  for (const s of searches) {
    const grades = judgments.get(s.query.id) ?? new Map();
    const list = ranked.get(s.query.id) ?? [];
    const n = ndcgAt(10, list, grades);
    if (n === null) continue;
    ndcg.push(n);
    p5.push(precisionAt(5, list, grades));
    judged.push(judgedAt(10, list, grades));
    for (const k of [s.query.style, ...s.query.kind]) (byKind.get(k) ?? byKind.set(k, []).get(k)!).push(n);
  }
  return {
    ndcg10: r3(mean(ndcg)), p5: r3(mean(p5)), judged10: r3(mean(judged)), queries: ndcg.length,
    byKind: Object.fromEntries([...byKind].sort().map(([k, v]) => [k, r3(mean(v))])),
  };
}

const USAGE = "npm run bench:judged -- [--split test|validation|all] [--json] [--details FILE] | --tune | --pool FILE [--vectors-encoder DIR] | --candidates FILE";
const flags = checkedFlags(USAGE, ["json", "tune"], ["split", "pool", "details", "vectors-encoder", "candidates"]);
const split = String(flags.get("split") ?? "test");
if (!["test", "validation", "all"].includes(split)) exitWithUsage(USAGE, `--split is test, validation or all, got ${JSON.stringify(split)}`);
const encoderDir = flags.has("vectors-encoder") ? path.resolve(String(flags.get("vectors-encoder"))) : config.nluDir;
const cfg = { ...config, mongodbUri: undefined };
const catalog = loadCatalog(cfg.catalogPath);
const retriever = await openRetriever(cfg, { catalog });
const readers = await ModelPool.start({ dir: cfg.modelDir, variant: cfg.modelVariant, session: { intraOpThreads: 1 }, workers: 1, encoderDir: cfg.nluDir });
const embedders = encoderDir === cfg.nluDir ? readers : await ModelPool.start({ dir: cfg.modelDir, variant: cfg.modelVariant, session: { intraOpThreads: 1 }, workers: 1, encoderDir });
try {
  const bar = progressBar("product vectors");
  const semantic = await openSemanticRanking({ ...cfg, nluDir: encoderDir, semanticRanking: true }, catalog.products, (t) => embedders.embed(t), { onProgress: (d, n) => bar.update(d, n) });
  bar.stop();
  if (!semantic) throw new Error(`${encoderDir} has no sentence-vector output: retrain the encoder (npm run nlu:train)`);
  const nlu = new Understanding(readers, retriever.vocabulary, { rules: cfg.nluRules, ruleThreshold: loadRuleThreshold(cfg.nluDir) });
  const queries = readJudgedQueries(path.join(DIR, "queries.jsonl"));
  const searches: Search[] = [];
  for (const q of queries) {
    const reading = await nlu.read(q.query, { kind: "none" });
    const exclude = Object.fromEntries(Object.entries(reading.excluded).filter(([k]) => EXCLUDABLE.has(k))) as Record<string, string[]>;
    const words = withoutSlotNumbers(withoutExcluded(q.query, reading.entities.filter((e) => e.role === "excluded")), slotNumbers(reading.wanted));
    searches.push({ query: q, slots: { ...reading.wanted }, exclude, words });
  }
  const interactions = await openInteractionStore(cfg);
  const reranker = openReranker(cfg, interactions);
  const chosen = loadHybridWeights();
  const variants: Variant[] = [
    { name: "filters + feature overlap" },
    { name: "+ semantic", weights: { ...chosen, affinity: 0 } },
    ...(reranker ? [{ name: "+ semantic + CF", weights: chosen, cf: true }] : []),
  ];

  if (flags.has("pool")) {
    // Judging pool: several blends so that any ranking tuned later finds its top 10 judged.
    const blends: HybridWeights[] = [
      { semantic: 1, feature: 0, lexical: 0 }, { semantic: 1, feature: 0.5, lexical: 0 }, { semantic: 0.3, feature: 1, lexical: 0 },
      { semantic: 1, feature: 0.1, lexical: 0 }, { semantic: 1, feature: 0.25, lexical: 0 }, { semantic: 0.5, feature: 1, lexical: 0 },
      { semantic: 1, feature: 0.1, lexical: 0.25 }, { semantic: 1, feature: 0.1, lexical: 0.5 }, { semantic: 0.5, feature: 0.25, lexical: 1 },
    ].map((w) => ({ ...w, affinity: 0 }));
    // A later round judges only what earlier rounds did not.
    const judgedFile = path.join(DIR, "judgments.jsonl");
    const already = existsSync(judgedFile) ? readJudgments(judgedFile) : new Map<string, Map<number, unknown>>();
    const pooled = new Map<string, Set<number>>();
    for (const v of [{ name: "today" }, ...blends.map((w, i) => ({ name: `blend${i}`, weights: w }))]) {
      const { ranked } = await run(retriever, semantic, v, searches, reranker);
      for (const [id, list] of ranked) for (const p of list) if (!already.get(id)?.has(p)) (pooled.get(id) ?? pooled.set(id, new Set()).get(id)!).add(p);
    }
    const byId = new Map(catalog.products.map((p) => [p.id, p]));
    const lines = searches.filter((s) => (pooled.get(s.query.id)?.size ?? 0) > 0).map((s) => JSON.stringify({
      query_id: s.query.id, query: s.query.query, want: s.query.want,
      candidates: [...(pooled.get(s.query.id) ?? [])].sort((a, b) => a - b).map((id) => {
        const p = byId.get(id)!;
        return { product_id: id, name: p.name, articleType: p.articleType, gender: p.gender, baseColour: p.baseColour, usage: p.usage, season: p.season };
      }),
    }));
    writeFileSync(String(flags.get("pool")), lines.join("\n") + "\n");
    console.log(`pool: ${lines.length} queries, ${[...pooled.values()].reduce((a, s) => a + s.size, 0)} (query, product) pairs -> ${flags.get("pool")}`);
  } else if (flags.has("candidates")) {
    const judgments = readJudgments(path.join(DIR, "judgments.jsonl"));
    retriever.setSemantic({ ...semantic, weights: { ...chosen, affinity: 0 } });
    retriever.setReranker(undefined);
    const lines: string[] = [];
    for (const s of searches) {
      const grades = judgments.get(s.query.id) ?? new Map<number, Grade>();
      const found = s.words ? await searchOrNone(retriever, s, 50, s.words) : undefined;
      const candidates = (found?.products ?? []).map((p) => ({
        id: p.id, grade: grades.get(p.id) ?? null, name: p.name, articleType: p.articleType, gender: p.gender, baseColour: p.baseColour,
        usage: p.usage, season: p.season, year: p.year, price: p.price, features: p.features, matched: p.matchedFeatures, scores: p.scores,
      }));
      lines.push(JSON.stringify({ id: s.query.id, split: s.query.split, style: s.query.style, kind: s.query.kind, query: s.query.query, words: s.words, slots: s.slots, exclude: s.exclude, relaxed: found?.relaxed.map((r) => r.step) ?? [], grades: Object.fromEntries(grades), candidates }));
    }
    writeFileSync(String(flags.get("candidates")), lines.join("\n") + "\n");
    console.log(`candidates: ${lines.length} queries -> ${flags.get("candidates")}`);
  } else {
    const judgments = readJudgments(path.join(DIR, "judgments.jsonl"));
    if (flags.has("tune")) {
      const val = searches.filter((s) => s.query.split === "validation");
      const grid: { weights: HybridWeights; ndcg10: number }[] = [];
      for (const semanticW of [0, 0.25, 0.5, 1]) {
        for (const feature of [0, 0.1, 0.25, 0.5, 1]) {
          for (const lexical of [0, 0.1, 0.25, 0.5, 1]) {
            if (semanticW === 0 && feature === 0 && lexical === 0) continue;
            const weights = { semantic: semanticW, feature, affinity: 0, lexical };
            const { ranked } = await run(retriever, semantic, { name: "tune", weights }, val, reranker);
            grid.push({ weights, ndcg10: score(ranked, val, judgments).ndcg10 });
          }
        }
      }
      grid.sort((a, b) => b.ndcg10 - a.ndcg10);
      const best = grid[0]!.weights;
      // Collaborative filtering's share: the largest that costs the validation NDCG no more than 1%.
      // Without a trained CF model on this machine it cannot be measured: the share chosen before stays.
      let affinity = reranker ? 0 : chosen.affinity;
      if (!reranker) console.log(`no CF model under DATA_DIR (npm run cf:train): affinity stays ${chosen.affinity}`);
      if (reranker) {
        const base = grid[0]!.ndcg10;
        for (const a of [0.05, 0.1, 0.2, 0.3]) {
          const { ranked } = await run(retriever, semantic, { name: "tune", weights: { ...best, affinity: a }, cf: true }, val, reranker);
          if (score(ranked, val, judgments).ndcg10 >= base * 0.99) affinity = a;
        }
      }
      const weights = { ...best, affinity };
      writeFileSync(HYBRID_WEIGHTS_FILE, JSON.stringify({ chosen_on: `validation split of evals/retrieval (${val.length} queries)`, weights, grid: grid.slice(0, 10) }, null, 1) + "\n");
      console.log(`chosen ${JSON.stringify(weights)} (validation NDCG@10 ${grid[0]!.ndcg10}) -> ${HYBRID_WEIGHTS_FILE}`);
    } else {
      const chosenSplit = split === "all" ? searches : searches.filter((s) => s.query.split === split);
      const rows = [];
      const perQuery = new Map<string, Record<string, unknown>>(chosenSplit.map((s) => [s.query.id, { id: s.query.id, query: s.query.query, words: s.words, slots: s.slots, exclude: s.exclude }]));
      const byId = new Map(catalog.products.map((p) => [p.id, p]));
      for (const v of variants) {
        const { ranked, ms, p50, p95 } = await run(retriever, semantic, v, chosenSplit, reranker);
        rows.push({ ranking: v.name, ...score(ranked, chosenSplit, judgments), latency_ms: { p50, p95 } });
        for (const [id, list] of ranked) {
          const grades = judgments.get(id) ?? new Map();
          perQuery.get(id)![v.name] = { ndcg10: ndcgAt(10, list, grades), ms: ms.get(id), top3: list.slice(0, 3).map((p) => `${byId.get(p)?.name} [${grades.get(p) ?? "unjudged"}]`) };
        }
      }
      // The ceiling of reranking: the shipped blend's top 50 in the judged order (exact, then substitute,
      // ties in rank order). What is missing from them no reranker can bring.
      retriever.setSemantic({ ...semantic, weights: { ...chosen, affinity: 0 } });
      retriever.setReranker(undefined);
      const best = new Map<string, number[]>();
      for (const s of chosenSplit) {
        const grades = judgments.get(s.query.id) ?? new Map<number, Grade>();
        const found = s.words ? await searchOrNone(retriever, s, 50, s.words) : undefined;
        best.set(s.query.id, [...(found?.products ?? [])].map((p) => p.id).sort((a, b) => GAIN[grades.get(b) ?? "irrelevant"] - GAIN[grades.get(a) ?? "irrelevant"]));
      }
      const ceiling = score(best, chosenSplit, judgments).ndcg10;
      if (flags.has("details")) writeFileSync(String(flags.get("details")), [...perQuery.values()].map((x) => JSON.stringify(x)).join("\n") + "\n");
      const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, one ONNX thread`;
      if (flags.has("json")) console.log(JSON.stringify({ split, machine, rows, rerank_ceiling_ndcg10: ceiling }));
      else {
        console.log(`split: ${split} (${chosenSplit.length} queries); machine: ${machine}`);
        for (const r of rows) console.log(`${r.ranking.padEnd(27)} NDCG@10 ${r.ndcg10.toFixed(3)}  P@5 ${r.p5.toFixed(3)}  judged@10 ${r.judged10.toFixed(2)}  p50 ${r.latency_ms.p50} ms  p95 ${r.latency_ms.p95} ms`);
        console.log(`ceiling of reranking: the shipped blend's top 50 in the judged order, NDCG@10 ${ceiling.toFixed(3)}`);
        const kinds = Object.keys(rows[0]!.byKind);
        console.log(`\nNDCG@10 by query kind:\n${"kind".padEnd(16)}${rows.map((r) => r.ranking.padStart(28)).join("")}`);
        for (const k of kinds) console.log(`${k.padEnd(16)}${rows.map((r) => String(r.byKind[k] ?? "-").padStart(28)).join("")}`);
      }
    }
  }
  await interactions.close();
} finally {
  await retriever.store.close();
  await readers.close();
  if (embedders !== readers) await embedders.close();
}
