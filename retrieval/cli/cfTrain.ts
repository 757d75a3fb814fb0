/**
 * npm run cf:train -- [--factors=N] [--iterations=N] [--regularization=X] [--alpha=X]
 * Trains the reranking model (implicit ALS) on every interaction in the configured store and
 * saves it under DATA_DIR/cf/, where the retriever's reranker loads it.
 */
import { openInteractionStore } from "../../stores/open.js";
import { z } from "zod";
import { config } from "../../config.js";
import { ALS_DEFAULTS } from "../cf/als.js";
import { saveModel } from "../cf/model.js";
import { cfModelDir } from "../cf/open.js";
import { trainModel } from "../cf/train.js";
import { parseFlags } from "./args.js";
import { progressBar } from "./progress.js";

const Flags = z
  .object({
    factors: z.coerce.number().int().min(2).max(256).default(ALS_DEFAULTS.factors),
    iterations: z.coerce.number().int().min(1).max(100).default(ALS_DEFAULTS.iterations),
    regularization: z.coerce.number().min(0).max(1000).default(ALS_DEFAULTS.regularization),
    alpha: z.coerce.number().min(0).max(1000).default(ALS_DEFAULTS.alpha),
  })
  .strict();

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), Flags, "npm run cf:train -- [--factors=N] [--iterations=N] [--regularization=X] [--alpha=X]");
  if (!flags) return 2;
  const store = await openInteractionStore(config);
  try {
    const events = await store.all();
    if (events.length === 0) {
      console.error("error: no interactions recorded yet (the agent records views and purchases; npm run cf:simulate adds simulated shoppers)");
      return 1;
    }
    const bar = progressBar("ALS iterations");
    const t = performance.now();
    const model = trainModel(events, flags, (done, total) => bar.update(done, total));
    bar.stop();
    const dir = cfModelDir(config);
    saveModel(dir, model);
    const seconds = ((performance.now() - t) / 1000).toFixed(1);
    console.log(`trained on ${events.length} interactions (${model.users.length} shoppers, ${model.items.length} products) in ${seconds} s; saved to ${dir}`);
    return 0;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
