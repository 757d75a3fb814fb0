/** GET /api/chat/model-info: what the running agent loaded, read from the model directory once. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ROOT_DIR, type Config } from "../config.js";
import { INTENTS, SENTIMENTS } from "../contract/index.js";

const ModelConfig = z.object({
  model_type: z.string().optional(),
  d_model: z.number(),
  d_ff: z.number().optional(),
  num_layers: z.number(),
  num_decoder_layers: z.number().optional(),
  num_heads: z.number(),
  vocab_size: z.number(),
});
const Manifest = z.object({
  files: z.record(z.string(), z.object({ size: z.number(), sha256: z.string() })),
  role: z.string().optional(),
  quantization: z.string().optional(),
  parameters: z.number().optional(),
});
const Tasks = z.record(z.string(), z.object({ prefix: z.string(), max_new_tokens: z.number().optional() }));

export const ModelInfoSchema = z.object({
  model_dir: z.string(),
  variant: z.enum(["quantized", "fp32"]),
  architecture: ModelConfig,
  parameters: z.number().nullable(),
  quantization: z.string().nullable(),
  tasks: Tasks,
  labels: z.object({ intent: z.array(z.string()), sentiment: z.array(z.string()) }),
  decoding: z.object({ num_beams: z.number() }),
  runtime: z.object({ engine: z.literal("onnxruntime-node"), workers: z.number(), threads_per_worker: z.number() }),
  files: z.record(z.string(), z.object({ size: z.number(), sha256: z.string() })),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

function readJson<T>(file: string, schema: z.ZodType<T>): T | null {
  if (!existsSync(file)) return null;
  return schema.parse(JSON.parse(readFileSync(file, "utf8")));
}

export function readModelInfo(cfg: Config): ModelInfo {
  const dir = cfg.modelDir;
  const architecture = readJson(path.join(dir, "config.json"), ModelConfig);
  if (!architecture) throw new Error(`${dir}: config.json missing`);
  const manifest = readJson(path.join(dir, "manifest.json"), Manifest);
  return {
    model_dir: path.relative(ROOT_DIR, dir) || ".",
    variant: cfg.modelVariant,
    architecture,
    parameters: manifest?.parameters ?? null,
    quantization: cfg.modelVariant === "quantized" ? (manifest?.quantization ?? "int8") : null,
    tasks: readJson(path.join(dir, "tasks.json"), Tasks) ?? {},
    labels: { intent: [...INTENTS], sentiment: [...SENTIMENTS] },
    decoding: { num_beams: cfg.numBeams },
    runtime: { engine: "onnxruntime-node", workers: cfg.modelWorkers, threads_per_worker: cfg.modelThreads },
    files: manifest?.files ?? {},
  };
}
