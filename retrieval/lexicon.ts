/**
 * Catalog lookup-table entity extraction: finds product types, colours, brands, sizes, genders,
 * usages, seasons, features, prices and quantities that a message states in the catalog's own
 * words (or their everyday synonyms), tolerating one typo in longer words. It complements the T5
 * slot model the way lookup tables complement a statistical extractor: explicit mentions are
 * never lost, and the model covers paraphrase. Mentions right after a negation ("not red") are
 * ignored.
 */
import { readFileSync } from "node:fs";
import { distance } from "fastest-levenshtein";
import { z } from "zod";
import { textKey } from "./catalog/text.js";
import { isEnglishWord } from "./englishWords.js";
import { MEASURE_UNITS, MONEY_UNITS, wordsNumber } from "./numberWords.js";
import type { NormalizedSlots } from "./slots.js";
import type { Vocabulary } from "./vocabulary.js";

type LexKey = "product_type" | "color" | "brand" | "gender" | "usage" | "season";
const MAX_GRAM = 5;
/** The reader's word lists, kept as data with examples and counter-examples (lexicon_words.json). */
const Example = z.object({ text: z.string().min(1), has: z.record(z.string(), z.string()).optional(), lacks: z.record(z.string(), z.string().nullable()).optional() });
const Group = z.object({ why: z.string().min(1), words: z.array(z.string().min(1)).min(1), examples: z.array(Example).min(1), counterExamples: z.array(Example).min(1) });
const WordsFile = z.object({
  note: z.string(),
  negations: Group,
  brandsOnlyCapitalized: Group,
  genderOnlyAfterFor: Group,
  featureWords: Group,
  everydayWords: Group,
  contractions: Group,
  brandAndTypeSlips: Group,
  typeAdjectives: Group,
  skinTypes: Group,
  hinglish: Group,
  phrasesNamingNoValue: Group,
  brandAliases: Group.omit({ words: true }).extend({ aliases: z.record(z.string(), z.string()) }),
});
export type LexiconWordExample = z.infer<typeof Example>;
export const LEXICON_WORDS = WordsFile.parse(JSON.parse(readFileSync(new URL("./lexicon_words.json", import.meta.url), "utf8")));

const NEGATION = new Set(LEXICON_WORDS.negations.words);
/** Brand names that are also everyday words: only matched with a capital letter in the message. */
const COMMON_WORD_BRANDS = new Set(LEXICON_WORDS.brandsOnlyCapitalized.words);
/** Gender words that are too ambiguous alone ("her", "him" are fine after "for"). */
const GENDER_AFTER_FOR = new Set(LEXICON_WORDS.genderOnlyAfterFor.words);
/** Single descriptive words trusted as features; multi-word catalog features ("slim fit") always are. */
const FEATURE_WORDS = new Set(LEXICON_WORDS.featureWords.words);
/** A single word trusted as a product feature ("leather", "wool", "striped"). */
export const isFeatureWord = (word: string): boolean => FEATURE_WORDS.has(word);
/** Everyday adjectives that are singulars of plural-only types ("tight", "short"): never a type mention. */
const TYPE_ADJECTIVES = new Set(LEXICON_WORDS.typeAdjectives.words);
const SKIN_TYPES = new Set(LEXICON_WORDS.skinTypes.words);
/** "post office", "home delivery": read whole, they name no usage or other detail. */
const NO_VALUE_PHRASES = new Set(LEXICON_WORDS.phrasesNamingNoValue.words.map((w) => textKey(w)));
/** "oily skin", "my skin": the shopper's skin, not the catalog's colour Skin. */
export const namesSkinNotColour = (wordBefore: string | undefined): boolean => wordBefore !== undefined && SKIN_TYPES.has(wordBefore.toLowerCase());
const NUMBER_WORDS: Record<string, number> = { one: 1, a: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, pair: 1, couple: 2 };

/** Everyday words the encoder's vocabulary lacks, contractions, near-brands and Hinglish words one slip from a catalog word: never typos. */
const COMMON_WORDS = new Set([LEXICON_WORDS.everydayWords, LEXICON_WORDS.contractions, LEXICON_WORDS.brandAndTypeSlips, LEXICON_WORDS.hinglish].flatMap((g) => g.words));

/** A listed everyday word one slip from a catalog word ("wale"/"wallet", "shes"/"shoes"): never a typo, never a shorthand. */
export const isEverydayWord = (word: string): boolean => COMMON_WORDS.has(word);

/**
 * A word the shopper meant as written, never a one-letter slip of a catalog word ("show"/"shoe",
 * "hands"/Hanes, "boss"/Boys): a listed everyday word or an English word of the encoder's vocabulary.
 */
export const isKnownWord = (word: string): boolean => COMMON_WORDS.has(word) || isEnglishWord(word);

/**
 * A brand name that is an everyday English word, written without a capital ("9 only", "just in"):
 * no brand by its words alone. Not brands of no English ("fabindia", which shoppers type in lower case).
 */
export function everydayWordAsBrand(said: string): boolean {
  const key = textKey(said);
  return COMMON_WORD_BRANDS.has(key) && isKnownWord(key) && !/[A-Z]/.test(said);
}

/** One pair of adjacent letters swapped ("balck" for "black"). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  const [i, j] = diff;
  return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
}

interface Hit {
  key: LexKey;
  value: string;
  start: number;
  end: number;
  exact: boolean;
}

export interface LexiconOptions {
  /** Allow one edit in words of at least this many letters (0 disables typo tolerance). */
  typoMinLength?: number;
}

/** Index of one closed set: n-gram key -> canonical value, plus single words for fuzzy lookup. */
class Table {
  readonly exact = new Map<string, string>();
  readonly fuzzyWords: { word: string; value: string }[] = [];
  /** Two-word keys split once, for the one-slip bigram match. */
  readonly pairs: { a: string; b: string; value: string }[] = [];
  constructor(entries: Iterable<[string, string]>) {
    for (const [k, v] of entries) {
      const key = textKey(k);
      if (key === "" || this.exact.has(key)) continue;
      this.exact.set(key, v);
      if (!key.includes(" ") && key.length >= 4) this.fuzzyWords.push({ word: key, value: v });
      const words = key.split(" ");
      if (words.length === 2) this.pairs.push({ a: words[0]!, b: words[1]!, value: v });
    }
  }
}

const tables = new WeakMap<Vocabulary, Record<LexKey, Table> & { features: Set<string> }>();

function tablesOf(vocab: Vocabulary) {
  let t = tables.get(vocab);
  if (t) return t;
  const brandEntries = [...vocab.lookup.brand.entries()].filter(([, b]) => (vocab.brandCounts.get(b) ?? 0) >= 3);
  for (const [alias, brand] of Object.entries(BRAND_ALIASES)) if (vocab.brandCounts.has(brand)) brandEntries.push([alias, brand]);
  t = {
    product_type: new Table([...vocab.lookup.product_type.entries()].filter(([word]) => !TYPE_ADJECTIVES.has(word))),
    color: new Table(vocab.lookup.color.entries()),
    brand: new Table(brandEntries),
    gender: new Table(vocab.lookup.gender.entries()),
    usage: new Table(vocab.lookup.usage.entries()),
    season: new Table(vocab.lookup.season.entries()),
    features: new Set(vocab.features.map((f) => textKey(f))),
  };
  tables.set(vocab, t);
  return t;
}

/** Everyday spellings of brands that the catalog writes otherwise. */
const BRAND_ALIASES: Record<string, string> = LEXICON_WORDS.brandAliases.aliases;

const ORDER: LexKey[] = ["brand", "product_type", "color", "gender", "usage", "season"];

function negated(words: string[], start: number): boolean {
  for (let i = Math.max(0, start - 3); i < start; i++) if (NEGATION.has(words[i]!)) return true;
  return false;
}

/**
 * A two-word colour or type with one slip in one word while the other is exact ("nvy blue" =
 * Navy Blue, "formal shoos" = Formal Shoes): short words are below the one-typo length, but the
 * exact word vouches for them.
 */
function slippedWord(gram: string, table: Table): string | undefined {
  const [x, y] = gram.split(" ") as [string, string];
  const near = (a: string, b: string) => b.length >= 3 && a[0] === b[0] && distance(a, b) === 1;
  return table.pairs.find((p) => (p.b === y && near(p.a, x)) || (p.a === x && near(p.b, y)))?.value;
}

function findHits(words: string[], original: string, vocab: Vocabulary, typoMin: number): Hit[] {
  const t = tablesOf(vocab);
  const taken = new Array<boolean>(words.length).fill(false);
  const hits: Hit[] = [];
  // Longest n-grams first, so "navy blue" beats "blue" and "casual shoes" beats "casual".
  for (let n = Math.min(MAX_GRAM, words.length); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      if (taken.slice(i, i + n).some(Boolean)) continue;
      const gram = words.slice(i, i + n).join(" ");
      if (NO_VALUE_PHRASES.has(gram)) {
        for (let j = i; j < i + n; j++) taken[j] = true;
        continue;
      }
      for (const key of ORDER) {
        const value = t[key].exact.get(gram) ?? (n === 2 && (key === "color" || key === "product_type") ? slippedWord(gram, t[key]) : undefined);
        if (!value) continue;
        if (key === "brand" && COMMON_WORD_BRANDS.has(gram) && !/[A-Z]/.test(matchOriginal(original, gram))) continue;
        if (key === "gender" && GENDER_AFTER_FOR.has(gram) && words[i - 1] !== "for") continue;
        if (key === "color" && value === "Skin" && namesSkinNotColour(words[i - 1])) continue;
        if (key === "product_type" && gram === "tops" && AMOUNT_THEN_TOPS.test(original) && words.filter((w) => w === "tops").length === 1) continue;
        hits.push({ key, value, start: i, end: i + n, exact: true });
        for (let j = i; j < i + n; j++) taken[j] = true;
        break;
      }
    }
  }
  if (typoMin > 0) {
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (taken[i] || w.length < typoMin) continue;
      for (const key of ["product_type", "color", "brand"] as const) {
        // Brand names are many and short: a one-letter slip only counts in long words, or for well-known brands.
        if (key === "brand" && w.length < 5) continue;
        if (isKnownWord(w)) continue;
        // In short words a slip rarely hits the first letter ("sold" is not a typo of "gold").
        const near = t[key].fuzzyWords.find(
          (c) =>
            Math.abs(c.word.length - w.length) <= 1 &&
            (w.length >= 6 || c.word[0] === w[0]) &&
            (distance(c.word, w) === 1 || swapped(c.word, w)) &&
            (key !== "brand" || w.length >= 7 || (vocab.brandCounts.get(c.value) ?? 0) >= 50),
        );
        if (near) {
          hits.push({ key, value: near.value, start: i, end: i + 1, exact: false });
          taken[i] = true;
          break;
        }
      }
    }
  }
  return hits.filter((h) => !negated(words, h.start)).sort((a, b) => a.start - b.start);
}

/** The message's own spelling of a lower-cased phrase (to check capitalisation of brand names). */
function matchOriginal(original: string, gram: string): string {
  const re = new RegExp(gram.split(" ").map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\W+"), "i");
  return re.exec(original)?.[0] ?? "";
}

const SIZE_TOKEN: Record<string, string> = { xs: "XS", s: "S", m: "M", l: "L", xl: "XL", xxl: "XXL", "2xl": "XXL", xxxl: "XXL", "3xl": "XXL" };
const SIZE_WORD: Record<string, string> = { "extra small": "XS", small: "S", medium: "M", large: "L", "extra large": "XL", "free size": "Free Size", "one size": "Free Size" };
const SHOE_SIZES = new Set(["5", "6", "7", "8", "9", "10", "11", "12"]);
const SHOE_SIZE_WORDS: Record<string, string> = { five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10", eleven: "11", twelve: "12" };
/** Words after a number that make it a quantity, a price, a measure or a length of time, not a size ("i do 10 hr shifts", blind round 71). */
const NOT_A_SIZE_AFTER = new RegExp(
  String.raw`^\s*(?:\$|%|(?:${MONEY_UNITS}|${MEASURE_UNITS}|pairs?|pcs|pieces|units|packs?|x|of|days?|weeks?|months?|years?|yrs?|hours?|hrs?|mins?|minutes?|am|pm|o'?clock)\b)`,
  "i",
);
const NOT_A_SIZE_BEFORE = /(\$|\brs\.?|\binr|\busd|under|below|over|above|than|max|maximum|upto|up to|within|between|and|budget|order|#|no\.?)\s*$/i;

/** The words around a bare number make it a price, a count or a length rather than a size ("$9", "9 pairs", "under 9"). */
export function numberIsNoSize(before: string, after: string): boolean {
  return NOT_A_SIZE_AFTER.test(after) || NOT_A_SIZE_BEFORE.test(before);
}

/** Words before "small", "large" that say how something fits, not which size: "they run small", "a bit large". */
const FITS_BEFORE = /\b(?:runs?|running|ran|fits?|fitting|comes? up|came up|too|bit|little|slightly|very|quite|rather)\s+$/i;

/** Whether the words before a size word make it how a product fits ("their sizes run small on me", blind round 52). */
export function saysHowItFits(before: string): boolean {
  return FITS_BEFORE.test(before);
}

/**
 * The size the message states; the last one wins ("size 34... I mean XL", "oops, I meant L").
 * Only catalog sizes count: apparel XS-XXL, footwear 5-12, Free Size.
 */
function findSize(text: string, productNamed: (from: number, to: number) => boolean): string | undefined {
  const found: { at: number; size: string }[] = [];
  const t = text.toLowerCase();
  for (const m of t.matchAll(/\b(?:size|sz|uk|us|eu|wear|wears|in an?|in)\b\s*[:#-]?\s*(xxs|xs|s|m|l|xl|xxl|2xl|3xl|xxxl|\d{1,2}|five|six|seven|eight|nine|ten|eleven|twelve)(?![\w$])/g)) {
    // "size nine" is size 9.
    const v = SHOE_SIZE_WORDS[m[1]!] ?? m[1]!;
    const size = /^\d/.test(v) ? (SHOE_SIZES.has(v) ? v : undefined) : SIZE_TOKEN[v];
    if (size && !(v.length === 1 && /^in\b/.test(m[0]) && !/[SML]/.test(text.slice(m.index + m[0].length - 1, m.index + m[0].length)))) found.push({ at: m.index, size });
  }
  for (const m of t.matchAll(/\b(xs|xl|xxl|2xl|3xl|xxxl)\b/g)) found.push({ at: m.index, size: SIZE_TOKEN[m[1]!]! });
  // Not how a brand or a product fits: "their sizes run small on me", "it's a bit large" (blind round 52 read size S).
  for (const m of t.matchAll(/\b(extra small|extra large|free size|one size|small|medium|large)\b(?!\s+(selection|range|number|amount|variety|order|bag|family))/g)) {
    if (!saysHowItFits(t.slice(0, m.index))) found.push({ at: m.index, size: SIZE_WORD[m[1]!]! });
  }
  // Capital S, M or L standing alone: "I wear L", "grey M", "what about L?" (not "U.S." or "M&S").
  for (const m of text.matchAll(/(?<![\w.&'-])([SML])(?![\w.&'-])/g)) found.push({ at: m.index, size: m[1]! });
  // A bare short answer in lower case: "m", "l please".
  const bare = /^\s*(?:in\s+)?(xs|s|m|l|xl|xxl)\s*(?:please|pls|thanks)?[.!]?\s*$/i.exec(text);
  if (bare) found.push({ at: 0, size: SIZE_TOKEN[bare[1]!.toLowerCase()]! });
  // A footwear size standing alone: "white, 8", "black 9", "size 5" (not "2 pairs", "$9", "9 socks").
  for (const m of text.matchAll(/(?<![\w$.])(\d{1,2})(?![\w.])/g)) {
    const v = m[1]!;
    if (!SHOE_SIZES.has(v)) continue;
    const before = text.slice(0, m.index);
    const after = text.slice(m.index + v.length);
    if (numberIsNoSize(before, after)) continue;
    if (productNamed(m.index + v.length, m.index + v.length + 40)) continue;
    found.push({ at: m.index, size: v });
  }
  found.sort((a, b) => a.at - b.at);
  return found.at(-1)?.size;
}

const AMOUNT = String.raw`(?:\$|usd\s*|rs\.?\s*|₹\s*)?(\d{1,6}(?:\.\d{1,2})?)\s*(?:\$|usd|dollars?|bucks|rs|rupees)?`;

/** Amounts as written in full: "1.5k" -> 1500, "₹1,200" -> ₹1200 (the patterns below read plain digits). */
export function spelledOutAmounts(text: string): string {
  return text
    .replace(/(\d),(\d{3})\b/g, "$1$2")
    .replace(/\b(\d+(?:\.\d+)?)\s?k\b/gi, (_, n: string) => String(Math.round(Number(n) * 1000)))
    // "under a thousand bucks", "two thousand", "fifteen hundred" (blind round 58 read no budget, or 2 items).
    .replace(/\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+(?:thousand|hundred)\b/gi, (said) => String(wordsNumber(said)));
}

function findPrices(text: string): Pick<NormalizedSlots, "price_min" | "price_max"> {
  const t = spelledOutAmounts(text.toLowerCase());
  const between = new RegExp(String.raw`\b(?:between|from)\s+${AMOUNT}\s*(?:and|to|-)\s*${AMOUNT}`).exec(t) ?? new RegExp(String.raw`${AMOUNT}\s*(?:-|to)\s*${AMOUNT}\s*(?:\$|usd|dollars?|bucks)`).exec(t);
  if (between) return { price_min: Number(between[1]), price_max: Number(between[2]) };
  // "around 50 dollars": within a fifth either way.
  const around = new RegExp(String.raw`\b(?:around|about|roughly|approximately|approx\.?|circa|~)\s*${AMOUNT}`).exec(t);
  if (around && /[$]|usd|dollars?|bucks|rs|rupees|₹|price|budget|cost|spend/.test(t)) {
    const x = Number(around[1]);
    return { price_min: Math.floor(x * 0.8), price_max: Math.ceil(x * 1.2) };
  }
  const out: Pick<NormalizedSlots, "price_min" | "price_max"> = {};
  const max = new RegExp(String.raw`\b(?:under|below|less than|cheaper than|max(?:imum)?|up ?to|upto|within|(?:no|not|nothing|nothin|nuthin) (?:more|higher|pricier) than|(?:not|nothing|nothin|nuthin) (?:over|above)|at most|budget(?:'?s| is| of)?|<)\s*(?:of\s*)?${AMOUNT}`).exec(t) ?? new RegExp(String.raw`${AMOUNT}\s*(?:max(?:imum)?|tops|or less|or under|or below|at (?:the )?most|tak)\b`).exec(t)
    // "a shirt for Rs. 999": an amount with its currency after "for" or "at" is what the shopper means to
    // pay, unless it is a floor ("starting at $50", "for $20 or more").
    ?? new RegExp(String.raw`(?<!\bstarting )\b(?:for|at)\s+(?:\$|usd\s*|rs\.?\s*|₹\s*)(\d{1,6}(?:\.\d{1,2})?)(?!\d|\s*(?:\+|or (?:more|above|over)|and (?:up|above)|plus|onwards))`).exec(t);
  if (max) out.price_max = Number(max[1]);
  // "no more than 30" is a ceiling, not a floor.
  const min = new RegExp(String.raw`\b(?<!(?:no|not|nothing|nothin|nuthin) )(?:over|above|more than|at least|min(?:imum)?|starting at|>)\s*${AMOUNT}`).exec(t);
  if (min) out.price_min = Number(min[1]);
  return out;
}

/** A word after a number that makes it money ("twenty five dollars tops" is a budget, not five tops). */
const MONEY_WORD = new RegExp(`^(?:${MONEY_UNITS})$`);

/** "i can do $25 tops", "500 rupees tops": after an amount, "tops" is a ceiling, not the type Tops (blind round 68). */
const AMOUNT_THEN_TOPS = new RegExp(String.raw`(?:[$₹£€]\s*\d[\d,.]*k?|\b\d[\d,.]*k?\s*(?:${MONEY_UNITS}))\s+tops\b`, "i");
/** A word after a number that makes it a measure ("he's 32 waist, needs jeans" is no count of 32). */
const MEASURE_WORD = new RegExp(`^(?:waist|chest|length|${MEASURE_UNITS})$`);

function findQuantity(words: string[], productStart: number | undefined): number | undefined {
  if (productStart === undefined) return undefined;
  for (let i = productStart - 1; i >= Math.max(0, productStart - 4); i--) {
    const w = words[i]!;
    if (MONEY_WORD.test(words[i + 1] ?? "") || MEASURE_WORD.test(words[i + 1] ?? "")) continue;
    if (/^\d{1,2}$/.test(w) && Number(w) >= 1 && Number(w) <= 99) return Number(w);
    const n = NUMBER_WORDS[w];
    if (n !== undefined && n > 1) return n;
  }
  return undefined;
}

/** "3" or "three" as a number. */
const countOf = (word: string): number | undefined => (/^\d/.test(word) ? Number(word) : NUMBER_WORDS[word.toLowerCase()]);

/**
 * "I'll take 2", "make it three", "get me 2": a count with no product after it (not a size just read);
 * "just one for me" after an offer of ten (blind round 60).
 */
function takenCount(text: string, size: string | undefined): number | undefined {
  const m =
    /\b(?:i'?ll take|i will take|take|make (?:it|that|this)|i'?ll have|get me|give me|i need|i want)\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\b(?!\s*(?:\$|usd|dollars?|bucks|%|size))/i.exec(text) ??
    /\b(?:just|only)\s+(one|1)(?=\s*(?:$|[,.!?]|for\b|please\b|pls\b|pc\b|piece\b|unit\b|item\b))/i.exec(text);
  if (!m) return undefined;
  const n = countOf(m[1]!);
  return n !== undefined && n >= 1 && n <= 99 && String(n) !== size ? n : undefined;
}

function findFeatures(words: string[], features: Set<string>, used: Set<number>): string[] {
  const found: string[] = [];
  for (let n = 3; n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      if ([...Array(n).keys()].some((k) => used.has(i + k))) continue;
      const gram = words.slice(i, i + n).join(" ");
      const known = n === 1 ? FEATURE_WORDS.has(gram) : features.has(gram);
      if (!known || negated(words, i)) continue;
      found.push(gram);
      for (let k = 0; k < n; k++) used.add(i + k);
    }
  }
  return found;
}

/** Slots stated in `text`, in catalog vocabulary. Later mentions win ("red, no wait, blue" -> Blue). */
/** Phrases whose words look like products but are not: "ring it up" is a till, not a Ring; "grey would suit him" is no suit. */
const IDIOMS = /\bring (it|them|that|this|me) up\b|\b(would|will|might|should|could|does|do|to) suit (him|her|you|me|them|us)\b|\bsuits (him|her|you|me|them|us)\b/gi;
export const withoutIdioms = (text: string): string => text.replace(IDIOMS, " ");

export function extractLexiconSlots(text: string, vocab: Vocabulary, o: LexiconOptions = {}): NormalizedSlots {
  text = withoutIdioms(text);
  const words = textKey(text.slice(0, 2000)).split(" ").filter((w) => w !== "");
  const hits = findHits(words, text, vocab, o.typoMinLength ?? 4);
  const slots: NormalizedSlots = {};
  const used = new Set<number>();
  let productStart: number | undefined;
  const modifiers: string[] = [];
  for (const [i, h] of hits.entries()) {
    // "denim jacket", "leather bag": a product word right before another product word describes it.
    const next = hits[i + 1];
    if (h.key === "product_type" && next?.key === "product_type" && next.start === h.end) {
      modifiers.push(words.slice(h.start, h.end).join(" "));
      continue;
    }
    (slots as Record<LexKey, string>)[h.key] = h.value;
    if (h.key === "product_type") productStart = h.start;
    for (let i = h.start; i < h.end; i++) used.add(i);
  }
  const t = tablesOf(vocab);
  const productNamed = (from: number, to: number) => {
    const next = textKey(text.slice(from, to)).split(" ").filter((w) => w !== "").slice(0, 3);
    for (let n = 3; n >= 1; n--) for (let i = 0; i + n <= next.length; i++) {
      const gram = next.slice(i, i + n).join(" ");
      if (t.product_type.exact.has(gram) || t.color.exact.has(gram) || t.brand.exact.has(gram)) return true;
    }
    return false;
  };
  const size = findSize(text, productNamed);
  if (size) slots.size = size;

  const counted = /\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s*(?:pairs?|pcs|pieces|units|of them|of those|packs?)\b/i.exec(text);
  const prices = findPrices(text);
  let quantity = counted ? countOf(counted[1]!) : (findQuantity(words, productStart) ?? takenCount(text, slots.size));
  // "under $9 socks": the number is the budget, not a count.
  if (quantity !== undefined && (quantity === prices.price_max || quantity === prices.price_min)) quantity = undefined;
  Object.assign(slots, prices);
  if (quantity !== undefined) slots.quantity = quantity;
  const features = [...new Set([...modifiers.filter((m) => FEATURE_WORDS.has(m)), ...findFeatures(words, tablesOf(vocab).features, used)])];
  if (features.length > 0) slots.features = features;
  return slots;
}

const SLOT_WORDS: Record<string, DontCareKey> = {
  colour: "color", color: "color", colours: "color", colors: "color", size: "size", sizes: "size", brand: "brand", brands: "brand", make: "brand",
  style: "features", type: "product_type", budget: "price_max", price: "price_max",
};
/** A budget said not to matter lifts both bounds (the caller drops price_min with price_max). */
type DontCareKey = "color" | "size" | "brand" | "features" | "product_type" | "price_max";
const SLOT_WORD = "(colou?rs?|sizes?|brands?|make|style|type|budget|price)";
/** "any colour", "forget the budget", "never mind the brand"; and after the word, "the colour doesn't matter", "price is no issue". */
const NAMED_BEFORE = new RegExp(`\\b(?:any|whatever|no preference (?:on|for)?|don t care about (?:the)?|forget (?:about )?(?:the)?|never mind (?:the)?)\\s+${SLOT_WORD}\\b`, "g");
const NAMED_AFTER = new RegExp(`\\b${SLOT_WORD} (?:doesn ?t|does not|don ?t|won ?t|shouldn ?t) matter|\\b${SLOT_WORD} (?:is )?(?:no|not an?) (?:issue|problem|concern)\\b`, "g");
/** After "any...": a request for something else, not a don't-care ("anything cheaper?", "any other colours?"). */
const MORE_WANTED = /\b(cheaper|else|similar|other|others|different|more|like|better|nicer|new)\b/i;
const ANY_ANSWER = /^\s*(any|anything|whatever|either|both|all|no preference|no preferences|doesn'?t matter|does not matter|it doesn'?t matter|i don'?t (mind|care)|don'?t (mind|care)|not fussy|up to you|you (choose|pick|decide)|surprise me|any (is|will) (fine|do|ok|okay)|any one|anyone is fine|no)\b.{0,30}$/i;

/**
 * Details the shopper says do not matter: "any colour is fine" names the detail; a bare "doesn't
 * matter" answers the question the agent asked (`pending`).
 */
export function dontCareKeys(text: string, pending: string | null): DontCareKey[] {
  const t = textKey(text);
  const named = [...t.matchAll(NAMED_BEFORE), ...t.matchAll(NAMED_AFTER)].map((m) => SLOT_WORDS[(m[1] ?? m[2] ?? m[3])!]!);
  if (named.length > 0) return [...new Set(named)];
  // A bare "any" to the size question is not a size (see nlu/understanding.ts slotsOf); "anything cheaper?" is a request.
  if (pending && pending in { color: 1, brand: 1, features: 1 } && ANY_ANSWER.test(text) && !MORE_WANTED.test(text)) return [pending as DontCareKey];
  return [];
}
