/**
 * Brand extraction learned from the catalog's display names.
 *
 * Display names put the brand first and a gender word right after it ("Peter England Men Party
 * Blue Jeans", "United Colors of Benetton Men Blue Check Shirt"). The words before the first
 * gender word are taken as a brand candidate; candidates seen in at least `minSupport` names form
 * the learned brand list. Names without a gender word ("Lotus Herbals Safe Sun ...") take the
 * longest learned brand they start with, or their first word when none fits.
 * Product lines written after a brand ("Jockey MODERN CLASSIC", "ADIDAS Mumbai Indians") fold
 * into the brand: a candidate that starts with a learned brand seen in at least FOLD_SUPPORT
 * names takes that brand.
 */
import { isGenderWord, nameTokens, textKey } from "./text.js";

const MAX_BRAND_WORDS = 5;
/** How often a shorter prefix must stand alone as a brand before longer candidates fold into it. */
const FOLD_SUPPORT = 5;
/** Distinct brands that merely start with another brand's name (checked by hand against the catalog). */
const NEVER_FOLD = new Set(["lee cooper", "hugo boss", "ice watch"]);

export interface BrandLexicon {
  /** textKey(brand) -> canonical spelling (the most frequent casing in the catalog). */
  byKey: Map<string, string>;
  /** Learned brand keys sorted longest first (in words), for prefix matching. */
  keysLongestFirst: string[];
}

/** Words before the first gender word, when that word is among the first few tokens. */
export function brandCandidate(name: string): string | null {
  const tokens = nameTokens(name);
  const cut = tokens.findIndex(isGenderWord);
  if (cut < 1 || cut > MAX_BRAND_WORDS) return null;
  return tokens.slice(0, cut).join(" ");
}

export function learnBrands(names: Iterable<string>, minSupport = 2): BrandLexicon {
  const spellings = new Map<string, Map<string, number>>();
  const support = new Map<string, number>();
  for (const name of names) {
    const candidate = brandCandidate(name);
    if (candidate === null) continue;
    const key = textKey(candidate);
    if (key === "") continue;
    const forKey = spellings.get(key) ?? new Map<string, number>();
    forKey.set(candidate, (forKey.get(candidate) ?? 0) + 1);
    spellings.set(key, forKey);
    support.set(key, (support.get(key) ?? 0) + 1);
  }
  // Fold product lines into their brand: the shortest prefix that is itself a frequent brand.
  const parentOf = (key: string): string => {
    if (NEVER_FOLD.has(key)) return key;
    const words = key.split(" ");
    for (let n = 1; n < words.length; n++) {
      const prefix = words.slice(0, n).join(" ");
      if ((support.get(prefix) ?? 0) >= Math.max(FOLD_SUPPORT, minSupport)) return prefix;
    }
    return key;
  };
  const byKey = new Map<string, string>();
  for (const [key, forms] of spellings) {
    let total = 0;
    let best = "";
    let bestCount = -1;
    for (const [form, count] of forms) {
      total += count;
      // Most frequent spelling wins; ties go to the one with more capitals ("FOSSIL" loses to "Fossil" only by count).
      if (count > bestCount || (count === bestCount && form < best)) {
        best = form;
        bestCount = count;
      }
    }
    if (total >= minSupport) byKey.set(key, best);
  }
  for (const key of [...byKey.keys()]) {
    const parent = parentOf(key);
    const parentName = byKey.get(parent);
    if (parent !== key && parentName !== undefined) byKey.set(key, parentName);
  }
  const keysLongestFirst = [...byKey.keys()].sort(
    (a, b) => b.split(" ").length - a.split(" ").length || b.length - a.length || a.localeCompare(b),
  );
  return { byKey, keysLongestFirst };
}

/** The brand of one display name, in its canonical spelling. */
export function extractBrand(name: string, lexicon: BrandLexicon): string {
  const candidate = brandCandidate(name);
  if (candidate !== null) return lexicon.byKey.get(textKey(candidate)) ?? candidate;
  const key = textKey(name);
  for (const brandKey of lexicon.keysLongestFirst) {
    if (key === brandKey || key.startsWith(`${brandKey} `)) return lexicon.byKey.get(brandKey) ?? brandKey;
  }
  return nameTokens(name)[0] ?? "";
}
