/** Loads the reranker the configuration asks for: none when switched off or never trained. */
import path from "node:path";
import type { Config } from "../../config.js";
import type { InteractionStore } from "../interactions.js";
import { loadModel } from "./model.js";
import { Reranker } from "./reranker.js";

export const cfModelDir = (cfg: Pick<Config, "dataDir">) => path.join(cfg.dataDir, "cf");

export function openReranker(
  cfg: Pick<Config, "dataDir" | "cfRerank" | "cfWeight" | "cfPool">,
  interactions?: InteractionStore,
): Reranker | undefined {
  if (!cfg.cfRerank) return undefined;
  const model = loadModel(cfModelDir(cfg));
  return model ? new Reranker(model, interactions, { weight: cfg.cfWeight, pool: cfg.cfPool }) : undefined;
}
