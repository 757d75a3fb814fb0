/**
 * The context decoder's words as the task sentence is written (models/context/text.py, the same
 * rules): WordPiece text has no case and spaces every punctuation mark, so the targets' spacing is
 * restored ("t-shirt", "$29.99", "Q&Q"), catalog values of several words are cased as wholes,
 * longest first ("red chief" -> "Red Chief"), and every other word takes the casing the training
 * targets gave it most often (casing.json, written by the pipeline).
 */
import { z } from "zod";

export const CasingSchema = z.object({
  /** Catalog values of several words, longest first, as tasks write them. */
  phrases: z.array(z.string().min(1)),
  /** Lower-case word -> its written form. */
  words: z.record(z.string(), z.string()),
});
export type Casing = z.infer<typeof CasingSchema>;

const WORD = /[A-Za-z0-9&]+/g;
const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export class TaskWriter {
  private readonly phrases: Map<string, string>;
  private readonly pattern: RegExp | null;
  private readonly words: Map<string, string>;

  constructor(casing: Casing) {
    this.phrases = new Map(casing.phrases.map((p) => [p.toLowerCase(), p]));
    // Python's re.split with one group alternates text and matches; split() with a capture group does the same
    // (and splits at every match without the g flag).
    this.pattern = casing.phrases.length ? new RegExp(`(?<![A-Za-z0-9])(${casing.phrases.map((p) => escape(p.toLowerCase())).join("|")})(?![A-Za-z0-9])`, "i") : null;
    this.words = new Map(Object.entries(casing.words));
  }

  write(decoded: string): string {
    let s = decoded
      .replace(/\s*([-'])\s*/g, "$1")
      .replace(/\b(\w) & (\w)\b/g, "$1&$2")
      .replace(/\$\s+/g, "$")
      .replace(/\s+([.,!?])/g, "$1")
      .replace(/(\d)\.\s+(\d)/g, "$1.$2");
    const parts = this.pattern ? s.split(this.pattern) : [s];
    s = parts.map((p, i) => (i % 2 ? this.phrases.get(p.toLowerCase()) ?? p : p.replace(WORD, (w) => this.words.get(w.toLowerCase()) ?? w))).join("");
    return s.slice(0, 1).toUpperCase() + s.slice(1);
  }
}
