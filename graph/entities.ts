/**
 * Combining the two entity extractors of a turn: the T5 slot model (paraphrase, context) and the
 * catalog lookup tables (explicit mentions). A value the message states in catalog words is
 * evidence the model cannot outvote; the model fills every key the tables did not find.
 */
import type { NormalizedSlots } from "../retrieval/slots.js";

export function combineEntities(model: NormalizedSlots, lexicon: NormalizedSlots): NormalizedSlots {
  const out: NormalizedSlots = { ...model, ...lexicon };
  const features = [...new Set([...(lexicon.features ?? []), ...(model.features ?? [])])];
  if (features.length > 0) out.features = features;
  return out;
}
