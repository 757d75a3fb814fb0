/** The shipped student model, loaded once per test process. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { config, ROOT_DIR } from "../../config.js";
import { ModelEngine } from "../../models/runtime/engine.js";

export const modelDir = config.modelDir;

export interface GoldenEntry {
  task: string;
  input: string;
  output: string;
  output_ids: number[];
  max_new_tokens?: number;
}

export function readGolden(): GoldenEntry[] {
  return readFileSync(path.join(ROOT_DIR, "models", "golden.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as GoldenEntry);
}

let engine: Promise<ModelEngine> | undefined;
export function sharedEngine(): Promise<ModelEngine> {
  engine ??= ModelEngine.open(modelDir, "quantized", { intraOpThreads: 1 });
  return engine;
}
