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

/** Does `text` hold `word` as a whole word (case-insensitive; letters and digits make words)? */
export function namesWord(text: string, word: string): boolean {
  return new RegExp(`(^|[^\\p{L}\\d])${word.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}\\d])`, "u").test(text.toLowerCase());
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

/**
 * Typing distance: edits (insert, delete, substitute) plus a swap of two neighbouring letters as
 * one edit (optimal string alignment), since a thumb's commonest slip is a swap ("nkie", "jeasn")
 * that plain Levenshtein counts twice. Stops early past `max`.
 */
export function typoDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** Edits a typed word of this length may carry and still count as a slip: none under 4 letters, 1, then 2 from 7 letters. */
export function typoAllowance(length: number): number {
  return length < 4 ? 0 : length >= 7 ? 2 : 1;
}

/**
 * The one value whose surface (a key of `table`, where `accept` allows it) is nearest `key` within
 * its typo allowance, or undefined when none is that near or two different values are equally near.
 */
export function typoLookup<V>(table: ReadonlyMap<string, V>, key: string, accept: (surface: string) => boolean = () => true): V | undefined {
  const allowed = typoAllowance(key.length);
  if (allowed === 0) return undefined;
  let best = allowed + 1;
  const values = new Set<V>();
  for (const [surface, value] of table) {
    if (!accept(surface)) continue;
    const d = typoDistance(key, surface, best);
    if (d < best) {
      best = d;
      values.clear();
    }
    if (d === best) values.add(value);
  }
  return best <= allowed && values.size === 1 ? [...values][0] : undefined;
}

/** Whether `a` is `b` with two neighbouring letters swapped ("nkie" of "nike"). */
export function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]] && a[diff[1]] === b[diff[0]!];
}
