/**
 * The agent's state: one object per conversation (thread), checkpointed after every node.
 * Reducers say how a node's partial update combines with what is there.
 */
import { Annotation, messagesStateReducer } from "@langchain/langgraph";
import type { BaseMessage } from "@langchain/core/messages";
import type { NormalizedSlots, SlotKey } from "../retrieval/slots.js";
import type { Relaxation } from "../retrieval/query.js";
import type { RetrievalSummary } from "../retrieval/retriever.js";
import type { Order } from "../retrieval/orders.js";
import type { TurnReading } from "../nlu/reading.js";

/** A product as shown to the shopper (catalog fields plus synthesized price and stock). */
export interface ShownProduct {
  id: number;
  name: string;
  brand: string;
  articleType: string;
  baseColour: string | null;
  gender: string;
  usage: string | null;
  season: string | null;
  price: number;
  sizes: string[];
  stock: Record<string, number>;
  matchedFeatures: string[];
  /** When reranked: why the product ranks where it does (feature match, the shopper's taste, popularity). */
  rankReason?: string;
}

/** What the agent offered to sell, awaiting the shopper's yes or no. */
export interface PendingOrder {
  /** Unique per offer: confirming the same offer twice places one order. */
  offerId: string;
  productId: number;
  name: string;
  size: string;
  quantity: number;
  unitPrice: number;
}

/** The last order placed in this conversation, as the shopper sees it. */
export type PlacedOrder = Omit<Order, "userId" | "chatId">;

/** The node that produced the last reply (DESIGN.md's `state` in evaluations). */
export type FlowStep =
  | "greeting" | "slotFilling" | "contextTranslation" | "booking" | "confirmOrder" | "reset"
  | "chitChat" | "orderSupport" | "goodbye" | "handoff";

/** A conversation handed to staff: the bot stays silent until staff hand it back. */
export interface Handoff {
  /** ISO time the shopper was handed over. */
  since: string;
  /**
   * "asked": the shopper asked for a person; "accepted": they said yes to the offer of one;
   * "escalated": an angry complaint after the agent offered one.
   */
  reason: "asked" | "accepted" | "escalated";
}

export const AgentState = Annotation.Root({
  /** Set while staff have the conversation (nodes/handoff.ts); the agent answers nothing until it is cleared. */
  staffHandoff: Annotation<Handoff | null>({ reducer: (_, b) => b, default: () => null }),
  /** The conversation: shopper (human) and agent (ai) messages, appended. */
  messages: Annotation<BaseMessage[]>({ reducer: messagesStateReducer, default: () => [] }),
  /** Who is talking and in which chat; the thread id is derived from both. */
  userId: Annotation<string>(),
  chatId: Annotation<string>(),
  /** The latest turn's intent and the model's confidence in it. */
  intent: Annotation<string>({ reducer: (_, b) => b, default: () => "" }),
  confidence: Annotation<number>({ reducer: (_, b) => b, default: () => 0 }),
  /** The latest turn's sentiment (negative / neutral / positive). */
  sentiment: Annotation<string>({ reducer: (_, b) => b, default: () => "neutral" }),
  /** The latest shopper message as understood (nlu/), read once per turn; `readingFor` is its index in `messages`. */
  reading: Annotation<TurnReading | null>({ reducer: (_, b) => b, default: () => null }),
  readingFor: Annotation<number>({ reducer: (_, b) => b, default: () => -1 }),
  /** Entities the models found in the latest shopper message alone (stored with that message). */
  entities: Annotation<NormalizedSlots>({ reducer: (_, b) => b, default: () => ({}) }),
  /** Slots accumulated across turns; a later value for a key overwrites (corrections). Replaced whole by reset. */
  slots: Annotation<NormalizedSlots>({ reducer: (_, b) => b, default: () => ({}) }),
  /**
   * The details of the searches this conversation left for another product type, by type (the last
   * of each): "let's go back to the sneakers" resumes white men's sneakers in 10. Cleared by reset.
   */
  earlier: Annotation<Record<string, NormalizedSlots>>({ reducer: (_, b) => b, default: () => ({}) }),
  /** Values the shopper ruled out per slot key ("not red", "anything but Nike"); retrieval never returns them. */
  excluded: Annotation<Partial<Record<SlotKey, string[]>>>({ reducer: (_, b) => b, default: () => ({}) }),
  /** Slots the shopper said do not matter; never asked again. */
  dontCare: Annotation<SlotKey[]>({ reducer: (_, b) => b, default: () => [] }),
  /** How often each slot was asked in this search: after MAX_ASKS unanswered asks it stops being required. */
  asked: Annotation<Partial<Record<SlotKey, number>>>({ reducer: (_, b) => b, default: () => ({}) }),
  /** The slot the agent last asked about, so a bare answer ("M") fills it. */
  pendingQuestion: Annotation<SlotKey | null>({ reducer: (_, b) => b, default: () => null }),
  /** The structured task the context translator produced ("Find a yellow ADIDAS XL shirt."). */
  task: Annotation<string | null>({ reducer: (_, b) => b, default: () => null }),
  /**
   * Where `task` came from: "model" when the T5 context translator's sentence agreed with the
   * slots and was kept unchanged, "slots" when it was written from the slots (translator off, or
   * its sentence dropped or contradicted a slot). The eval report counts the model's share.
   */
  taskSource: Annotation<"model" | "slots" | null>({ reducer: (_, b) => b, default: () => null }),
  /**
   * Who worded the last booking offer: "model" when the T5 response passed the data checks and was
   * sent, "data" when the reply was built from the retrieved data alone; null for a list. On a
   * small-talk turn: "model" for a generated answer (full mode), "data" for the corpus's.
   */
  replySource: Annotation<"model" | "data" | null>({ reducer: (_, b) => b, default: () => null }),
  /** Products shown by the last booking step, the retrieval summary, and constraints relaxed to find them. */
  products: Annotation<ShownProduct[]>({ reducer: (_, b) => b, default: () => [] }),
  /** True when this turn's size question showed `products` as a preview (no offer yet): the reply carries them. */
  previewed: Annotation<boolean>({ reducer: (_, b) => b, default: () => false }),
  summary: Annotation<RetrievalSummary | null>({ reducer: (_, b) => b, default: () => null }),
  relaxed: Annotation<Relaxation[]>({ reducer: (_, b) => b, default: () => [] }),
  /** A product the shopper picked from those shown before giving its size: offered once the size is known. */
  picked: Annotation<number | null>({ reducer: (_, b) => b, default: () => null }),
  /** Products offered in this search, so "another one" / "anything similar?" offers a new one. */
  offered: Annotation<number[]>({ reducer: (_, b) => b, default: () => [] }),
  /**
   * Who the last finished search was for (its gender), kept when a reset forgets the search, so that
   * "and one for his sister" or "a white t-shirt for him too" after an order for a son is a child's.
   */
  lastPerson: Annotation<string | null>({ reducer: (_, b) => b, default: () => null }),
  /**
   * A budget the shopper said holds for everything ("my budget is $50 for everything today"): a new
   * search for another kind of product starts with it unless it names its own. Kept across an order;
   * forgotten on a start-over or when the shopper lets the budget go.
   */
  standingBudget: Annotation<Pick<NormalizedSlots, "price_min" | "price_max">>({ reducer: (_, b) => b, default: () => ({}) }),
  /** The offer awaiting confirmation, and the last order placed in this conversation. */
  pendingOrder: Annotation<PendingOrder | null>({ reducer: (_, b) => b, default: () => null }),
  order: Annotation<PlacedOrder | null>({ reducer: (_, b) => b, default: () => null }),
  /** Index in `messages` where the current search began (the context translator reads from there). */
  searchFrom: Annotation<number>({ reducer: (_, b) => b, default: () => 0 }),
  /** The node that answered last, and its reply text. */
  step: Annotation<FlowStep | null>({ reducer: (_, b) => b, default: () => null }),
  reply: Annotation<string>({ reducer: (_, b) => b, default: () => "" }),
});

export type AgentStateType = typeof AgentState.State;
export type AgentUpdate = typeof AgentState.Update;
