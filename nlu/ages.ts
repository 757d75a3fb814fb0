/**
 * A child's age in a request ("my daughter turns 6", "for my 8 year old", "10 saal ki hai") says
 * who the product is for, not a size, a price or a quantity: the encoder tags such numbers as
 * sizes or prices (blind round 16: "10 saal ki hai" became size 10, "my son turns 10" a minimum
 * price of $10) and reads "her" or "him" for the child as Women or Men. Pure, unit-tested.
 */
import type { SlotKey } from "../contract/index.js";
import type { ReadEntity } from "./reading.js";

/** The catalog's age line: up to this age a person is a child (Boys, Girls). */
const CHILD_MAX_AGE = 14;

/** Words for a child, in English and in the Hinglish shoppers write ("beti", "bete"). */
const CHILD_WORDS = "daughter|son|kid|kiddo|child|children|nephew|niece|grandson|granddaughter|boy|girl|toddler|beti|bete|beta|bitiya";

/** Where a number is an age: "8 year old", "8-yr-old", "8 yrs", "8yo", "10 saal", "turns 6", "aged 9", "my son is 7". */
const AGE_PATTERNS: readonly RegExp[] = [
  /\b(\d{1,2})\s*-?\s*(?:years?|yrs?|yo|y\/o|saal|sal)\b(?:\s*-?\s*old)?/gi,
  /\b(?:turns?|turning|turned|aged?)\s+(\d{1,2})\b/gi,
  new RegExp(`\\b(?:${CHILD_WORDS})\\s+(?:is|will be|who is|who's)\\s+(\\d{1,2})\\b`, "gi"),
];

export interface Age {
  years: number;
  /** Where the number itself is written. */
  start: number;
  end: number;
}

/** Every age the message states, in order of position. */
export function agesIn(text: string): Age[] {
  const ages: Age[] = [];
  for (const pattern of AGE_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const digits = m[1]!;
      const start = m.index + m[0].indexOf(digits);
      if (!ages.some((a) => a.start === start)) ages.push({ years: Number(digits), start, end: start + digits.length });
    }
  }
  return ages.sort((a, b) => a.start - b.start);
}

const CHILD_WORD = new RegExp(`\\b(?:${CHILD_WORDS})s?\\b`, "i");

/** Does the message speak of a child: a child's word, or an age a child has? */
export function mentionsChild(text: string, ages: readonly Age[] = agesIn(text)): boolean {
  return CHILD_WORD.test(text) || ages.some((a) => a.years <= CHILD_MAX_AGE);
}

const NUMBER_KEYS: ReadonlySet<SlotKey> = new Set(["size", "quantity", "price_min", "price_max"]);
const PRONOUNS = /^(?:her|him|his|she|he|hers)$/i;
const KID_OF: Record<string, string> = { Women: "Girls", Men: "Boys" };

/** Does a number the tables found (no position) occur in the text only as an age? */
function onlyAsAge(value: number, text: string, ages: readonly Age[]): boolean {
  const at = [...text.matchAll(/\d+/g)].filter((m) => Number(m[0]) === value);
  return at.length > 0 && at.every((m) => ages.some((a) => a.start === m.index));
}

/**
 * The entities with ages taken out of sizes, prices and quantities, and a pronoun's Women or Men
 * made Girls or Boys when the message speaks of a child ("my daughter ... get her a dress").
 */
export function withAgesRead(text: string, entities: readonly ReadEntity[]): ReadEntity[] {
  const ages = agesIn(text);
  const kept = entities.filter((e) => {
    if (!NUMBER_KEYS.has(e.key) || ages.length === 0) return true;
    if (e.start >= 0) return !ages.some((a) => e.start < a.end && a.start < e.end);
    const n = typeof e.value === "number" ? e.value : Number(e.value);
    return !(Number.isFinite(n) && onlyAsAge(n, text, ages));
  });
  if (!mentionsChild(text, ages)) return kept;
  return kept.map((e) =>
    e.key === "gender" && typeof e.value === "string" && KID_OF[e.value] && PRONOUNS.test(e.text.trim())
      ? { ...e, value: KID_OF[e.value]!, source: "rule:child_pronoun" as const }
      : e,
  );
}
