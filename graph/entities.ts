/**
 * Combining the two entity extractors of a turn: the T5 slot model (paraphrase, context, typos)
 * and the catalog lookup tables (explicit mentions). A value the message states in catalog words
 * is evidence the model cannot outvote. The model fills the other keys only with values the
 * message supports (the value or one of its synonyms is there, allowing for typos), because a
 * small generative model can produce fluent slots the shopper never mentioned.
 */
import { distance } from "fastest-levenshtein";
import { textKey } from "../retrieval/catalog/text.js";
import type { NormalizedSlots } from "../retrieval/slots.js";
import { withoutIdioms } from "../retrieval/lexicon.js";
import type { Vocabulary } from "../retrieval/vocabulary.js";

type ClosedLookup = keyof Vocabulary["lookup"];
const CLOSED: ClosedLookup[] = ["product_type", "color", "gender", "usage", "season", "size", "brand"];

/** Edits tolerated between a surface form and the shopper's words, by length. */
const tolerance = (n: number) => (n >= 8 ? 2 : n >= 4 ? 1 : 0);

function mentions(words: string[], surface: string): boolean {
  const parts = surface.split(" ");
  for (let i = 0; i + parts.length <= words.length; i++) {
    const gram = words.slice(i, i + parts.length).join(" ");
    if (gram === surface || distance(gram, surface) <= tolerance(surface.length)) return true;
  }
  return false;
}

function supported(key: keyof NormalizedSlots, value: unknown, words: string[], vocab: Vocabulary): boolean {
  if (typeof value === "number") return words.includes(String(value));
  if (key === "features" && Array.isArray(value)) return value.every((f) => mentions(words, textKey(String(f))));
  if (typeof value !== "string") return false;
  const canonical = textKey(value);
  if (mentions(words, canonical)) return true;
  if (!(CLOSED as string[]).includes(key)) return false;
  for (const [surface, target] of vocab.lookup[key as ClosedLookup]) {
    if (target === value && surface.length >= 3 && mentions(words, surface)) return true;
  }
  return false;
}

export function combineEntities(model: NormalizedSlots, lexicon: NormalizedSlots, text: string, vocab: Vocabulary): NormalizedSlots {
  const words = textKey(withoutIdioms(text)).split(" ").filter((w) => w !== "");
  // A word the lookup tables already read ("wite" = White) cannot also back a model slot ("wife" = Women).
  const read = Object.values(lexicon).filter((v): v is string => typeof v === "string").flatMap((v) => textKey(v).split(" "));
  const free = words.filter((w) => !read.some((r) => w === r || distance(w, r) <= tolerance(r.length)));
  const out: NormalizedSlots = {};
  for (const [k, v] of Object.entries(model) as [keyof NormalizedSlots, unknown][]) {
    if (k !== "features" && supported(k, v, free, vocab)) (out as Record<string, unknown>)[k] = v;
  }
  Object.assign(out, lexicon);
  const modelFeatures = (model.features ?? []).filter((f) => supported("features", [f], words, vocab));
  const features = [...new Set([...(lexicon.features ?? []), ...modelFeatures])];
  if (features.length > 0) out.features = features;
  else delete out.features;
  return out;
}

/**
 * The product type an answer names by a word only its name has ("casual ones" -> "Casual Shoes"
 * when asked what the shopper is looking for). Words shared by several types ("shoes") say nothing.
 */
export function typeFromNameWord(text: string, productTypes: readonly string[]): string | undefined {
  const owners = new Map<string, string[]>();
  for (const type of productTypes) {
    for (const w of new Set(textKey(type).split(" "))) if (w.length >= 4) owners.set(w, [...(owners.get(w) ?? []), type]);
  }
  const named = new Set<string>();
  for (const w of textKey(text).split(" ")) {
    const types = owners.get(w);
    if (types?.length === 1) named.add(types[0]!);
  }
  return named.size === 1 ? [...named][0] : undefined;
}
