/** report.json: the headline numbers DESIGN.md's runner promises, the full metrics, and every failure. */
import type { DialogueRecord } from "../play.js";
import { computeMetrics, type Metrics } from "../metrics.js";
import { dialogueCause, failuresByCause, type FailureCause } from "../attribution.js";

export interface RunInfo {
  target: string;
  dialogues_path: string;
  started_at: string;
  finished_at: string;
  model_dir: string | null;
  node: string;
}

export interface Failure {
  dialogue: string;
  /** 1-based, as a person counts turns. */
  turn: number;
  key: string;
  expected: unknown;
  got: unknown;
  user: string;
  file: string;
  line: number;
}

export interface TurnSummary {
  user: string;
  pass: boolean;
  intent: string | null;
  state: string | null;
  reply: string | null;
  task: string | null;
  products: number;
  latency_ms: number | null;
  error: string | null;
}

export interface Report {
  dialogues: number;
  dialogue_success_rate: number | null;
  turn_pass_rate: number | null;
  intent_accuracy: number | null;
  intent_macro_f1: number | null;
  slot_f1: number | null;
  latency_ms: Metrics["latency_ms"];
  failures: Failure[];
  /** Failing dialogues by the cause of their first failing turn (evals/attribution.ts). */
  failures_by_cause: Record<FailureCause, string[]>;
  run: RunInfo;
  metrics: Metrics;
  /** Per-turn latencies, for the histogram. */
  latency_samples_ms: number[];
  results: { id: string; pass: boolean; cause: FailureCause | null; tags: string[]; file: string; line: number; turns: TurnSummary[] }[];
}

export function failuresOf(dialogues: readonly DialogueRecord[]): Failure[] {
  return dialogues.flatMap((d) =>
    d.turns.flatMap((t) => {
      const where = { dialogue: d.id, turn: t.index + 1, user: t.user, file: d.file, line: d.line };
      if (t.error !== null) return [{ ...where, key: "error", expected: "a reply", got: t.error }];
      return t.checks.filter((c) => !c.pass).map((c) => ({ ...where, key: c.key, expected: c.expected, got: c.got }));
    }),
  );
}

export function buildReport(dialogues: readonly DialogueRecord[], run: RunInfo): Report {
  const metrics = computeMetrics(dialogues);
  return {
    dialogues: metrics.dialogues,
    dialogue_success_rate: metrics.dialogue_success_rate,
    turn_pass_rate: metrics.turn_pass_rate,
    intent_accuracy: metrics.intent.accuracy,
    intent_macro_f1: metrics.intent.macro_f1,
    slot_f1: metrics.slots.micro.f1,
    latency_ms: metrics.latency_ms,
    failures: failuresOf(dialogues),
    failures_by_cause: failuresByCause(dialogues),
    run,
    metrics,
    latency_samples_ms: dialogues.flatMap((d) => d.turns.flatMap((t) => (t.latencyMs === null ? [] : [Math.round(t.latencyMs * 10) / 10]))),
    results: dialogues.map((d) => ({
      id: d.id,
      pass: d.pass,
      cause: dialogueCause(d.turns),
      tags: d.tags,
      file: d.file,
      line: d.line,
      turns: d.turns.map((t) => ({
        user: t.user,
        pass: t.pass,
        intent: t.observation?.intent ?? null,
        state: t.observation?.state ?? null,
        reply: t.observation?.reply ?? null,
        task: t.observation?.task ?? null,
        products: t.observation?.products.length ?? 0,
        latency_ms: t.latencyMs === null ? null : Math.round(t.latencyMs * 10) / 10,
        error: t.error,
      })),
    })),
  };
}
