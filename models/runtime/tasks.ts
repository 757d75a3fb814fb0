/**
 * The model tasks as typed functions (DESIGN.md's task table), on top of the worker pool.
 * Closed-set tasks score their label set, so they always answer a valid label with a confidence
 * and every label's probability; generative tasks decode with the options the seeds use.
 */
import type { NormalizedSlots } from "../../retrieval/slots.js";
import type { Vocabulary } from "../../retrieval/vocabulary.js";
import type { LabelScores } from "./engine.js";
import { INTENTS, NO_CATEGORY, SENTIMENTS, type Intent, type Sentiment } from "./labels.js";
import { fillPlaceholders, type PlaceholderValues } from "./placeholders.js";
import type { ModelPool } from "./pool.js";
import { formatSlotText, parseSlotText, type ParsedSlots } from "./slotText.js";

/** The slot filler's answer when nothing is missing. */
export const NOTHING_MISSING = "DONE";

export interface Classification<L extends string> {
  label: L;
  confidence: number;
  all_probabilities: Record<L, number>;
}

export interface DecodeSettings {
  /** Beams for the generative tasks (the seeds use 5; 1 is greedy). */
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
  readonly categories: string[];

  constructor(
    private readonly pool: ModelPool,
    private readonly vocab: Vocabulary,
    private readonly decode: DecodeSettings = { numBeams: 5 },
  ) {
    this.categories = [...vocab.subCategories, NO_CATEGORY];
  }

  private async classify<L extends string>(prompt: string, labels: readonly L[]): Promise<Classification<L>> {
    const r: LabelScores = await this.pool.classify(prompt, labels);
    return r as Classification<L>;
  }

  /** Beam search for the text the shopper reads (as the seeds decode); greedy for extraction, which runs every turn. */
  private async generate(prompt: string, maxNewTokens: number, beams = this.decode.numBeams): Promise<string> {
    return (await this.pool.generate(prompt, { maxNewTokens, numBeams: beams })).text;
  }

  classifyIntent(text: string): Promise<Classification<Intent>> {
    return this.classify(`classify intent: ${clean(text)}`, INTENTS);
  }

  analyzeSentiment(text: string): Promise<Classification<Sentiment>> {
    return this.classify(`sentiment: ${clean(text)}`, SENTIMENTS);
  }

  retrieveCategory(text: string): Promise<Classification<string>> {
    return this.classify(`retrieve category: ${clean(text)}`, this.categories);
  }

  async extractSlots(text: string): Promise<ParsedSlots> {
    return parseSlotText(await this.generate(`extract slot: ${clean(text)}`, 64, 1), this.vocab);
  }

  async extractFeatures(text: string): Promise<string[]> {
    const out = await this.generate(`extract features: ${clean(text)}`, 32, 1);
    return out.toLowerCase() === "none" ? [] : [...new Set(out.split(",").map((f) => f.trim()).filter((f) => f !== ""))];
  }

  /** The next follow-up question, or null when nothing is missing. */
  async askQuestion(turns: readonly Turn[]): Promise<string | null> {
    const out = await this.generate(`ask question: ${formatConversation(turns)}`, 24);
    return out === NOTHING_MISSING || out === "" ? null : out;
  }

  /**
   * The conversation as one structured task sentence ("Find a yellow ADIDAS XL shirt."). Greedy:
   * the task is an extraction the graph checks against the slots, not text the shopper reads, and
   * beam search cost 10 ms of a 56 ms turn (npm run bench:turns) for no change in any suite.
   */
  translateContext(turns: readonly Turn[]): Promise<string> {
    return this.generate(`translate context: ${formatConversation(turns)}`, 40, 1);
  }

  /**
   * A reply about retrieved products with every placeholder filled from `values`; null when the
   * model used a placeholder the data cannot fill (the caller then answers from the data alone).
   */
  async generateResponse(query: string, intent: string, slots: NormalizedSlots, retrieved: Record<string, string>, values: PlaceholderValues): Promise<string | null> {
    const retrievedText = Object.entries(retrieved).map(([k, v]) => `${k}=${v}`).join(", ") || "NONE";
    const prompt = `generate response: ${clean(query).replace(/[.?!\s]+$/, "")}. Intent: ${intent}. Slots: ${formatSlotText(slots)}. Retrieved: ${retrievedText}`;
    return fillPlaceholders(await this.generate(prompt, 64), values);
  }
}
