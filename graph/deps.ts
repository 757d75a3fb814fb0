/** What the nodes need from the outside world, injected when the graph is built. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ROOT_DIR } from "../config.js";
import { SLOT_KEYS, type SlotKey } from "../retrieval/slots.js";
import type { SmallTalkModel } from "../models/chat/smallTalkModel.js";
import type { SmallTalk } from "../retrieval/smalltalk.js";
import type { Vocabulary } from "../retrieval/vocabulary.js";
import type { AgentTools } from "../tools/index.js";

/** Which details each product family needs before searching, and how to ask for them (data, not code). */
export interface RequiredSlots {
  required: Record<string, SlotKey[]>;
  questions: Partial<Record<SlotKey, string>>;
}

const slotKey = z.enum(SLOT_KEYS);
const RequiredSlotsSchema = z.object({
  required_slots: z.record(z.string(), z.array(slotKey)),
  questions: z.record(z.string(), z.string()),
});

export function loadRequiredSlots(file = path.join(ROOT_DIR, "models", "data", "required_slots.json")): RequiredSlots {
  const parsed = RequiredSlotsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const questions: Partial<Record<SlotKey, string>> = {};
  for (const [k, q] of Object.entries(parsed.questions)) if ((SLOT_KEYS as readonly string[]).includes(k)) questions[k as SlotKey] = q;
  return { required: parsed.required_slots, questions };
}

export interface AgentDeps {
  /** Models, retriever and orders, called as LangChain tools so each call is traced. */
  tools: AgentTools;
  /** Small-talk corpus (minimal mode, and the fallback whenever a generated reply is dropped). */
  smalltalk: SmallTalk;
  /** The generative small-talk model (full mode), or null in minimal mode. */
  smallTalkModel: SmallTalkModel | null;
  /** Data rules and lookup-table additions on top of the encoder (NLU_RULES); off measures the encoder alone. */
  nluRules: boolean;
  /** Ask the T5 context-translation model for the task sentence (CONTEXT_MODEL); otherwise the slots make it. */
  contextModel: boolean;
  requiredSlots: RequiredSlots;
  /** The catalog's vocabulary (entity checks). */
  vocabulary: Vocabulary;
  /** The catalog masterCategory of an article type ("Shirts" -> "Apparel"). */
  familyOf: (productType: string) => string | undefined;
  /** The catalog subCategory of an article type ("Sports Shoes" -> "Shoes"). */
  groupOf: (productType: string) => string | undefined;
  /** The catalog's largest article types, for a shopper (gender), a brand and a colour or overall, largest first. */
  largestRanges: (of?: RangeFilter) => string[];
  /** True for an article type the catalog sells in one size only (sarees: Free Size): its size is never asked. */
  oneSize: (productType: string) => boolean;
  /** The sizes the catalog sells an article type in, in the catalog's order ("S", "M", "L"...). */
  sizesOf: (productType: string) => string[];
  /** The colours the catalog sells a range in (its unisex products included), most products first. */
  coloursOf: (range: ColourRange) => string[];
}

/** A range whose colours are asked: the article type, and what the search already holds. */
export interface ColourRange {
  productType: string;
  gender?: string;
  size?: string;
  brand?: string;
}

/** What the shopper said before naming a product type, to name the ranges that fit it. */
export interface RangeFilter {
  gender?: string;
  brand?: string;
  color?: string;
  /** An occasion ("ethnic wear for women", "something for the gym"): ranges with products for it. */
  usage?: string;
  /** Features said before a type ("something fleece"): ranges with products that have one of them. */
  features?: readonly string[];
}
