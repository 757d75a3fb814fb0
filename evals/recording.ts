/**
 * Recorded conversations -> dialogue files. What the agent did then (the stored intent and
 * entities of every shopper message, the products it showed, the orders placed) becomes draft
 * expectations for a person to review: they record behaviour, not the truth.
 */
import { INTENTS } from "../contract/index.js";
import type { Conversation, StoredMessage } from "../retrieval/conversations.js";
import type { Order } from "../retrieval/orders.js";
import { DialogueSchema, type Dialogue, type Expect } from "./dialogue.js";
import { vocabularyProblems } from "./load.js";
import type { EvalVocabulary } from "./vocabulary.js";

/** The catalog fields of a shown product that a draft `products_match` may name. */
export interface CatalogFacts {
  articleType: string;
  baseColour: string | null;
  gender: string;
  brand: string;
}

const MATCH_FIELDS = ["articleType", "baseColour", "gender", "brand"] as const;
const SLOT_FIELDS = new Set(["product_type", "color", "size", "brand", "gender", "price_min", "price_max", "quantity", "usage", "season", "features"]);

/** A string made into a dialogue id: the allowed characters only, at most 64 of them. */
export function safeId(raw: string): string {
  const s = raw.replace(/:/g, "-").replace(/[^A-Za-z0-9_.@-]/g, "_").slice(0, 64);
  return s === "" ? "conversation" : s;
}

/** The fields every shown product shares, as a products_match draft (or undefined). */
function sharedFields(ids: readonly number[], products: ReadonlyMap<number, CatalogFacts>): Expect["products_match"] {
  const shown = ids.map((id) => products.get(id)).filter((p): p is CatalogFacts => p !== undefined);
  if (shown.length === 0) return undefined;
  const match: Record<string, string[]> = {};
  for (const f of MATCH_FIELDS) {
    const values = new Set(shown.map((p) => p[f]));
    const only = [...values][0];
    if (values.size === 1 && only) match[f] = [only];
  }
  return Object.keys(match).length > 0 ? (match) : undefined;
}

/** Slot entities in the file format: known keys, strings, numbers and feature lists only. */
function slotDraft(entities: Record<string, unknown> | undefined): Expect["slots"] {
  const out: Record<string, string | number | string[]> = {};
  for (const [k, v] of Object.entries(entities ?? {})) {
    if (!SLOT_FIELDS.has(k)) continue;
    if (typeof v === "string" && v.trim() !== "") out[k] = v;
    else if (typeof v === "number" && Number.isFinite(v)) out[k] = v;
    else if (k === "features" && Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string")) out[k] = v;
  }
  return Object.keys(out).length > 0 ? (out) : undefined;
}

export interface DraftResult {
  dialogue: Dialogue | null;
  /** Expectations dropped because they would not validate (kept out rather than written wrong). */
  warnings: string[];
}

export function draftDialogue(
  conversation: Pick<Conversation, "conversationId" | "userId" | "chatId" | "createdAt">,
  messages: readonly StoredMessage[],
  orders: readonly Order[],
  products: ReadonlyMap<number, CatalogFacts>,
  vocab: EvalVocabulary,
): DraftResult {
  const warnings: string[] = [];
  const sorted = [...messages].sort((a, b) => a.seq - b.seq);
  const chatOrders = orders.filter((o) => o.chatId === conversation.chatId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const turns: Dialogue["turns"] = [];
  let previousAt = "";
  for (const [i, m] of sorted.entries()) {
    if (m.role !== "user") continue;
    const text = m.content.trim().slice(0, 2000);
    if (text === "") continue;
    const bot = sorted[i + 1]?.role === "assistant" ? sorted[i + 1] : undefined;
    const expect: Expect = {};
    if (m.intent && (INTENTS as readonly string[]).includes(m.intent)) expect.intent = m.intent as Expect["intent"];
    const slots = slotDraft(m.entities);
    if (slots) expect.slots = slots;
    const match = bot?.productIds?.length ? sharedFields(bot.productIds, products) : undefined;
    if (match) expect.products_match = match;
    // The turn is stored after it finishes, so an order belongs to the first turn stored at or after it.
    if (chatOrders.some((o) => o.createdAt > previousAt && o.createdAt <= m.createdAt)) expect.order_placed = true;
    previousAt = m.createdAt;
    turns.push(Object.keys(expect).length > 0 ? { user: text, expect } : { user: text });
  }
  if (turns.length === 0) return { dialogue: null, warnings: [`${conversation.conversationId}: no shopper messages`] };
  const candidate: Dialogue = {
    id: safeId(conversation.conversationId),
    user_id: safeId(conversation.userId),
    description: `Recorded from conversation ${conversation.conversationId} (started ${conversation.createdAt}). Draft expectations are what the agent did then: review them.`,
    tags: ["recorded"],
    turns: turns.slice(0, 40),
  };
  if (turns.length > 40) warnings.push(`${conversation.conversationId}: kept the first 40 of ${turns.length} turns`);
  // Drop any draft expectation the vocabulary check rejects (e.g. a value the catalog no longer has).
  for (const p of vocabularyProblems(candidate, vocab)) {
    const at = /^turns\[(\d+)\]\.expect\.(slots|products_match)/.exec(p);
    if (!at) continue;
    const e = candidate.turns[Number(at[1])]?.expect;
    if (e) delete e[at[2] as "slots" | "products_match"];
    warnings.push(`${conversation.conversationId}: dropped ${p}`);
  }
  const parsed = DialogueSchema.safeParse(candidate);
  if (!parsed.success) return { dialogue: null, warnings: [...warnings, `${conversation.conversationId}: ${parsed.error.issues[0]?.message ?? "invalid"}`] };
  return { dialogue: parsed.data, warnings };
}
