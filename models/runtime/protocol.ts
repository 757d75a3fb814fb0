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
  /** The context decoder's directory (models/artifacts/context); it reads the encoder's states. */
  contextDir?: string;
}

export type PoolRequest =
  | { id: number; op: "generate"; prompts: string[]; options: GenerateOptions }
  | { id: number; op: "read"; text: string; context: string }
  | { id: number; op: "embed"; texts: string[] }
  | { id: number; op: "translate"; conversation: string };

export type PoolResponse =
  | { id: number; ok: true; result: GenerateResult[] | EncoderReading[] | Float32Array[] | string[]; runMs: number; wallMs: number }
  | { id: number; ok: false; error: string };

/** `context`: whether the worker loaded the context decoder. */
export type WorkerHello = { ready: true; context: boolean } | { ready: false; error: string };
