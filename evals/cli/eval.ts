/**
 * npm run eval -- --dialogues <file|dir> [--target inprocess|http://host:port] [--report <dir>]
 *                 [--store scratch|configured] [--token T] [--timeout S] [--only ID,TAG,...]
 *                 [--min-dialogue-success X] [--min-intent-accuracy X]
 * npm run eval -- --compare a/report.json b/report.json
 *
 * Plays every dialogue in a fresh conversation, checks every expectation, carries on past
 * failures, and writes report.json, report.md and report.html. Exit codes: 0 done (and above any
 * --min-* bar), 1 below a bar, 2 bad input.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { config, ROOT_DIR } from "../../config.js";
import { progressBar } from "../../retrieval/cli/progress.js";
import { readReport, renderComparison } from "../compare.js";
import { DialogueFileError, loadDialogues } from "../load.js";
import { playAll } from "../play.js";
import { buildReport } from "../report/json.js";
import { renderHtml } from "../report/html.js";
import { renderMarkdown } from "../report/markdown.js";
import { pct } from "../report/format.js";
import { InProcessTarget, openAgent, type StoreMode } from "../targets/inprocess.js";
import { parseServerUrl, SocketTarget } from "../targets/socket.js";
import type { Target } from "../target.js";

class UsageError extends Error {}

const USAGE = `usage: npm run eval -- --dialogues <file|dir> [--target inprocess|http://host:port] [--report <dir>]
         [--store scratch|configured] [--token T] [--timeout seconds] [--only id-or-tag,...]
         [--min-dialogue-success 0..1] [--min-intent-accuracy 0..1]
       npm run eval -- --compare a/report.json b/report.json`;

function fraction(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const x = Number(raw);
  if (!Number.isFinite(x) || x < 0 || x > 1) throw new UsageError(`--${name} takes a number from 0 to 1, got ${JSON.stringify(raw)}`);
  return x;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        dialogues: { type: "string" },
        target: { type: "string", default: "inprocess" },
        report: { type: "string" },
        store: { type: "string", default: "scratch" },
        token: { type: "string" },
        timeout: { type: "string", default: "120" },
        only: { type: "string" },
        "min-dialogue-success": { type: "string" },
        "min-intent-accuracy": { type: "string" },
        compare: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function openTarget(raw: string, store: StoreMode, token: string | undefined, timeoutMs: number): Promise<Target> {
  if (raw === "inprocess") {
    if (!existsSync(config.modelDir)) {
      throw new UsageError(`no trained models at ${config.modelDir}: train them (npm run models:train) or set MODEL_DIR, e.g. MODEL_DIR=models/training/runs/micro/artifacts/student`);
    }
    return new InProcessTarget(await openAgent(config, store));
  }
  let url: URL;
  try {
    url = parseServerUrl(raw);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return new SocketTarget(url, { ...(token ? { token } : {}), timeoutMs });
}

async function main(argv: string[]): Promise<number> {
  const { values: o, positionals } = parse(argv);
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (o.compare) {
    if (positionals.length !== 2) throw new UsageError(`--compare takes two report.json files, got ${positionals.length}`);
    const [a, b] = positionals as [string, string];
    let reports;
    try {
      reports = [readReport(a), readReport(b)] as const;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    process.stdout.write(renderComparison(reports[0], reports[1], [a, b]));
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (!o.dialogues) throw new UsageError("--dialogues <file|dir> is required");
  if (o.store !== "scratch" && o.store !== "configured") throw new UsageError(`--store is "scratch" or "configured", got ${JSON.stringify(o.store)}`);
  const timeoutS = Number(o.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > 3600) throw new UsageError(`--timeout takes seconds from 1 to 3600, got ${JSON.stringify(o.timeout)}`);
  const minSuccess = fraction("min-dialogue-success", o["min-dialogue-success"]);
  const minIntent = fraction("min-intent-accuracy", o["min-intent-accuracy"]);

  let dialogues = loadDialogues(o.dialogues);
  if (o.only) {
    const wanted = new Set(o.only.split(",").map((s) => s.trim()).filter(Boolean));
    dialogues = dialogues.filter((d) => wanted.has(d.id) || (d.tags ?? []).some((t) => wanted.has(t)));
    if (dialogues.length === 0) throw new UsageError(`--only ${o.only} matches no dialogue id or tag`);
  }
  const reportDir = path.resolve(o.report ?? path.join(ROOT_DIR, "evals", "reports", "latest"));
  const started = new Date().toISOString();
  const target = await openTarget(o.target, o.store, o.token, timeoutS * 1000);
  const bar = progressBar(`dialogues (${target.name})`);
  let failed = 0;
  let records;
  try {
    records = await playAll(target, dialogues, {
      runTag: Date.now().toString(36).slice(-6),
      onDialogue: (done, total, last) => {
        if (!last.pass) failed += 1;
        bar.update(done, total);
        if (!process.stderr.isTTY) console.error(`[${done}/${total}] ${last.pass ? "pass" : "FAIL"} ${last.id}`);
      },
    });
  } finally {
    bar.stop();
    await target.close();
  }
  const report = buildReport(records, {
    target: target.name,
    dialogues_path: path.relative(ROOT_DIR, path.resolve(o.dialogues)) || ".",
    started_at: started,
    finished_at: new Date().toISOString(),
    model_dir: o.target === "inprocess" ? path.relative(ROOT_DIR, config.modelDir) : null,
    node: process.version,
  });
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(path.join(reportDir, "report.json"), JSON.stringify(report, null, 2) + "\n");
  writeFileSync(path.join(reportDir, "report.md"), renderMarkdown(report));
  writeFileSync(path.join(reportDir, "report.html"), renderHtml(report));
  console.log(
    `${report.dialogues} dialogues (${failed} failed): success ${pct(report.dialogue_success_rate)}, turns ${pct(report.turn_pass_rate)}, ` +
      `intent accuracy ${pct(report.intent_accuracy)}, slot F1 ${report.slot_f1?.toFixed(3) ?? "n/a"}, ` +
      `latency p50 ${report.latency_ms.p50 ?? "n/a"} ms / p95 ${report.latency_ms.p95 ?? "n/a"} ms`,
  );
  const causes = Object.entries(report.failures_by_cause).filter(([, ids]) => ids.length > 0);
  if (causes.length > 0) console.log(`failing dialogues by cause: ${causes.map(([c, ids]) => `${c} ${ids.length}`).join(", ")}`);
  console.log(`report: ${path.join(reportDir, "report.html")} (and report.json, report.md)`);
  const below: string[] = [];
  if (minSuccess !== undefined && (report.dialogue_success_rate ?? 0) < minSuccess) below.push(`dialogue success ${pct(report.dialogue_success_rate)} < ${pct(minSuccess)}`);
  if (minIntent !== undefined && (report.intent_accuracy ?? 0) < minIntent) below.push(`intent accuracy ${pct(report.intent_accuracy)} < ${pct(minIntent)}`);
  if (below.length > 0) {
    console.error(`below the bar: ${below.join("; ")}`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof DialogueFileError) {
      console.error(e instanceof UsageError ? `${e.message}\n${USAGE}` : e.message);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  },
);
