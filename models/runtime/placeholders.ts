/**
 * The booking-response model writes placeholders (<PRICE>, <AVAILABLE>, ...) instead of numbers
 * and names; they are filled here from retrieved data, so the reply never invents a price or a
 * stock level. A reply whose placeholders cannot all be filled is not sent: the caller gets null
 * and falls back to a reply built only from the retrieved data.
 */
export const PLACEHOLDERS = ["<PRICE>", "<SIZE>", "<AVAILABLE>", "<BRAND>", "<COLOR>", "<TYPE>", "<FEATURE>"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type PlaceholderValues = Partial<Record<Placeholder, string>>;

const ANY_PLACEHOLDER = /<[A-Z_]+>/g;

/**
 * The values of the placeholders the prompt's "Retrieved:" field offered, and no others: the model
 * may only use what it was given (an out-of-stock prompt offers no <PRICE>, and a reply that
 * quotes one anyway, "we have 0 of the sweater for $81.99", is not sent).
 */
export function offeredValues(values: PlaceholderValues, retrieved: Record<string, string>): PlaceholderValues {
  const offered = new Set(Object.values(retrieved));
  return Object.fromEntries(Object.entries(values).filter(([p]) => offered.has(p)));
}

/** The plural of a product noun as the replies name it: "watch" -> "watches", "saree" -> "sarees"; plural-only nouns stay. */
export function pluralNoun(noun: string): string {
  if (/(wear|care)$/.test(noun) || /[^s]s$/.test(noun)) return noun;
  if (/(ch|sh|ss|x|z)$/.test(noun)) return `${noun}es`;
  if (/scarf$/.test(noun)) return `${noun.slice(0, -1)}ves`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

export function fillPlaceholders(reply: string, values: PlaceholderValues): string | null {
  let missing = false;
  const filled = reply.replace(ANY_PLACEHOLDER, (p) => {
    const v = values[p as Placeholder];
    if (v === undefined || v === "") {
      missing = true;
      return p;
    }
    return v;
  });
  return missing ? null : filled.replace(/\s+/g, " ").trim();
}

const NOT_DESCRIBING = new Set(["of", "the", "a", "an", "in", "for", "at", "size", "from", "and", "to", "is", "are"]);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The patterns of one noun, built once: a reply is checked on every offer. */
function agreementPatterns(noun: string): { plural: string; counted: RegExp; takesAre: RegExp | null } {
  let patterns = AGREEMENT.get(noun);
  if (!patterns) {
    const word = escapeRegExp(noun);
    const plural = pluralNoun(noun);
    patterns = {
      plural,
      counted: new RegExp(`(?<!\\b(?:size|no\\.?|number|#) ?)\\b(\\d+)((?: [A-Za-z-]+){0,3}) ${word}\\b(?!s\\b)`, "gi"),
      takesAre: plural === noun ? new RegExp(`\\b(${word}(?: in (?:size )?\\S+)?(?: for (?:men|women|boys|girls|kids))?) is\\b`, "gi") : null,
    };
    AGREEMENT.set(noun, patterns);
  }
  return patterns;
}
const AGREEMENT = new Map<string, { plural: string; counted: RegExp; takesAre: RegExp | null }>();

/**
 * A reply that names `noun` (the offered product's type, singular as the replies name it) with the
 * number agreeing: the model writes the type as it saw it in the prompt whatever the count ("we have
 * 10 black backpack available", "the sports shoes in size 9 is in stock"), and the shopper reads it.
 */
export function agreeInNumber(text: string, noun: string, name?: string): string {
  // A product's own name is never rewritten ("Jealous 21 Women Purple Shirt" names no 21 shirts).
  if (name) return text.split(name).map((part) => agreeInNumber(part, noun)).join(name);
  const { plural, counted, takesAre } = agreementPatterns(noun);
  let agreed = text.replace(counted, (whole, n: string, between: string) =>
    n === "1" || between.trim().split(" ").some((w) => NOT_DESCRIBING.has(w.toLowerCase())) ? whole : `${n}${between} ${plural}`);
  // A plural-only type takes "are": "the black sports shoes in size 9 are in stock".
  if (takesAre) agreed = agreed.replace(takesAre, "$1 are");
  return agreed;
}
