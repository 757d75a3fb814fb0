/**
 * The slot model's text format, `key=value, key=value` (features as `a|b`, "doesn't matter" as
 * `any`, nothing as `none`), parsed into DESIGN.md slot keys with values normalized to the
 * catalog vocabulary. Lenient by design: a value the vocabulary does not know is dropped and
 * reported, never passed on.
 */
import { normalizeFeature } from "../../retrieval/catalog/features.js";
import { normalizeClosedValue, SLOT_KEYS, type NormalizedSlots, type SlotKey } from "../../retrieval/slots.js";
import { normalizeBrand, type Vocabulary } from "../../retrieval/vocabulary.js";

export interface ParsedSlots {
  slots: NormalizedSlots;
  /** Slots the shopper said do not matter ("any colour is fine"). */
  dontCare: SlotKey[];
  /** key=value pairs that were not understood. */
  dropped: string[];
}

const isSlotKey = (k: string): k is SlotKey => (SLOT_KEYS as readonly string[]).includes(k);

export function parseSlotText(text: string, vocab: Vocabulary): ParsedSlots {
  const out: ParsedSlots = { slots: {}, dontCare: [], dropped: [] };
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.toLowerCase() === "none") return out;
  for (const pair of trimmed.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (eq <= 0 || !isSlotKey(key) || value === "") {
      out.dropped.push(pair);
      continue;
    }
    if (value.toLowerCase() === "any") {
      if (!out.dontCare.includes(key)) out.dontCare.push(key);
      continue;
    }
    const ok = assign(out.slots, key, value, vocab);
    if (!ok) out.dropped.push(pair);
  }
  return out;
}

function assign(slots: NormalizedSlots, key: SlotKey, value: string, vocab: Vocabulary): boolean {
  switch (key) {
    case "product_type":
    case "color":
    case "size":
    case "gender":
    case "usage":
    case "season": {
      const v = normalizeClosedValue(key, value, vocab);
      if (v !== undefined) slots[key] = v;
      return v !== undefined;
    }
    case "brand":
      slots.brand = normalizeBrand(value, vocab) ?? value.slice(0, 100);
      return true;
    case "price_min":
    case "price_max":
    case "quantity": {
      const n = Number(value.replace(/^\$/, ""));
      const valid = Number.isFinite(n) && n >= 0 && n <= 100_000 && (key !== "quantity" || (Number.isInteger(n) && n >= 1 && n <= 100));
      if (valid) slots[key] = n;
      return valid;
    }
    case "features": {
      const fs = value.split("|").map(normalizeFeature).filter((f) => f !== "");
      if (fs.length > 0) slots.features = [...new Set(fs)];
      return fs.length > 0;
    }
  }
}

/** The inverse, for prompts that carry slots (the booking-response task). */
export function formatSlotText(slots: NormalizedSlots): string {
  const parts: string[] = [];
  for (const key of SLOT_KEYS) {
    const v = slots[key];
    if (v === undefined) continue;
    parts.push(`${key}=${Array.isArray(v) ? v.join("|") : String(v)}`);
  }
  return parts.length > 0 ? parts.join(", ") : "none";
}
