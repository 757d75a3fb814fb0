/**
 * npm run search -- [--json] [--limit N] key=value ...
 * Searches the catalog with DESIGN.md slot keys, e.g. product_type=Shirts color="Navy Blue" size=M price_max=40.
 */
import { config } from "../../config.js";
import { RetrievalInputError } from "../errors.js";
import { openRetriever } from "../../stores/open.js";
import { type RetrievalResult } from "../retriever.js";
import { SLOT_KEYS } from "../slots.js";
import { exitWithUsage, numberOption, slotCommandLine } from "./args.js";
import { progressBar } from "./progress.js";

function printHuman(r: RetrievalResult): void {
  console.log(`slots: ${JSON.stringify(r.slots)}`);
  if (r.relaxed.length > 0) console.log(`relaxed: ${r.relaxed.map((x) => `${x.step} (${x.requested})`).join(", ")}`);
  console.log(`summary: ${JSON.stringify(r.summary)}`);
  for (const p of r.products) {
    const stock = Object.entries(p.stock).map(([size, qty]) => `${size}:${qty}`).join(" ");
    console.log(`${String(p.id).padStart(6)}  $${p.price.toFixed(2).padStart(7)}  ${p.name}  [${p.brand}; ${stock}]`);
  }
}

const USAGE = `npm run search -- [--json] [--limit N] key=value ...
slot keys: ${SLOT_KEYS.join(", ")}
example:   npm run search -- product_type=Shirts color="Navy Blue" size=M price_max=40`;

async function main(): Promise<number> {
  const { slots, flags } = slotCommandLine(USAGE, ["json", "limit"]);
  if (Object.keys(slots).length === 0) exitWithUsage(USAGE, "at least one key=value slot");
  const json = flags.has("json");
  const limit = numberOption(flags.get("limit"), "limit", 10, USAGE, { min: 1, max: 100 });
  const bar = progressBar("first run: loading catalog");
  const retriever = await openRetriever(config, { onIngestProgress: (d, t) => bar.update(d, t) });
  bar.stop();
  try {
    const r = await retriever.retrieve(slots, Number.isFinite(limit) ? limit : 10);
    if (json) {
      console.log(JSON.stringify({ summary: r.summary, products: r.products, relaxed: r.relaxed, slots: r.slots }));
    } else printHuman(r);
    return 0;
  } catch (e) {
    if (e instanceof RetrievalInputError) {
      if (json) console.log(JSON.stringify({ error: { code: e.code, issues: e.issues } }));
      else console.error(`error: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await retriever.store.close();
  }
}

process.exitCode = await main();
