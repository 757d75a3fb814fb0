/**
 * What one shopper message means, read once per turn (DESIGN.md's TurnReading). Everything the
 * graph decides about a message comes from here, and the stored message keeps it.
 */
import type { Intent, Role, Sentiment, SlotKey } from "../contract/index.js";
import type { NormalizedSlots } from "../retrieval/slots.js";
import type { ConfirmationAnswer, TurnCues } from "./phrasings.js";

/** What the agent is waiting for when the message arrives: the encoder reads it as a second segment. */
export type ReadingContext =
  | { kind: "none" }
  | { kind: "question"; slot: SlotKey }
  | { kind: "offer"; product: string }
  | { kind: "list" }
  | { kind: "order_number" };

/** Where a decision came from: the encoder, or a named rule of nlu/rules/. */
export type Source = "model" | `rule:${string}`;

export interface ReadEntity {
  key: SlotKey;
  role: Role;
  /** The words as the shopper wrote them, and where. */
  text: string;
  start: number;
  end: number;
  /** The catalog value (string), number (prices, quantity), or null when the words match no catalog value. */
  value: string | number | null;
  confidence: number;
  source: Source;
}

export interface TurnReading {
  text: string;
  context: ReadingContext;
  intent: { label: Intent; confidence: number; probabilities: Record<string, number>; source: Source };
  sentiment: { label: Sentiment; confidence: number };
  /** The catalog subCategory of the product asked about, or "none". */
  category: { label: string; confidence: number };
  entities: ReadEntity[];
  /** The wanted entities as slots (catalog values only). */
  wanted: NormalizedSlots;
  /** Slot key -> catalog values ruled out ("not red", "anything but Nike", "no leather"). */
  excluded: Partial<Record<SlotKey, string[]>>;
  /** Keys the shopper does not mind ("any colour", or "whatever" to the pending question). */
  dontCare: SlotKey[];
  /** A pick from a shown list: 0-based position, or -1 for the last one. */
  pick: number | null;
  /**
   * When an offer awaits confirmation: the shopper's answer to it ("other" = a new request or a
   * question; "unclear" = a yes too unsure to order on, asked again). With rules on the words decide unless the encoder is sure (nlu/phrasings.ts
   * confirmationAnswer); with rules off the encoder's affirm or deny.
   */
  answer: ConfirmationAnswer | null;
  /** What the message's own words signal (a pick, a question about the offer, "cheaper", "start over"...). */
  cues: TurnCues;
  /** Time spent reading (ms), for traces. */
  ms: number;
}

/** The second segment as the encoder was trained to read it (models/nlu/generate.py keeps the same words). */
export function contextText(c: ReadingContext): string {
  switch (c.kind) {
    case "none":
      return "nothing pending";
    case "question":
      return `asked ${QUESTION_WORDS[c.slot] ?? c.slot.replace("_", " ")}`;
    case "offer":
      return `offered ${c.product}`.toLowerCase();
    case "list":
      return "showed a list";
    case "order_number":
      return "asked order number";
  }
}

const QUESTION_WORDS: Partial<Record<SlotKey, string>> = {
  product_type: "what product", size: "size", color: "colour", brand: "brand", gender: "who it is for",
};
