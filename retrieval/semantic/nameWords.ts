/**
 * Lexical overlap of the shopper's words with a product's display name, weighted by how rare each
 * word is among the catalog's names (inverse document frequency): "nautical" or "aviator" in both
 * the request and the name counts far more than "men". The sentence vectors blur rare descriptive
 * words; this keeps them. Words are compared by their Porter stems ("striped"/"Stripes"). What
 * carries nothing: English stop words ("I", "for", "with"); words fewer than MIN_NAMES names use;
 * and the language of asking, told apart by data, not a list: a word more frequent in the shipped
 * small-talk corpora than in product names ("want", "looking", "something", "need"). A word
 * preceded by "non" in a name is not that word: "Non Leather" holds "non-leather", not "leather".
 * A feature the shopper ruled out lifts no name that negates it: shoppers who say "not leather"
 * check that no name says "leather" (blind round 5), and "Non Leather" does. A request for
 * something plain reads the catalog's word for it too and rules out names saying a pattern
 * (plain_words.json, data with examples).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { stemmer } from "stemmer";
import { eng } from "stopword";
import { z } from "zod";
import { ROOT_DIR } from "../../config.js";
import { textKey } from "../catalog/text.js";

/** English conversation (Personality Chat and nlp.js small talk, data/smalltalk): how people talk when not describing products. */
const CHAT_FILES = ["qna_chitchat_the_professional.tsv", "qna_chitchat_the_friend.tsv", "qna_chitchat_the_comic.tsv", "corpus-en.json"].map((f) => path.join(ROOT_DIR, "data", "smalltalk", f));

/** The shipped small-talk corpora as one text. */
export const chatCorpus = (): string => CHAT_FILES.map((f) => readFileSync(f, "utf8")).join("\n");

const PlainWordsSchema = z.object({
  why: z.string(),
  plain: z.array(z.string().min(1)).min(1),
  catalogWord: z.string().min(1),
  patterns: z.array(z.string().min(1)).min(1),
  examples: z.array(z.object({ request: z.string(), name: z.string(), shown: z.boolean() })),
  counterExamples: z.array(z.object({ request: z.string(), name: z.string(), shown: z.boolean() })),
});
/** What "plain" means in product names (retrieval/semantic/plain_words.json). */
export type PlainWords = z.infer<typeof PlainWordsSchema>;
export const loadPlainWords = (file = path.join(ROOT_DIR, "retrieval", "semantic", "plain_words.json")): PlainWords =>
  PlainWordsSchema.parse(JSON.parse(readFileSync(file, "utf8")));

/** A request word counts when at least this many product names use it: rarer ones are name accidents. */
const MIN_NAMES = 3;
const STOP_WORDS: ReadonlySet<string> = new Set(eng);

/** One form for inflections: "stripes"/"striped"/"stripe", "socks"/"sock". */
export const stem = (word: string): string => stemmer(word);

/** The words of a text, lower case; "non" and the word it negates are one word ("non leather": "non-leather"). */
function wordsIn(text: string): string[] {
  const out: string[] = [];
  // "I'd", "isn't": the letters after an apostrophe are no word of their own.
  const words = textKey(text.replace(/['’]\p{L}+/gu, "")).split(" ").filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    if (words[i] === "non" && i + 1 < words.length) {
      out.push(negatedWord(words[++i]!));
      continue;
    }
    out.push(words[i]!);
  }
  return out;
}

const NEGATED = "non-";
const negatedWord = (word: string) => `${NEGATED}${word}`;

/** A word's stem; a negated word keeps its mark ("non-leathers": "non-leather"). */
const stemmed = (w: string): string => (w.startsWith(NEGATED) ? negatedWord(stem(w.slice(NEGATED.length))) : stem(w));

/** The stemmed words of a text. */
export const wordsOf = (text: string): string[] => wordsIn(text).map(stemmed);

export class NameWords {
  private readonly idf = new Map<string, number>();
  /** Each name's stemmed words, made once: a search compares hundreds of names. */
  private readonly nameWords = new Map<string, ReadonlySet<string>>();
  private readonly plainStems: ReadonlySet<string>;
  private readonly plainCatalogStem: string;

  /** `names`: every product's display name; `chat`: conversation text (chatCorpus()); `plain`: what plain means. */
  constructor(names: Iterable<string>, chat: string, private readonly plain: PlainWords = loadPlainWords()) {
    this.plainStems = new Set(plain.plain.flatMap(wordsOf));
    this.plainCatalogStem = stem(plain.catalogWord);
    const df = new Map<string, number>();
    let n = 0;
    for (const name of names) {
      n++;
      if (this.nameWords.has(name)) {
        for (const w of this.nameWords.get(name)!) df.set(w, (df.get(w) ?? 0) + 1);
        continue;
      }
      const words = new Set(wordsOf(name));
      this.nameWords.set(name, words);
      for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
    }
    const chatWords = wordsOf(chat);
    const inChat = new Map<string, number>();
    for (const w of chatWords) inChat.set(w, (inChat.get(w) ?? 0) + 1);
    for (const [w, d] of df) {
      const askingWord = (inChat.get(w) ?? 0) / chatWords.length > d / n;
      if (d >= MIN_NAMES && !askingWord) this.idf.set(w, Math.log(1 + n / d));
    }
  }

  /**
   * The request's words that product names use, each with its weight (stop words and words no name
   * uses carry nothing); a plain word also counts as the catalog's word for it ("Solid").
   */
  weighted(query: string): Map<string, number> {
    const out = new Map<string, number>();
    const words = wordsIn(query).filter((x) => x.length > 1 && !STOP_WORDS.has(x)).map(stemmed);
    if (words.some((w) => this.plainStems.has(w))) words.push(this.plainCatalogStem);
    for (const w of words) {
      const idf = this.idf.get(w);
      if (idf !== undefined) out.set(w, idf);
    }
    return out;
  }

  /** Whether the request asks for something plain ("a plain white shirt"). */
  asksPlain(query: string): boolean {
    return wordsOf(query).some((w) => this.plainStems.has(w));
  }

  /** Whether the name says a pattern ("Printed", "Stripes", "Checks"): no plain product. */
  patterned(name: string): boolean {
    return this.says(name, this.plain.patterns);
  }

  /**
   * Whether the name says one of these phrases, every word of it, in any inflection ("print":
   * "Printed", "Rubber Print"). A negated word is not said: "Non Leather" does not say "leather".
   */
  says(name: string, phrases: readonly string[]): boolean {
    if (phrases.length === 0) return false;
    const inName = this.nameWords.get(name) ?? new Set(wordsOf(name));
    return phrases.some((phrase) => {
      const words = wordsOf(phrase);
      return words.length > 0 && words.every((w) => inName.has(w));
    });
  }

  /** The share of the request's weight that the name holds, in [0, 1], and the words it shares. */
  overlap(query: ReadonlyMap<string, number>, name: string): { score: number; words: string[] } {
    let total = 0;
    for (const v of query.values()) total += v;
    if (total === 0) return { score: 0, words: [] };
    const inName = this.nameWords.get(name) ?? new Set(wordsOf(name));
    let hit = 0;
    const words: string[] = [];
    for (const [w, v] of query) {
      if (!inName.has(w)) continue;
      hit += v;
      words.push(w);
    }
    return { score: hit / total, words };
  }
}
