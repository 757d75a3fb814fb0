/**
 * npm run bench:turns -- [--dialogues evals/dialogues] [--warmup 10] [--json]
 *
 * Turn latency in process: replays a dialogue suite (the public one by default) against the real
 * agent on a scratch embedded store, after a warm-up of a few dialogues that are not counted,
 * and prints p50/p95 per turn, per graph node and per tool, with the machine state they were
 * measured in. Whether the dialogues pass is the evaluation's business (npm run eval), not this one's.
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { config } from "../../config.js";
import { progressBar } from "../../retrieval/cli/progress.js";
import { loadDialogues } from "../load.js";
import { latencySummary, type LatencySummary } from "../metrics.js";
import { playAll, type DialogueRecord } from "../play.js";
import { InProcessTarget, openAgent } from "../targets/inprocess.js";

const USAGE = "usage: npm run bench:turns -- [--dialogues <file|dir>] [--warmup N] [--json]";

function args() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      dialogues: { type: "string", default: "evals/dialogues" },
      warmup: { type: "string", default: "10" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  const warmup = Number(values.warmup);
  if (!Number.isInteger(warmup) || warmup < 0 || warmup > 1000) throw new Error(`--warmup takes a whole number of dialogues from 0 to 1000, got ${JSON.stringify(values.warmup)}`);
  return { ...values, warmup };
}

/** Every turn's latency, and each node's and tool's time per turn it ran in. */
function samples(records: readonly DialogueRecord[]): { turns: number[]; parts: Map<string, number[]> } {
  const turns: number[] = [];
  const parts = new Map<string, number[]>();
  for (const t of records.flatMap((d) => d.turns)) {
    if (t.latencyMs !== null) turns.push(t.latencyMs);
    for (const [k, v] of Object.entries(t.nodeMs)) (parts.get(k) ?? parts.set(k, []).get(k)!).push(v);
  }
  return { turns, parts };
}

const cell = (x: number | null) => (x === null ? "-" : x.toFixed(1)).padStart(8);
const row = (name: string, s: LatencySummary) => `${name.padEnd(28)}${String(s.n).padStart(6)}${cell(s.p50)}${cell(s.p95)}${cell(s.mean)}${cell(s.max)}`;

async function main(): Promise<void> {
  let o;
  try {
    o = args();
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (o.help) return console.log(USAGE);
  const dialogues = loadDialogues(o.dialogues);
  const machine = {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? "unknown",
    load_average_1m_before: Number(loadavg()[0]!.toFixed(2)),
    model_threads: config.modelThreads,
    model_workers: config.modelWorkers,
    node: process.version,
  };
  const target = new InProcessTarget(await openAgent(config, "scratch"));
  const bar = progressBar("turns");
  let measured: DialogueRecord[];
  try {
    // The first turns pay for lazy work (model sessions, caches): not what a shopper waits for later.
    await playAll(target, dialogues.slice(0, o.warmup), { runTag: `warm${Date.now().toString(36)}` });
    measured = await playAll(target, dialogues, { runTag: Date.now().toString(36), onDialogue: (done, total) => bar.update(done, total) });
  } finally {
    bar.stop();
    await target.close();
  }
  const { turns, parts } = samples(measured);
  const result = {
    dialogues: dialogues.length,
    machine: { ...machine, load_average_1m_after: Number(loadavg()[0]!.toFixed(2)) },
    turn_ms: latencySummary(turns),
    parts_ms: Object.fromEntries([...parts].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, latencySummary(v)])),
  };
  if (o.json) return console.log(JSON.stringify(result, null, 2));
  console.log(`${dialogues.length} dialogues, ${turns.length} turns; ${machine.cpus} x ${machine.cpu_model}; MODEL_THREADS=${machine.model_threads} MODEL_WORKERS=${machine.model_workers}; load ${machine.load_average_1m_before} -> ${result.machine.load_average_1m_after}`);
  console.log(`${"".padEnd(28)}${"n".padStart(6)}${"p50".padStart(8)}${"p95".padStart(8)}${"mean".padStart(8)}${"max".padStart(8)}  (ms)`);
  console.log(row("turn", result.turn_ms));
  for (const [k, s] of Object.entries(result.parts_ms)) console.log(row(k, s));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
