/**
 * The searches a conversation left for another product type (state.earlier), kept by type so that
 * "let's go back to the sneakers" resumes one, and the search an order finished ("and a cap, same
 * budget", "now hers, size 6"). Pure.
 */
import type { NormalizedSlots } from "../retrieval/slots.js";

/** Searches left so far, with the one being left now kept under its product type (the last of each type, at most MAX_EARLIER). */
export function searchesLeft(earlier: Readonly<Record<string, NormalizedSlots>>, leaving: NormalizedSlots): Record<string, NormalizedSlots> {
  const type = leaving.product_type;
  if (!type) return { ...earlier };
  const kept = Object.entries(earlier).filter(([t]) => t !== type).slice(-(MAX_EARLIER - 1));
  return Object.fromEntries([...kept, [type, leaving]]);
}

/** How many earlier searches a conversation keeps to go back to. */
const MAX_EARLIER = 5;

/** The search left last (the one an order just finished, right after it), if any. */
export function lastSearchLeft(earlier: Readonly<Record<string, NormalizedSlots>> | undefined): NormalizedSlots | undefined {
  return Object.values(earlier ?? {}).at(-1);
}
