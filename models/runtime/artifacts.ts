/**
 * Loads one exported model directory (Transformers.js layout) from disk only: config.json,
 * generation_config.json, tokenizer.json, tokenizer_config.json, onnx/encoder_model*.onnx and
 * onnx/decoder_model_merged*.onnx. When a manifest.json lists SHA-256 sums they are checked, so a
 * missing or corrupt file fails at startup with an error naming it. Never touches the network.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export class ModelArtifactError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "ModelArtifactError";
  }
}

const T5ConfigSchema = z.object({
  d_model: z.number().int().positive(),
  d_kv: z.number().int().positive(),
  num_heads: z.number().int().positive(),
  num_layers: z.number().int().positive(),
  num_decoder_layers: z.number().int().positive().optional(),
  vocab_size: z.number().int().positive(),
  decoder_start_token_id: z.number().int().nonnegative(),
  eos_token_id: z.number().int().nonnegative(),
  pad_token_id: z.number().int().nonnegative(),
});
export type T5Config = z.infer<typeof T5ConfigSchema> & { num_decoder_layers: number };

const ManifestSchema = z.object({
  files: z.record(z.string(), z.object({ size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  /** "log_softmax" when the export normalized the decoder's logits inside the graph. */
  decoder_logits: z.enum(["raw", "log_softmax"]).optional(),
});

export interface ModelArtifacts {
  dir: string;
  config: T5Config;
  tokenizerJson: object;
  tokenizerConfig: object;
  encoderPath: string;
  decoderPath: string;
  /** "quantized" when the int8 files are used. */
  variant: "quantized" | "fp32";
  /** True when the decoder's "logits" output is already log-softmax normalized (see manifest.json). */
  logitsAreLogProbs: boolean;
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new ModelArtifactError(file, "missing");
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ModelArtifactError(file, `not valid JSON (${(e as Error).message})`);
  }
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function parseConfig(dir: string): T5Config {
  const parsed = T5ConfigSchema.safeParse(readJson(path.join(dir, "config.json")));
  if (!parsed.success) throw new ModelArtifactError(path.join(dir, "config.json"), parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return { ...parsed.data, num_decoder_layers: parsed.data.num_decoder_layers ?? parsed.data.num_layers };
}

/**
 * Checks every file manifest.json lists (ONNX files other than `selected` need not be shipped);
 * returns whether the decoder's logits are log-probabilities. No manifest: nothing to check.
 */
function checkManifest(dir: string, selected: ReadonlySet<string>, required: boolean): boolean {
  const manifestFile = path.join(dir, "manifest.json");
  if (!existsSync(manifestFile)) {
    if (required) throw new ModelArtifactError(manifestFile, "missing");
    return false;
  }
  const manifest = ManifestSchema.safeParse(readJson(manifestFile));
  if (!manifest.success) throw new ModelArtifactError(manifestFile, "malformed manifest");
  for (const [name, entry] of Object.entries(manifest.data.files)) {
    const file = path.join(dir, name);
    if (name.endsWith(".onnx") && !selected.has(file)) continue;
    if (!existsSync(file)) throw new ModelArtifactError(file, "listed in manifest.json but missing");
    if (sha256(file) !== entry.sha256) throw new ModelArtifactError(file, "SHA-256 does not match manifest.json (corrupt or stale file)");
  }
  return manifest.data.decoder_logits === "log_softmax";
}

/** Resolves and verifies a model directory; `variant` picks the int8 (default) or fp32 ONNX files. */
export function loadArtifacts(dir: string, variant: "quantized" | "fp32" = "quantized"): ModelArtifacts {
  if (!existsSync(dir)) throw new ModelArtifactError(dir, "model directory missing (run npm run models:train)");
  const config = parseConfig(dir);
  const suffix = variant === "quantized" ? "_quantized" : "";
  const encoderPath = path.join(dir, "onnx", `encoder_model${suffix}.onnx`);
  const decoderPath = path.join(dir, "onnx", `decoder_model_merged${suffix}.onnx`);
  for (const f of [encoderPath, decoderPath]) if (!existsSync(f)) throw new ModelArtifactError(f, "missing");
  const logitsAreLogProbs = checkManifest(dir, new Set([encoderPath, decoderPath]), false);
  return {
    dir,
    config,
    tokenizerJson: readJson(path.join(dir, "tokenizer.json")) as object,
    tokenizerConfig: readJson(path.join(dir, "tokenizer_config.json")) as object,
    encoderPath,
    decoderPath,
    variant,
    logitsAreLogProbs,
  };
}

/** A decoder without its own encoder or tokenizer (models/artifacts/context): config, int8 decoder, manifest required. */
export function loadDecoderArtifacts(dir: string): { config: T5Config; decoderPath: string; logitsAreLogProbs: boolean; readJson: (name: string) => unknown } {
  if (!existsSync(dir)) throw new ModelArtifactError(dir, "model directory missing");
  const config = parseConfig(dir);
  const decoderPath = path.join(dir, "onnx", "decoder_model_merged_quantized.onnx");
  if (!existsSync(decoderPath)) throw new ModelArtifactError(decoderPath, "missing");
  const logitsAreLogProbs = checkManifest(dir, new Set([decoderPath]), true);
  return { config, decoderPath, logitsAreLogProbs, readJson: (name) => readJson(path.join(dir, name)) };
}
