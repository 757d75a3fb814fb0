/**
 * npm run cf:demo -- --user ID key=value ...
 * One search twice: in the retriever's plain order, and reranked for the shopper, with each
 * product's scores and the reason for its place. Needs a trained model (npm run cf:train).
 */
import { config } from "../../config.js";
import { openReranker } from "../cf/open.js";
import { RetrievalInputError } from "../errors.js";
import { openRetriever, openInteractionStore } from "../../stores/open.js";
import type { RetrievalResult } from "../retriever.js";
import { exitWithUsage, numberOption, slotCommandLine } from "./args.js";
import { progressBar } from "./progress.js";

const USAGE = 'npm run cf:demo -- [--json] [--limit N] --user ID key=value ...   e.g. --user sim11-0001 product_type=Tshirts gender=Men';

function print(title: string, r: RetrievalResult): void {
  console.log(`\n${title}${r.rerank ? ` (${JSON.stringify(r.rerank)})` : ""}`);
  for (const [i, p] of r.products.entries()) {
    console.log(`${String(i + 1).padStart(2)}. ${String(p.id).padStart(6)} ${p.brand.padEnd(22).slice(0, 22)} ${(p.baseColour ?? "").padEnd(10)} ${p.name}`);
    if (p.rankReason) console.log(`    ${p.rankReason}`);
  }
}

async function main(): Promise<number> {
  const parsed = slotCommandLine(USAGE, ["json", "limit", "user"], ["user"]);
  const user = parsed.flags.get("user");
  if (typeof user !== "string") exitWithUsage(USAGE, "--user ID is required");
  if (Object.keys(parsed.slots).length === 0) exitWithUsage(USAGE, "at least one key=value slot");
  const limit = numberOption(parsed.flags.get("limit"), "limit", 10, USAGE, { min: 1, max: 100 });
  const bar = progressBar("first run: loading catalog");
  const retriever = await openRetriever(config, { onIngestProgress: (d, t) => bar.update(d, t) });
  bar.stop();
  const interactions = await openInteractionStore(config);
  try {
    const reranker = openReranker(config, interactions);
    if (!reranker) {
      console.error("error: no reranking model (run npm run cf:train) or CF_RERANK=off");
      return 1;
    }
    const plain = await retriever.retrieve(parsed.slots, limit);
    retriever.setReranker(reranker);
    const personal = await retriever.retrieve(parsed.slots, limit, { userId: user });
    if (parsed.flags.has("json")) console.log(JSON.stringify({ plain: plain.products.map((p) => p.id), reranked: personal }));
    else {
      print("plain order", plain);
      print(`reranked for ${user}`, personal);
    }
    return 0;
  } catch (e) {
    if (e instanceof RetrievalInputError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await interactions.close();
    await retriever.store.close();
  }
}

process.exitCode = await main();
