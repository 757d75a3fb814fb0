/**
 * "Do you have it in another colour?", "anything similar?", "show me others": the shopper wants
 * a product other than the ones already offered in this search, sometimes differing in one
 * detail. Pure functions, unit-tested.
 */
import type { TurnCues } from "../nlu/phrasings.js";
import type { NormalizedSlots, SlotKey } from "../retrieval/slots.js";
import type { ShownProduct } from "./state.js";

/** The product offered last in this search, among those shown. */
export function lastOffered(state: { offered: readonly number[]; products: readonly ShownProduct[] }): ShownProduct | undefined {
  return state.products.find((p) => p.id === state.offered.at(-1));
}

/** The price ceiling for "cheaper than the last offer": one cent below it. */
export function cheaperThan(price: number): number {
  return Math.max(0, Math.round(price * 100) - 1) / 100;
}

/**
 * What a turn after an offer changes in the search: "another colour?" lets go of the colour and
 * rules out the colour of the last offer (a query constraint, so no product shown has it; "another
 * brand?" likewise); "anything cheaper?" caps the price under the last offer, keeping the size and
 * everything else. Details the turn states itself (`said`) win.
 */
export function followUpOnOffer(
  search: { slots: NormalizedSlots; dontCare: SlotKey[] },
  state: { offered: readonly number[]; products: readonly ShownProduct[] },
  cues: Pick<TurnCues, "alternative" | "cheaper">,
  said: NormalizedSlots,
): { slots: NormalizedSlots; dontCare: SlotKey[]; exclude: Partial<Record<SlotKey, string[]>> } {
  const slots = { ...search.slots };
  const dontCare = [...search.dontCare];
  const exclude: Partial<Record<SlotKey, string[]>> = {};
  const alternative = state.offered.length > 0 ? cues.alternative : null;
  const last = lastOffered(state);
  if (alternative?.differ && said[alternative.differ] === undefined) {
    delete slots[alternative.differ];
    if (!dontCare.includes(alternative.differ)) dontCare.push(alternative.differ);
    const was = alternative.differ === "color" ? last?.baseColour : last?.brand;
    if (was) exclude[alternative.differ] = [was];
  }
  if (last && said.price_max === undefined && cues.cheaper) {
    slots.price_max = Math.min(slots.price_max ?? Infinity, cheaperThan(last.price));
    if (slots.price_min !== undefined && slots.price_min > slots.price_max) delete slots.price_min;
  }
  return { slots, dontCare, exclude };
}
