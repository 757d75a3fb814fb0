/**
 * What a catalog search asks for in this state: the slots, the values ruled out that the catalog
 * can filter on, and the shopper's words for hybrid ranking less what they ruled out ("jeans,
 * not blue" is compared as "jeans") and the numbers the slots hold. Booking and slot filling's
 * preview search both use it.
 */
import { ToolInputParsingException } from "@langchain/core/tools";
import { RetrievalInputError } from "../retrieval/errors.js";
import { searchWords } from "./messages.js";
import { slotNumbers, spansOfWords, withoutExcluded, withoutSlotNumbers } from "../retrieval/semantic/queryText.js";
import type { SearchOrder } from "../retrieval/retriever.js";
import type { NormalizedSlots, SlotKey } from "../retrieval/slots.js";
import type { AgentStateType } from "../graph/state.js";

/** Slot keys whose ruled-out values the catalog search can filter on (not sizes or numbers). */
const EXCLUDABLE = new Set(["product_type", "color", "brand", "gender", "usage", "season", "features"]);

export interface SearchRequest {
  slots: NormalizedSlots;
  exclude: Record<string, string[]>;
  query?: string;
  /** What this turn named ("what about puma?"): the last thing a search with no exact match gives up. */
  relaxLast: SlotKey[];
  /** "what's the cheapest you have?": this turn's search lists the lowest prices first. */
  order?: SearchOrder;
}

export function searchRequest(state: Pick<AgentStateType, "slots" | "excluded" | "messages" | "searchFrom" | "reading" | "entities">, slots: NormalizedSlots = state.slots): SearchRequest {
  const exclude = Object.fromEntries(Object.entries(state.excluded ?? {}).filter(([k]) => EXCLUDABLE.has(k))) as Record<string, string[]>;
  const words = searchWords(state.messages, state.searchFrom);
  const ruledOut = [...Object.values(state.excluded ?? {}).flat(), ...(state.reading?.entities ?? []).filter((e) => e.role === "excluded").map((e) => e.text)];
  const query = withoutSlotNumbers(withoutExcluded(words, spansOfWords(words, ruledOut)), slotNumbers(slots));
  const relaxLast = (Object.keys(state.entities ?? {}) as SlotKey[]).filter((k) => slots[k] !== undefined);
  // Said this turn only: the next turn's search ("in blue?") is by relevance again.
  const cheapest = state.reading?.cues.cheapestFirst === true;
  return { slots, exclude, ...(query ? { query } : {}), relaxLast, ...(cheapest ? { order: "price" as const } : {}) };
}

/** A search the catalog cannot run as asked (values it does not know, input the tool refused): the node answers, not a crash. */
export function isSearchInputError(e: unknown): boolean {
  return e instanceof RetrievalInputError || e instanceof ToolInputParsingException;
}
