/**
 * Entity helpers for the graph: a product type named by a word only its name has.
 */
import { textKey } from "../retrieval/catalog/text.js";

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
