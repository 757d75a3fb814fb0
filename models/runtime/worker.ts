/** Worker thread: owns one ModelEngine and answers the pool's requests. */
import { parentPort, workerData } from "node:worker_threads";
import { ModelEngine, type GenerateResult, type LabelScores } from "./engine.js";
import type { PoolRequest, PoolResponse, WorkerInit } from "./protocol.js";

const port = parentPort;
if (!port) throw new Error("worker.ts must run as a worker thread");
const init = workerData as WorkerInit;

try {
  const engine = await ModelEngine.open(init.dir, init.variant, init.session);
  port.on("message", (req: PoolRequest) => {
    const before = engine.model.runMs;
    const started = performance.now();
    const work: Promise<GenerateResult[] | LabelScores[]> =
      req.op === "generate" ? engine.generate(req.prompts, req.options) : engine.classify(req.prompt, req.labels).then((r) => [r]);
    work.then(
      (result) => port.postMessage({ id: req.id, ok: true, result, runMs: engine.model.runMs - before, wallMs: performance.now() - started } satisfies PoolResponse),
      (e: unknown) => port.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies PoolResponse),
    );
  });
  port.postMessage({ ready: true });
} catch (e) {
  port.postMessage({ ready: false, error: e instanceof Error ? e.message : String(e) });
}
