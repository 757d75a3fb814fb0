/**
 * Browsing the products shown: "show me what you have" lists them, "the second one" picks one.
 * Pure functions, unit-tested.
 */
import { formatPrice } from "../retrieval/retriever.js";
import type { ShownProduct } from "./state.js";

const LIST = /\b(show me (what you('ve| have)|(the |all |your |some )?(options|them|all|everything|more|list|few|ones|range))|what (else )?(do you have|have you got|are (my|the) options)|list (them|the options|what you have)|more options|see (them all|the options|all of them|more))\b/i;

/** The shopper asks to see the products rather than one offer. */
export function wantsList(text: string): boolean {
  return LIST.test(text);
}

const ORDINALS: Record<string, number> = { first: 0, "1st": 0, second: 1, "2nd": 1, third: 2, "3rd": 2, fourth: 3, "4th": 3, fifth: 4, "5th": 4, last: -1 };

/** "The second one", "number 3", "option 2": the index of the product picked from a list (-1 = last), or null. */
export function pickedIndex(text: string): number | null {
  const ordinal = /\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last)\s+(one|option|item|pair|pick)\b/i.exec(text);
  if (ordinal) return ORDINALS[ordinal[1]!.toLowerCase()]!;
  const numbered = /\b(?:number|no\.|#|option|item)\s?([1-5])\b/i.exec(text);
  return numbered ? Number(numbered[1]) - 1 : null;
}

/** The products as a numbered list with prices, and how to pick one. */
export function listReply(products: readonly ShownProduct[]): string {
  const lines = products.map((p, i) => `${i + 1}) ${p.name}, ${formatPrice(p.price)}`);
  return `Here is what I found: ${lines.join("; ")}. Which one would you like? (say "the second one", for example)`;
}
