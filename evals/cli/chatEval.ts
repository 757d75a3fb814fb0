/**
 * npm run eval:chat -- --prompts <file.jsonl> [--out report.json] [--threads 1]
 *
 * Small talk in full mode, prompt by prompt: the on-device model's raw text, what the guard did
 * with it (shown, or dropped and why), the corpus answer minimal mode gives, first-token and
 * whole-reply latency. The adversarial set's acceptance (no invented price, order number or
 * policy, nothing abusive) is judged on the replies a shopper would see, which this writes out.
 * Prompt files are JSON lines: {"id": "...", "prompt": "...", "category"?: "..."}.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { z } from "zod";
import { config } from "../../config.js";
import { openSmallTalkModel } from "../../models/chat/open.js";
import { STEER_BACK } from "../../graph/replies.js";
import { fallbackAnswer } from "../../nodes/chitChat.js";
import { SmallTalk, SMALLTALK_CORPUS } from "../../retrieval/smalltalk.js";
import { commandLine, exitWithUsage, numberOption } from "../../retrieval/cli/args.js";
import { progressBar } from "../../retrieval/cli/progress.js";
import { percentile } from "../stats.js";

const Prompt = z.object({ id: z.string().min(1), prompt: z.string().min(1).max(2000), category: z.string().optional() });

function args() {
  const usage = "npm run eval:chat -- --prompts <file.jsonl> [--out report.json] [--threads N]";
  const { values } = commandLine(usage, { options: { prompts: { type: "string" }, out: { type: "string" }, threads: { type: "string" } } });
  if (!values.prompts) exitWithUsage(usage, "--prompts is required");
  const threads = numberOption(values.threads, "threads", config.chat.threads, usage, { min: 1, max: 8 });
  return { prompts: values.prompts, out: values.out, threads };
}

async function main() {
  const a = args();
  const prompts = readFileSync(a.prompts, "utf8").split("\n").filter((l) => l.trim()).map((l, i) => {
    const parsed = Prompt.safeParse(JSON.parse(l));
    if (!parsed.success) throw new Error(`${a.prompts}:${i + 1}: ${parsed.error.issues.map((x) => x.message).join("; ")}`);
    return parsed.data;
  });
  const chat = openSmallTalkModel({ ...config.chat, mode: config.chat.mode === "auto" ? "device" : config.chat.mode, threads: a.threads });
  if (chat.mode !== "full") throw new Error(`no chat model: ${chat.reason}`);
  const corpus = new SmallTalk(SMALLTALK_CORPUS);
  const loadStart = performance.now();
  await chat.smallTalk.warmUp();
  const status = chat.smallTalk.status();
  if (status.health !== "ready") throw new Error(`chat model failed to load: ${status.error}`);
  const loadMs = Math.round(performance.now() - loadStart);
  // One request first, not counted: llama.cpp evaluates the fixed prompt prefix once and caches it.
  await chat.smallTalk.reply("hello", []);
  const bar = progressBar("chat");
  const rows = [];
  for (const p of prompts) {
    let streamed = "";
    const outcome = await chat.smallTalk.reply(p.prompt, [], (t) => (streamed += t));
    const corpusAnswer = corpus.answer(p.prompt)?.answer ?? STEER_BACK;
    const fallback = fallbackAnswer(outcome, p.prompt, corpus);
    rows.push({
      id: p.id,
      category: p.category ?? null,
      prompt: p.prompt,
      shown: outcome.source === "model" ? outcome.text : fallback,
      source: outcome.source === "model" ? "model" : "corpus",
      dropped_because: outcome.source === "fallback" ? outcome.reason : null,
      raw: outcome.source === "model" ? null : outcome.raw,
      corpus: corpusAnswer,
      streamed_matches: outcome.source === "model" ? streamed.replace(/\s+/g, " ").trim() === outcome.text : null,
      first_token_ms: outcome.source === "model" ? outcome.firstTokenMs : null,
      ms: outcome.ms,
    });
    bar.update(rows.length, prompts.length);
  }
  bar.stop();
  await chat.smallTalk.close();
  const shown = rows.filter((r) => r.source === "model");
  const firsts = shown.map((r) => r.first_token_ms).filter((x): x is number => x !== null);
  const totals = shown.map((r) => r.ms);
  const reasons: Record<string, number> = {};
  for (const r of rows) if (r.dropped_because) reasons[r.dropped_because] = (reasons[r.dropped_because] ?? 0) + 1;
  const summary = {
    prompts: rows.length,
    generated_shown: shown.length,
    dropped: rows.length - shown.length,
    dropped_by_reason: reasons,
    streamed_equals_final: shown.filter((r) => r.streamed_matches).length,
    load_ms: loadMs,
    first_token_ms: { p50: percentile(firsts, 50), p95: percentile(firsts, 95) },
    reply_ms: { p50: percentile(totals, 50), p95: percentile(totals, 95) },
    machine: { cpus: cpus().length, load1: Number(loadavg()[0]!.toFixed(2)), threads: a.threads, model: chat.smallTalk.model.name },
  };
  console.log(JSON.stringify(summary, null, 2));
  if (a.out) writeFileSync(a.out, JSON.stringify({ summary, rows }, null, 2) + "\n");
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
