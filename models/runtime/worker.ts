/** Worker thread: owns one ModelEngine and answers the pool's requests. */
import { parentPort, workerData } from "node:worker_threads";
import { ModelEngine, type GenerateResult } from "./engine.js";
import { ContextDecoder } from "./contextDecoder.js";
import { EncoderModel, type EncoderReading } from "./encoder.js";
import type { PoolRequest, PoolResponse, WorkerInit } from "./protocol.js";

const port = parentPort;
if (!port) throw new Error("worker.ts must run as a worker thread");
const init = workerData as WorkerInit;

try {
  const [engine, encoder] = await Promise.all([
    ModelEngine.open(init.dir, init.variant, init.session),
    init.encoderDir ? EncoderModel.open(init.encoderDir, init.session) : Promise.resolve(null),
  ]);
  const context = encoder && init.contextDir ? await ContextDecoder.open(init.contextDir, encoder, init.session) : null;
  const runMs = () => engine.model.runMs + (encoder?.runMs ?? 0) + (context?.model.runMs ?? 0);
  port.on("message", (req: PoolRequest) => {
    const before = runMs();
    const started = performance.now();
    let work: Promise<GenerateResult[] | EncoderReading[] | Float32Array[] | string[]>;
    if (req.op === "generate") work = engine.generate(req.prompts, req.options);
    else if (req.op === "translate") work = context ? context.translate(req.conversation).then((t) => [t]) : Promise.reject(new Error("this pool has no context decoder"));
    else if (!encoder) work = Promise.reject(new Error("this pool has no understanding encoder"));
    else if (req.op === "read") work = encoder.read(req.text, req.context).then((r) => [r]);
    // One text per run: dynamic int8 quantization scales over the batch, and a vector must not depend on its neighbours.
    else work = (async () => { const out: Float32Array[] = []; for (const t of req.texts) out.push(await encoder.embed(t)); return out; })();
    work.then(
      (result) => port.postMessage({ id: req.id, ok: true, result, runMs: runMs() - before, wallMs: performance.now() - started } satisfies PoolResponse),
      (e: unknown) => port.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies PoolResponse),
    );
  });
  port.postMessage({ ready: true, context: context !== null });
} catch (e) {
  port.postMessage({ ready: false, error: e instanceof Error ? e.message : String(e) });
}
