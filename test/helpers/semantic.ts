/**
 * Hybrid ranking's parts for tests, from the shipped encoder in process (no worker pool): the
 * product vectors come from VECTOR_CACHE_DIR (npm run vectors:build fills it; CI does so first).
 */
import { config } from "../../config.js";
import { EncoderModel } from "../../models/runtime/encoder.js";
import type { Product } from "../../retrieval/catalog/products.js";
import type { SemanticRanking } from "../../retrieval/retriever.js";
import { encoderVectorsId, openSemanticRanking } from "../../retrieval/semantic/open.js";

/** Why hybrid-ranking tests cannot run here, or false. */
export const semanticSkip: string | false = encoderVectorsId(config.nluDir) ? false : "the shipped encoder has no sentence-vector output";

let encoder: Promise<EncoderModel> | undefined;

export async function openTestSemantic(products: readonly Product[]): Promise<SemanticRanking> {
  encoder ??= EncoderModel.open(config.nluDir);
  const model = await encoder;
  const embed = async (texts: readonly string[]) => {
    const out: Float32Array[] = [];
    for (const t of texts) out.push(await model.embed(t));
    return out;
  };
  const semantic = await openSemanticRanking({ ...config, semanticRanking: true }, products, embed);
  if (!semantic) throw new Error(String(semanticSkip));
  return semantic;
}
