/** Small text helpers shared by the catalog learners and the slot normalizers. */

/** Lowercase, punctuation-free, single-spaced form used to compare names and user text. */
export function textKey(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]s\b/g, "s")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Whitespace tokens of a display name, punctuation kept (brands like "U.S. Polo Assn." need it). */
export function nameTokens(name: string): string[] {
  return name.split(/\s+/).filter((t) => t.length > 0);
}

/** Gender words that follow the brand in almost every display name ("Turtle Men ...", "Nike Women's ..."). */
const GENDER_WORDS = new Set([
  "men", "mens", "women", "womens", "boys", "boy", "boys'", "girls", "girl", "girls'",
  "unisex", "kids", "kid", "infant", "infants", "baby", "babies", "man", "woman",
]);

export function isGenderWord(token: string): boolean {
  return GENDER_WORDS.has(textKey(token).replace(/ /g, ""));
}
