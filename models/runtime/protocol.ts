/** Messages between the model pool (main thread) and its workers. */
import type { GenerateOptions, GenerateResult } from "./engine.js";
import type { SessionOptions } from "./t5.js";
import type { EncoderReading } from "./encoder.js";

export interface WorkerInit {
  dir: string;
  variant: "quantized" | "fp32";
  session: SessionOptions;
  /** The understanding encoder's directory (models/artifacts/nlu), when the pool serves it too. */
  encoderDir?: string;
}

export type PoolRequest =
  | { id: number; op: "generate"; prompts: string[]; options: GenerateOptions }
  | { id: number; op: "read"; text: string; context: string }
  | { id: number; op: "embed"; texts: string[] };

export type PoolResponse =
  | { id: number; ok: true; result: GenerateResult[] | EncoderReading[] | Float32Array[]; runMs: number; wallMs: number }
  | { id: number; ok: false; error: string };

export type WorkerHello = { ready: true } | { ready: false; error: string };
