/**
 * Model inference off the main thread: a small pool of worker threads, each with its own ONNX
 * sessions. Generation requests with the same options that arrive while workers are busy (or in
 * the same tick) are merged into one batched run, which is what lowers latency under load.
 */
import { Worker } from "node:worker_threads";
import type { GenerateOptions, GenerateResult } from "./engine.js";
import type { EncoderReading } from "./encoder.js";
import type { PoolRequest, PoolResponse, WorkerHello, WorkerInit } from "./protocol.js";

export interface PoolOptions extends WorkerInit {
  workers?: number;
  /**
   * Most prompts merged into one generation run. Default 8 for fp32 and 1 (no merging) for int8:
   * dynamic quantization scales activations over the whole batch, so merged requests could
   * answer differently than alone (measured on the shipped student: slot outputs changed), and a
   * shopper's answer must not depend on who else is typing.
   */
  maxBatch?: number;
}

type Pending =
  | { op: "generate"; key: string; prompt: string; options: GenerateOptions; resolve: (r: GenerateResult) => void; reject: (e: Error) => void }
  | { op: "read"; text: string; context: string; resolve: (r: EncoderReading) => void; reject: (e: Error) => void }
  | { op: "embed"; texts: string[]; resolve: (r: Float32Array[]) => void; reject: (e: Error) => void }
  | { op: "translate"; conversation: string; resolve: (r: string) => void; reject: (e: Error) => void };

interface Slot {
  worker: Worker;
  busy: boolean;
}

export interface PoolStats {
  runMs: number;
  wallMs: number;
  requests: number;
}

export class ModelPool {
  private readonly pending: Pending[] = [];
  private readonly inflight = new Map<number, { items: Pending[]; slot: Slot }>();
  private nextId = 1;
  private scheduled = false;
  private closed = false;
  readonly stats: PoolStats = { runMs: 0, wallMs: 0, requests: 0 };

  private constructor(
    private readonly slots: Slot[],
    private readonly maxBatch: number,
    /** Whether the workers loaded the context decoder (models/artifacts/context). */
    readonly hasContextDecoder: boolean,
  ) {
    for (const slot of slots) {
      slot.worker.on("message", (m: PoolResponse) => this.onResponse(slot, m));
      slot.worker.on("error", (e) => this.failAll(e));
    }
  }

  /** Starts the workers and waits until each has loaded the model (or fails naming the problem). */
  static async start(o: PoolOptions): Promise<ModelPool> {
    const init: WorkerInit = {
      dir: o.dir,
      variant: o.variant,
      session: o.session,
      ...(o.encoderDir ? { encoderDir: o.encoderDir } : {}),
      ...(o.encoderDir && o.contextDir ? { contextDir: o.contextDir } : {}),
    };
    let context = true;
    const slots = await Promise.all(
      Array.from({ length: Math.max(1, o.workers ?? 1) }, async () => {
        const worker = new Worker(new URL("./workerEntry.mjs", import.meta.url), { workerData: init, execArgv: [] });
        const hello = await new Promise<WorkerHello>((resolve, reject) => {
          worker.once("message", (m: WorkerHello) => resolve(m));
          worker.once("error", reject);
        });
        if (!hello.ready) {
          await worker.terminate();
          throw new Error(`model worker failed to start: ${hello.error}`);
        }
        context &&= hello.context;
        return { worker, busy: false };
      }),
    );
    return new ModelPool(slots, o.maxBatch ?? (o.variant === "quantized" ? 1 : 8), context);
  }

  generate(prompt: string, options: GenerateOptions): Promise<GenerateResult> {
    return new Promise((resolve, reject) => this.enqueue({ op: "generate", key: JSON.stringify(options), prompt, options, resolve, reject }));
  }

  /** The understanding encoder's reading of a message in its context (models/runtime/encoder.ts). */
  read(text: string, context: string): Promise<EncoderReading> {
    return new Promise((resolve, reject) => this.enqueue({ op: "read", text, context, resolve, reject }));
  }

  /** Sentence vectors (unit length) of texts, from the understanding encoder: queries and product texts. */
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return new Promise((resolve, reject) => this.enqueue({ op: "embed", texts: [...texts], resolve, reject }));
  }

  /** The conversation ("User: ... | Bot: ...") as one task sentence, by the context decoder. */
  translate(conversation: string): Promise<string> {
    return new Promise((resolve, reject) => this.enqueue({ op: "translate", conversation, resolve, reject }));
  }

  private enqueue(p: Pending): void {
    if (this.closed) {
      p.reject(new Error("model pool is closed"));
      return;
    }
    this.pending.push(p);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.pending.length === 0) continue;
      const first = this.pending.shift()!;
      const items: Pending[] = [first];
      let req: PoolRequest;
      const id = this.nextId++;
      if (first.op === "generate") {
        const prompts = [first.prompt];
        for (let i = 0; i < this.pending.length && items.length < this.maxBatch; ) {
          const p = this.pending[i]!;
          if (p.op === "generate" && p.key === first.key) {
            items.push(...this.pending.splice(i, 1));
            prompts.push(p.prompt);
          } else i++;
        }
        req = { id, op: "generate", prompts, options: first.options };
      } else if (first.op === "read") {
        req = { id, op: "read", text: first.text, context: first.context };
      } else if (first.op === "translate") {
        req = { id, op: "translate", conversation: first.conversation };
      } else {
        req = { id, op: "embed", texts: first.texts };
      }
      slot.busy = true;
      this.inflight.set(id, { items, slot });
      slot.worker.postMessage(req);
    }
  }

  private onResponse(slot: Slot, m: PoolResponse): void {
    const job = this.inflight.get(m.id);
    if (!job) return;
    this.inflight.delete(m.id);
    slot.busy = false;
    if (!m.ok) for (const p of job.items) p.reject(new Error(m.error));
    else {
      this.stats.runMs += m.runMs;
      this.stats.wallMs += m.wallMs;
      this.stats.requests += job.items.length;
      job.items.forEach((p, i) => {
        const r = m.result[i];
        if (p.op === "generate") p.resolve(r as GenerateResult);
        else if (p.op === "read") p.resolve(r as EncoderReading);
        else if (p.op === "translate") p.resolve(r as string);
        else p.resolve(m.result as Float32Array[]);
      });
    }
    this.pump();
  }

  private failAll(e: Error): void {
    for (const { items } of this.inflight.values()) for (const p of items) p.reject(e);
    this.inflight.clear();
    for (const p of this.pending.splice(0)) p.reject(e);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error("model pool is closed"));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
