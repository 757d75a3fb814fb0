/**
 * "Yes, order that backpack": details in an answer to an offer that only restate the product on
 * offer keep the answer a yes; details that differ ("yes, but in blue") make it a new request.
 * Pure, unit-tested.
 */
import type { NormalizedSlots } from "../retrieval/slots.js";
import type { ShownProduct } from "./state.js";

const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

export function restatesOffer(details: NormalizedSlots, product: ShownProduct | undefined, offeredSize: string): boolean {
  if (!product) return false;
  return Object.entries(details).every(([key, value]) => {
    switch (key) {
      case "product_type": return same(String(value), product.articleType);
      case "color": return same(String(value), product.baseColour);
      case "brand": return same(String(value), product.brand);
      case "gender": return same(String(value), product.gender) || product.gender === "Unisex";
      case "size": return same(String(value), offeredSize);
      default: return false;
    }
  });
}
