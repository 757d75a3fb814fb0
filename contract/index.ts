/**
 * The contract lists (DESIGN.md's NLU contract) in one place: intents, sentiments, slot keys and
 * entity roles. `contract/nlu.json` is the single source; the Python data generator reads the same
 * file, so the model's labels and the graph's can never drift apart.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const ContractSchema = z.object({
  intents: z.array(z.string()),
  sentiments: z.array(z.string()),
  slotKeys: z.array(z.string()),
  roles: z.array(z.string()),
  noCategory: z.string(),
});
const contract = ContractSchema.parse(JSON.parse(readFileSync(new URL("./nlu.json", import.meta.url), "utf8")));

export const INTENTS = [
  "greeting", "goodbye", "find_product", "buy_product", "find_similar_products", "get_trending_products",
  "inform", "affirm", "deny", "track_order", "return_product", "complaint", "support", "chit_chat",
] as const;
export type Intent = (typeof INTENTS)[number];

export const SENTIMENTS = ["negative", "neutral", "positive"] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export const SLOT_KEYS = [
  "product_type", "color", "size", "brand", "gender", "price_min", "price_max", "quantity", "usage", "season", "features",
] as const;
export type SlotKey = (typeof SLOT_KEYS)[number];

export const ROLES = ["wanted", "excluded", "dont_care"] as const;
export type Role = (typeof ROLES)[number];

export const NO_CATEGORY = contract.noCategory;

// The typed lists above must equal nlu.json, in order (the encoder's label indices depend on it).
for (const [name, typed, data] of [
  ["intents", INTENTS, contract.intents],
  ["sentiments", SENTIMENTS, contract.sentiments],
  ["slotKeys", SLOT_KEYS, contract.slotKeys],
  ["roles", ROLES, contract.roles],
] as const) {
  if (JSON.stringify(typed) !== JSON.stringify(data)) throw new Error(`contract/index.ts ${name} differ from contract/nlu.json`);
}
