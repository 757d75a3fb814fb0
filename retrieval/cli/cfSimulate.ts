/**
 * npm run cf:simulate -- [--shoppers=N] [--sessions=N] [--seed=N]
 * Records SIMULATED shoppers' views, carts and purchases on the real catalog into the
 * configured interaction store (for the demo: the catalog has no real interaction log), and
 * writes their latent tastes to DATA_DIR/cf/simulated-shoppers.json. Running it again with
 * the same options adds nothing.
 */
import { openInteractionStore } from "../../stores/open.js";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { config } from "../../config.js";
import { loadCatalog } from "../catalog/products.js";
import { cfModelDir } from "../cf/open.js";
import { SIMULATION_DEFAULTS, simulateShoppers } from "../cf/simulate.js";
import { parseFlags } from "./args.js";
import { progressBar } from "./progress.js";

const Flags = z
  .object({
    shoppers: z.coerce.number().int().min(1).max(100_000).default(SIMULATION_DEFAULTS.shoppers),
    sessions: z.coerce.number().int().min(1).max(1000).default(SIMULATION_DEFAULTS.sessionsPerShopper),
    seed: z.coerce.number().int().min(0).max(2 ** 31).default(SIMULATION_DEFAULTS.seed),
  })
  .strict();

const BATCH = 5000;

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), Flags, "npm run cf:simulate -- [--shoppers=N] [--sessions=N] [--seed=N]");
  if (!flags) return 2;
  const o = flags;
  const catalog = loadCatalog(config.catalogPath);
  const userPrefix = `sim${o.seed}-`;
  const { shoppers, events } = simulateShoppers(catalog.products, { shoppers: o.shoppers, sessionsPerShopper: o.sessions, seed: o.seed, userPrefix });
  const store = await openInteractionStore(config);
  try {
    if ((await store.byUser(shoppers[0]!.userId)).length > 0) {
      console.log(`simulated shoppers ${userPrefix}* are already recorded; nothing added`);
      return 0;
    }
    const bar = progressBar("recording interactions");
    for (let i = 0; i < events.length; i += BATCH) {
      await store.recordMany(events.slice(i, i + BATCH));
      bar.update(Math.min(events.length, i + BATCH), events.length);
    }
    bar.stop();
  } finally {
    await store.close();
  }
  const dir = cfModelDir(config);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "simulated-shoppers.json");
  writeFileSync(file, JSON.stringify(shoppers, null, 1) + "\n");
  console.log(`recorded ${events.length} simulated interactions of ${shoppers.length} shoppers; their tastes are in ${file}`);
  console.log(`next: npm run cf:train, then npm run cf:demo -- --user ${shoppers[0]!.userId} product_type="${shoppers[0]!.productTypes[0]!}" gender=${shoppers[0]!.gender}`);
  return 0;
}

process.exitCode = await main();
