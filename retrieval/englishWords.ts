/**
 * The English words of the shipped encoder's WordPiece vocabulary (the pretrained all-MiniLM-L6-v2
 * tokenizer, uncased): about 22,500 whole words ("boss", "hands", "store", "show"). A word it holds
 * whole is a real word the shopper meant, not a one-letter slip of a catalog word ("boss" is not
 * Boys, "hands" is not Hanes); a slip like "balck" or "sandels" is split into pieces and stays a
 * typo candidate. One dictionary from the model the agent already ships, instead of a growing list.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { config } from "../config.js";

const TokenizerFile = z.object({ model: z.object({ vocab: z.record(z.string(), z.number()) }) });

let words: ReadonlySet<string> | undefined;

/** Whole alphabetic words of the vocabulary (no "##" continuation pieces, no one-letter tokens). */
export function vocabularyWords(tokenizerJson: unknown): Set<string> {
  const vocab = TokenizerFile.parse(tokenizerJson).model.vocab;
  return new Set(Object.keys(vocab).filter((w) => /^[a-z]{2,}$/.test(w)));
}

/** Is `word` (lower case) a whole word of the encoder's vocabulary? Read once from the NLU artifacts. */
export function isEnglishWord(word: string): boolean {
  words ??= vocabularyWords(JSON.parse(readFileSync(path.join(config.nluDir, "tokenizer.json"), "utf8")));
  return words.has(word);
}
