/**
 * Slots in the T5 prompts' text format, `key=value, key=value` (features as `a|b`, nothing as
 * `none`), in DESIGN.md's key order: the booking-response task reads the shopper's slots this way.
 */
import { SLOT_KEYS, type NormalizedSlots } from "../../retrieval/slots.js";

/** Slots as the booking-response prompt carries them. */
export function formatSlotText(slots: NormalizedSlots): string {
  const parts: string[] = [];
  for (const key of SLOT_KEYS) {
    const v = slots[key];
    if (v === undefined) continue;
    parts.push(`${key}=${Array.isArray(v) ? v.join("|") : String(v)}`);
  }
  return parts.length > 0 ? parts.join(", ") : "none";
}
