/**
 * The T5 model's generative tasks as typed functions (DESIGN.md's task table), on top of the
 * worker pool: the next follow-up question, the conversation as one task sentence, and the
 * booking reply. The closed-set and tagging tasks (intent, sentiment, slots) are read by the
 * understanding encoder (nlu/), not by this model.
 */
import type { NormalizedSlots } from "../../retrieval/slots.js";
import { fillPlaceholders, offeredValues, type PlaceholderValues } from "./placeholders.js";
import type { ModelPool } from "./pool.js";
import { formatSlotText } from "./slotText.js";

/** The follow-up question model's answer when nothing is missing. */
export const NOTHING_MISSING = "DONE";

export interface DecodeSettings {
  /** Beams for the text the shopper reads (the seeds use 5; 1 is greedy). */
  numBeams: number;
}

export interface Turn {
  speaker: "User" | "Bot";
  text: string;
}

/** Conversation lines as the models were trained on them: "User: ... | Bot: ...". */
export function formatConversation(turns: readonly Turn[]): string {
  return turns.map((t) => `${t.speaker}: ${t.text.replace(/\s+/g, " ").trim()}`).join(" | ");
}

/** Model input text: collapse whitespace, cap the length (the tokenizer truncates again in tokens). */
const clean = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 2000);

export class ModelTasks {
  constructor(
    private readonly pool: ModelPool,
    private readonly decode: DecodeSettings = { numBeams: 5 },
  ) {}

  private async generate(prompt: string, maxNewTokens: number, beams = this.decode.numBeams): Promise<string> {
    return (await this.pool.generate(prompt, { maxNewTokens, numBeams: beams })).text;
  }

  /** The next follow-up question, or null when nothing is missing. */
  async askQuestion(turns: readonly Turn[]): Promise<string | null> {
    const out = await this.generate(`ask question: ${formatConversation(turns)}`, 24);
    return out === NOTHING_MISSING || out === "" ? null : out;
  }

  /**
   * The conversation as one structured task sentence ("Find a yellow ADIDAS XL shirt."). Greedy:
   * the task is an extraction the graph checks against the slots, not text the shopper reads.
   */
  translateContext(turns: readonly Turn[]): Promise<string> {
    // The decoder on the understanding encoder when the pool loaded it (models/README.md compares the two).
    if (this.pool.hasContextDecoder) return this.pool.translate(formatConversation(turns));
    return this.generate(`translate context: ${formatConversation(turns)}`, 48, 1);
  }

  /**
   * A reply about retrieved products with every placeholder filled from `values`; null when the
   * model used a placeholder the prompt did not offer or the data cannot fill (the caller then
   * answers from the data alone).
   */
  async generateResponse(query: string, intent: string, slots: NormalizedSlots, retrieved: Record<string, string>, values: PlaceholderValues): Promise<string | null> {
    const retrievedText = Object.entries(retrieved).map(([k, v]) => `${k}=${v}`).join(", ") || "NONE";
    const prompt = `generate response: ${clean(query).replace(/[.?!\s]+$/, "")}. Intent: ${intent}. Slots: ${formatSlotText(slots)}. Retrieved: ${retrievedText}`;
    return fillPlaceholders(await this.generate(prompt, 96), offeredValues(values, retrieved));
  }
}
