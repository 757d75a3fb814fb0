/**
 * Slot validation and normalization: untrusted slot values (from the models, the CLI or HTTP)
 * become a typed, catalog-normalized object, or a RetrievalInputError that says what is wrong.
 * Only known keys, only strings/numbers of bounded size: nothing from here can become a query
 * operator, because every value that reaches a query is a vocabulary value, a number or a
 * plain string compared by equality.
 */
import { distance } from "fastest-levenshtein";
import { z } from "zod";
import { normalizeFeature } from "./catalog/features.js";
import { textKey, typoLookup } from "./catalog/text.js";
import { RetrievalInputError, type SlotIssue } from "./errors.js";
import { normalizeBrand, type Vocabulary } from "./vocabulary.js";

export { SLOT_KEYS, type SlotKey } from "../contract/index.js";
import { SLOT_KEYS } from "../contract/index.js";

const MAX_TEXT = 100;
const MAX_FEATURES = 12;
const MAX_PRICE = 100_000;

const text = z.string().trim().min(1, "must not be empty").max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`);
/** Numbers arrive as numbers or as text like "60", "$60", "60.5". */
const amount = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .max(20, "is too long for a number")
      .regex(/^\$?\s?\d+(\.\d+)?$/, "must be a number")
      .transform((s) => Number(s.replace(/^\$\s?/, ""))),
  ])
  .pipe(z.number().finite().min(0, "must not be negative").max(MAX_PRICE, `must be at most ${MAX_PRICE}`));
/** The most items one order line may ask for: a bulk order ("1000 caps for the company event") is read and offered what there is. */
export const MAX_QUANTITY = 1000;
const count = z
  .union([z.number(), z.string().trim().max(6).regex(/^\d+$/, "must be a whole number").transform(Number)])
  .pipe(z.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`));
const featureList = z
  .union([z.array(text).max(MAX_FEATURES), text.transform((s) => s.split(","))])
  .transform((list) => list.map((f) => f.trim()).filter((f) => f.length > 0));

export const SlotsSchema = z
  .object({
    product_type: text.optional(),
    color: text.optional(),
    size: text.optional(),
    brand: text.optional(),
    gender: text.optional(),
    price_min: amount.optional(),
    price_max: amount.optional(),
    quantity: count.optional(),
    usage: text.optional(),
    season: text.optional(),
    features: featureList.optional(),
  })
  .strict();

export type SlotInput = z.input<typeof SlotsSchema>;

/** Slots in catalog vocabulary, ready for the query builder. */
export interface NormalizedSlots {
  product_type?: string;
  color?: string;
  size?: string;
  brand?: string;
  gender?: string;
  price_min?: number;
  price_max?: number;
  quantity?: number;
  usage?: string;
  season?: string;
  features?: string[];
}

export type ClosedKey = "product_type" | "color" | "size" | "gender" | "usage" | "season";

/** A closed-vocabulary value in catalog form, or undefined when the words match none. */
export function normalizeClosedValue(kind: ClosedKey, raw: string, vocab: Vocabulary): string | undefined {
  const table = vocab.lookup[kind];
  const key = textKey(raw);
  // Typo tolerance: the unique nearest surface within 1 edit (2 for words of 7+ letters), a swap of neighbours counting as one.
  return table.get(key) ?? table.get(key.replace(/ /g, "")) ?? typoLookup(table, key);
}

function lookupClosed(kind: ClosedKey, raw: string, vocab: Vocabulary): string {
  const found = normalizeClosedValue(kind, raw, vocab);
  if (found !== undefined) return found;
  const table = vocab.lookup[kind];
  const key = textKey(raw);
  const values = [...new Set(table.values())];
  const suggestions = values
    .map((v) => [v, distance(key, textKey(v))] as const)
    .sort((a, b) => a[1] - b[1])
    .slice(0, 3)
    .map(([v]) => v);
  throw new RetrievalInputError("unknown_value", [
    { key: kind, message: `${JSON.stringify(raw.slice(0, 40))} is not a known ${kind.replace("_", " ")}`, suggestions },
  ]);
}

/** Validates and normalizes slots; throws RetrievalInputError (invalid_slots, unknown_value, empty_slots). */
export function normalizeSlots(input: unknown, vocab: Vocabulary): NormalizedSlots {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new RetrievalInputError("invalid_slots", [{ key: "", message: "slots must be an object of key/value pairs" }]);
  }
  const parsed = SlotsSchema.safeParse(input);
  if (!parsed.success) {
    const issues: SlotIssue[] = parsed.error.issues.map((i) =>
      i.code === "unrecognized_keys"
        ? { key: i.keys.map((k) => k.slice(0, 40)).join(","), message: `unknown slot key (allowed: ${SLOT_KEYS.join(", ")})` }
        : { key: String(i.path[0] ?? ""), message: i.message },
    );
    throw new RetrievalInputError("invalid_slots", issues);
  }
  const s = parsed.data;
  const out: NormalizedSlots = {};
  for (const kind of ["product_type", "color", "size", "gender", "usage", "season"] as const) {
    const v = s[kind];
    if (v !== undefined) out[kind] = lookupClosed(kind, v, vocab);
  }
  if (s.brand !== undefined) out.brand = normalizeBrand(s.brand, vocab) ?? s.brand;
  if (s.price_min !== undefined) out.price_min = s.price_min;
  if (s.price_max !== undefined) out.price_max = s.price_max;
  if (out.price_min !== undefined && out.price_max !== undefined && out.price_min > out.price_max) {
    throw new RetrievalInputError("invalid_slots", [{ key: "price_min", message: "price_min is above price_max" }]);
  }
  if (s.quantity !== undefined) out.quantity = s.quantity;
  if (s.features !== undefined) {
    const features = [...new Set(s.features.map(normalizeFeature).filter((f) => f !== ""))];
    if (features.length > 0) out.features = features;
  }
  if (Object.keys(out).length === 0) {
    throw new RetrievalInputError("empty_slots", [{ key: "", message: "give at least one slot, e.g. product_type=Shirts" }]);
  }
  return out;
}
