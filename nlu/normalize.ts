/**
 * The catalog value of a tagged span: the lookup tables (catalog words, everyday synonyms, one
 * typo tolerated) normalize what the encoder found; they do not look for entities themselves.
 * Numbers for prices and quantities; sizes in the contract's form.
 */
import type { SlotKey } from "../contract/index.js";
import { distance } from "fastest-levenshtein";
import { textKey } from "../retrieval/catalog/text.js";
import { extractLexiconSlots, isEverydayWord, isKnownWord } from "../retrieval/lexicon.js";
import { MAX_QUANTITY, normalizeClosedValue } from "../retrieval/slots.js";
import { normalizeBrand, type Vocabulary } from "../retrieval/vocabulary.js";
import { wordsNumber } from "../retrieval/numberWords.js";

const APPAREL: Record<string, string> = {
  xs: "XS", "extra small": "XS", "x small": "XS", s: "S", small: "S", sm: "S", m: "M", medium: "M", med: "M",
  l: "L", large: "L", lg: "L", xl: "XL", "extra large": "XL", "x large": "XL", xxl: "XXL", "2xl": "XXL",
  "double xl": "XXL", "xx large": "XXL", "extra extra large": "XXL", "free size": "Free Size", "one size": "Free Size",
};

/** Does `value` occur in `text` (as a written number) and only inside `spans`? "size 10 shoes": 10 only inside the size. */
export function numberOnlyWithin(text: string, value: number, spans: readonly { start: number; end: number }[]): boolean {
  // In digits or in a word ("who is eight": blind round 74 searched eight pairs of sandals).
  const at = [...text.matchAll(/\d+(?:[.,]\d+)?|\b[a-z]+\b/gi)].filter((m) => (/^\d/.test(m[0]) ? Number(m[0].replace(",", ".")) : wordsNumber(m[0].toLowerCase())) === value);
  return at.length > 0 && at.every((m) => spans.some((s) => s.start <= m.index && m.index < s.end));
}

/** The first number in the words: digits (with $, commas or a k suffix) or number words. */
export function numberIn(text: string): number | null {
  const m = /(\d+(?:[.,]\d+)?)\s*(k)?\b/i.exec(text.replace(/(\d),(\d{3})\b/g, "$1$2"));
  if (m) return Number(m[1]!.replace(",", ".")) * (m[2] ? 1000 : 1);
  return wordsNumber(text);
}

export function sizeOf(text: string): string | null {
  const key = textKey(text).replace(/^(size|sz|sizes|uk|us|eu|a|an|in)\s+/, "").replace(/\s+(size|fit)$/, "").trim();
  if (key in APPAREL) return APPAREL[key]!;
  const n = numberIn(key);
  if (n !== null && Number.isInteger(n) && n >= 5 && n <= 12) return String(n);
  for (const w of key.split(" ")) if (w in APPAREL && w.length > 1) return APPAREL[w]!;
  return null;
}

/**
 * A closed-set value for a phrase: the whole phrase, then the phrase with one slip ("nvy blue"),
 * then its head words from the right ("casual shorts" -> Shorts, "denim jacket" -> Jackets), and
 * only then a looser typo match, so a second slip cannot turn shorts into shoes.
 */
function closedValue(key: "product_type" | "color" | "gender" | "usage" | "season", text: string, vocab: Vocabulary): string | undefined {
  const table = vocab.lookup[key];
  const k = textKey(text);
  const exact = table.get(k) ?? table.get(k.replace(/ /g, ""));
  if (exact) return exact;
  if (isEverydayWord(k)) return undefined;
  const words = k.split(" ");
  if (words.length > 1) {
    const near = [...table.entries()].filter(([surface]) => surface.includes(" ") && distance(surface, k) <= 1).map(([, v]) => v);
    if (near.length > 0 && near.every((v) => v === near[0])) return near[0];
    for (let i = 1; i < words.length; i++) {
      const head = table.get(words.slice(i).join(" "));
      if (head) return head;
    }
  }
  // A known word is what the shopper meant ("boss" is neither a slip of Boys nor shorthand for
  // "blouses"); three-letter shorthand stays ("blu" is in the vocabulary too).
  if (isKnownWord(k)) return k.length <= 3 ? abbreviated(table, k) : undefined;
  return normalizeClosedValue(key, text, vocab) ?? abbreviated(table, k);
}

/**
 * Shoppers' vowel-dropping shorthand ("blk", "wht", "gry", "tshrt", "blu"): a single word of three or
 * more letters that starts like a vocabulary word, is spelled inside it in order and lacks at most
 * three of its letters, when every such word names the same value.
 */
export function abbreviated(table: ReadonlyMap<string, string>, word: string): string | undefined {
  if (!/^[a-z]{3,}$/.test(word)) return undefined;
  const inOrder = (surface: string) => {
    let i = 0;
    for (const c of surface) if (c === word[i]) i++;
    return i === word.length;
  };
  const values = new Set<string>();
  for (const [surface, value] of table) {
    // A shorthand drops letters inside the word, or only its last letter ("blu"); a longer cut-off
    // start ("laptop" of "laptopbag") is not one.
    const cutOff = surface.startsWith(word) && surface.length > word.length + 1;
    const shorthand = surface.length > word.length && surface.length <= word.length + 3 && !cutOff;
    if (surface[0] === word[0] && shorthand && !surface.includes(" ") && inOrder(surface)) values.add(value);
  }
  return values.size === 1 ? [...values][0] : undefined;
}

/** Words typed with a letter held down ("pinkkk", "sneakersss"), the run cut to one letter and to two ("goood": "god", "good"). */
export function unstretched(text: string): string[] {
  const stretched = /(\p{L})\1{2,}/gu;
  if (!stretched.test(text)) return [];
  return [text.replace(stretched, "$1"), text.replace(stretched, "$1$1")];
}

/** A shade said with "-ish" ("pinkish", "reddish", "bluish"): the word without it, without a doubled last letter ("redd"), or with an e ("blu"). */
export function withoutIsh(text: string): string[] {
  const m = /^(.*?)([a-z]{3,})ish$/i.exec(text.trim());
  const base = m?.[2];
  if (base === undefined) return [];
  const lead = m?.[1] ?? "";
  return [...new Set([base, base.replace(/(.)\1$/, "$1"), `${base}e`])].map((b) => `${lead}${b}`);
}

export function normalizeSpan(key: SlotKey, text: string, vocab: Vocabulary): string | number | null {
  switch (key) {
    case "price_min":
    case "price_max":
      return numberIn(text);
    case "quantity": {
      const n = numberIn(text);
      return n !== null && Number.isInteger(n) && n >= 1 && n <= MAX_QUANTITY ? n : null;
    }
    case "size":
      return sizeOf(text);
    case "brand":
      // The lookup tables first: they know aliases ("rayban" -> Ray-Ban) and skip one-off name fragments.
      return extractLexiconSlots(text, vocab).brand ?? normalizeBrand(text, vocab, { englishWord: isKnownWord(textKey(text)) }) ?? null;
    case "features": {
      const k = textKey(text);
      return k === "" ? null : k;
    }
    default: {
      const variants = [...unstretched(text), ...(key === "color" ? withoutIsh(text) : [])];
      const direct = closedValue(key, text, vocab) ?? variants.map((t) => closedValue(key, t, vocab)).find(Boolean);
      if (direct) return direct;
      // "my wife", "for the gym", "the navy ones": the span's words one by one, then the lookup tables.
      for (const w of textKey(text).split(" ").reverse()) {
        const v = w.length >= 2 ? vocab.lookup[key].get(w) : undefined;
        if (v) return v;
      }
      return extractLexiconSlots(text, vocab)[key] ?? null;
    }
  }
}
