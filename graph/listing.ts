/**
 * The products shown as a numbered list, for a shopper who asked to see them ("show me what you
 * have"); they pick one by its number or position (nlu/phrasings.ts reads the pick). Pure, unit-tested.
 */
import { formatPrice } from "../retrieval/retriever.js";
import type { ShownProduct } from "./state.js";

/** The products as a numbered list with prices, and how to pick one. */
export function listReply(products: readonly ShownProduct[]): string {
  const lines = products.map((p, i) => `${i + 1}) ${p.name}, ${formatPrice(p.price)}`);
  return `Here is what I found: ${lines.join("; ")}. Which one would you like? (say "the second one", for example)`;
}
