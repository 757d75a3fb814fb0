/**
 * "Do you have it in another colour?", "anything similar?", "show me others": the shopper wants
 * a product other than the ones already offered in this search, sometimes differing in one
 * detail. Pure functions, unit-tested.
 */
import type { NormalizedSlots, SlotKey } from "../retrieval/slots.js";
import type { ShownProduct } from "./state.js";

export interface AlternativeRequest {
  /** The detail that must differ from the last offer, if the shopper named one. */
  differ: Extract<SlotKey, "color" | "brand"> | null;
}

const OTHER = /\b(another|other|others|different|next one|more options|alternatives?|similar|anything else|what else)\b/i;
const DIFFERENT_COLOR = /\b(another|other|different|more)\s+(colou?rs?|shades?)\b/i;
const DIFFERENT_BRAND = /\b(another|other|different|more)\s+brands?\b/i;

/** The product offered last in this search, among those shown. */
export function lastOffered(state: { offered: readonly number[]; products: readonly ShownProduct[] }): ShownProduct | undefined {
  return state.products.find((p) => p.id === state.offered.at(-1));
}

/** What the shopper asks instead of the last offer, or null when they ask for nothing else. */
export function alternativeRequest(text: string, intent: string): AlternativeRequest | null {
  if (!OTHER.test(text) && intent !== "find_similar_products") return null;
  return { differ: DIFFERENT_COLOR.test(text) ? "color" : DIFFERENT_BRAND.test(text) ? "brand" : null };
}

const CHEAPER = /\b(cheaper|less expensive|lower price|too (expensive|pricey|much)|(bit|little|too) (pricey|expensive|steep)|more affordable|something affordable|over my budget|out of my budget)\b/i;

/** "Anything cheaper?" / "that's a bit pricey": the next offer must cost less than the last. */
export function wantsCheaper(text: string): boolean {
  return CHEAPER.test(text);
}

/** The price ceiling for "cheaper than the last offer": one cent below it. */
export function cheaperThan(price: number): number {
  return Math.max(0, Math.round(price * 100) - 1) / 100;
}

/**
 * What a turn after an offer changes in the search: "another colour?" lets go of the colour (the
 * booking then picks a different one); "anything cheaper?" caps the price under the last offer.
 * Details the turn states itself (`said`) win.
 */
export function followUpOnOffer(
  search: { slots: NormalizedSlots; dontCare: SlotKey[] },
  state: { offered: readonly number[]; products: readonly ShownProduct[] },
  text: string,
  intent: string,
  said: NormalizedSlots,
): { slots: NormalizedSlots; dontCare: SlotKey[] } {
  const slots = { ...search.slots };
  const dontCare = [...search.dontCare];
  const alternative = state.offered.length > 0 ? alternativeRequest(text, intent) : null;
  if (alternative?.differ && said[alternative.differ] === undefined) {
    delete slots[alternative.differ];
    if (!dontCare.includes(alternative.differ)) dontCare.push(alternative.differ);
  }
  const last = lastOffered(state);
  if (last && said.price_max === undefined && wantsCheaper(text)) {
    slots.price_max = Math.min(slots.price_max ?? Infinity, cheaperThan(last.price));
    if (slots.price_min !== undefined && slots.price_min > slots.price_max) delete slots.price_min;
  }
  return { slots, dontCare };
}
