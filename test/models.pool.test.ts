/** The worker pool keeps the main thread free: event-loop lag while 8 generations run, and batching. */
import assert from "node:assert/strict";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, it } from "vitest";
import { config } from "../config.js";
import { ModelPool } from "../models/runtime/pool.js";
import { readGolden } from "./helpers/models.js";

describe("model worker pool", () => {
  let pool: ModelPool;
  beforeAll(async () => {
    pool = await ModelPool.start({ dir: config.modelDir, variant: config.modelVariant, session: { intraOpThreads: config.modelThreads }, workers: config.modelWorkers });
  });
  afterAll(() => pool.close());

  it("keeps the event loop free while 8 generations run concurrently: its lag stays far below one generation's time", async () => {
    const prompts = readGolden().filter((g) => g.task === "response" || g.task === "context").slice(0, 8).map((g) => g.input);
    assert.equal(prompts.length, 8);
    await pool.generate(prompts[0]!, { maxNewTokens: 8 }); // warm up the sessions
    const lag = monitorEventLoopDelay({ resolution: 2 });
    lag.enable();
    const timed = async (p: string) => {
      const started = performance.now();
      const out = await pool.generate(p, { maxNewTokens: 48, numBeams: 5 });
      return { out, ms: performance.now() - started };
    };
    const runs = await Promise.all(prompts.map(timed));
    lag.disable();
    const outputs = runs.map((r) => r.out);
    assert.equal(outputs.length, 8);
    for (const o of outputs) assert.ok(o.text.length > 0);
    // A generation run on the main thread would hold the loop for all of its compute, so the lag
    // would reach the length of a generation; in workers it stays a small part of it. Measured
    // against the generations' own time, not a fixed number of ms: a busy machine slows both (a
    // fixed 20 ms bar failed a CI run sharing the machine; `npm run bench:models` reports the ms).
    // The 99th percentile: one OS scheduling hiccup can set the max on its own.
    const p99 = lag.percentile(99) / 1e6;
    const shortest = Math.min(...runs.map((r) => r.ms));
    assert.ok(p99 < shortest / 4, `event-loop lag p99 ${p99.toFixed(1)} ms (max ${(lag.max / 1e6).toFixed(1)} ms); shortest generation ${shortest.toFixed(0)} ms`);
  });

  it("answers concurrent requests with the same text as one at a time", async () => {
    const prompts = readGolden().filter((g) => g.task === "slots").slice(0, 8).map((g) => g.input);
    const alone: string[] = [];
    for (const p of prompts) alone.push((await pool.generate(p, { maxNewTokens: 64 })).text);
    const together = await Promise.all(prompts.map((p) => pool.generate(p, { maxNewTokens: 64 })));
    assert.deepEqual(together.map((o) => o.text), alone);
  });
});
