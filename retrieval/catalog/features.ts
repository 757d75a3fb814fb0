/**
 * Descriptive features ("check", "polo", "round neck", "slim fit", ...) learned from display names.
 *
 * After removing the brand, gender words, colour words, article-type words (any type's: "shirt"
 * in an innerwear name is still a type word) and codes, the words left describe the product. A word (or two-word phrase) becomes a feature when
 * several brands use it, so one brand's model names ("Abzorb X", "Half Cab") do not.
 */
import { isGenderWord, textKey } from "./text.js";

/** Spelling variants of one feature folded to one form. */
const FEATURE_FORMS: Record<string, string> = {
  stripes: "striped", stripe: "striped", stripped: "striped",
  checks: "check", checked: "check", checkered: "check",
  prints: "printed", print: "printed",
  sleeves: "sleeve", sleeved: "sleeve",
  graphics: "graphic", solids: "solid", embroidery: "embroidered",
  tshirt: "t shirt", tee: "t shirt",
  woollen: "wool", woolen: "wool",
};

const STOP_WORDS = new Set([
  "and", "with", "of", "for", "the", "in", "a", "an", "to", "by", "on", "set", "pack", "combo", "x", "n",
  "ml", "gm", "deos", "ii", "iii", "iv", "as", "it", "am", "be", "me", "my", "no", "not", "up", "one", "two",
  "three", "all", "you", "just", "new", "tr", "ss", "fg", "edt", "eau", "de", "toilette", "parfum",
]);

/** Words a display name uses for its own article type beyond the type's name ("T-shirt" for Tshirts). */
const ARTICLE_NAME_WORDS: Record<string, string[]> = {
  Tshirts: ["t", "shirt", "shirts", "tee", "tees"],
  "Casual Shoes": ["shoe"], "Sports Shoes": ["shoe"], "Formal Shoes": ["shoe"],
  "Flip Flops": ["flop", "flipflops"], Watches: ["watch"], Sarees: ["sari", "saree"],
  "Perfume and Body Mist": ["perfumes", "mist", "body", "spray"], "Track Pants": ["pant", "trackpants"],
  "Innerwear Vests": ["vest", "innerwear"], "Night suits": ["nightsuit", "night", "suit"],
  Deodorant: ["deo", "deodorants"], Bra: ["bras"], Briefs: ["brief"], Trunk: ["trunks"],
  Sunglasses: ["sunglass", "eyewear"], Heels: ["heel"], Sandals: ["sandal"], "Sports Sandals": ["sandal"],
  Kurtas: ["kurta"], Kurtis: ["kurti"], Tops: ["top"], Capris: ["capri"], Leggings: ["legging"],
};

export interface FeatureInput {
  name: string;
  brand: string;
  articleType: string;
  baseColour: string | null;
}

export interface FeatureLexicon {
  unigrams: Set<string>;
  bigrams: Set<string>;
}

/** Article-type words, with singular forms ("Shirts" -> shirts, shirt). */
function articleWords(articleType: string): Set<string> {
  const words = new Set<string>();
  for (const w of [...textKey(articleType).split(" "), ...(ARTICLE_NAME_WORDS[articleType] ?? [])]) {
    words.add(w);
    if (w.endsWith("es")) words.add(w.slice(0, -2));
    if (w.endsWith("s")) words.add(w.slice(0, -1));
  }
  return words;
}

/** The descriptive words of a name, in order, with variants folded. */
export function descriptiveWords(p: FeatureInput, excluded: Set<string>): string[] {
  const key = textKey(p.name);
  const brandKey = textKey(p.brand);
  const rest = key.startsWith(brandKey) ? key.slice(brandKey.length) : key;
  const out: string[] = [];
  for (const raw of rest.split(" ")) {
    if (raw === "" || /\d/.test(raw) || raw.length < 3) continue;
    if (isGenderWord(raw) || STOP_WORDS.has(raw) || excluded.has(raw)) continue;
    out.push(...(FEATURE_FORMS[raw] ?? raw).split(" "));
  }
  return out;
}

/** Words that never describe a product by themselves: colour words and article-type words. */
export function excludedWordsOf(products: readonly Pick<FeatureInput, "baseColour" | "articleType">[]): Set<string> {
  const words = new Set<string>();
  for (const p of products) {
    if (p.baseColour) for (const w of textKey(p.baseColour).split(" ")) words.add(w);
    for (const w of articleWords(p.articleType)) words.add(w);
  }
  return words;
}

export function learnFeatures(products: FeatureInput[], minBrands = 5, minNames = 15): FeatureLexicon {
  const excluded = excludedWordsOf(products);
  const uni = new Map<string, { names: number; brands: Set<string> }>();
  const bi = new Map<string, { names: number; brands: Set<string> }>();
  const bump = (m: typeof uni, k: string, brand: string) => {
    const e = m.get(k) ?? { names: 0, brands: new Set<string>() };
    e.names += 1;
    e.brands.add(brand);
    m.set(k, e);
  };
  for (const p of products) {
    const words = descriptiveWords(p, excluded);
    for (const w of new Set(words)) bump(uni, w, p.brand);
    const pairs = new Set(words.slice(1).map((w, i) => `${words[i]} ${w}`));
    for (const pair of pairs) bump(bi, pair, p.brand);
  }
  const keep = (m: typeof uni, brands: number, names: number) =>
    new Set([...m].filter(([, e]) => e.brands.size >= brands && e.names >= names).map(([k]) => k));
  return { unigrams: keep(uni, minBrands, minNames), bigrams: keep(bi, 3, Math.ceil(minNames / 2)) };
}

/**
 * Features of one product: learned phrases first, then learned single words (a phrase's words
 * count too, so "striped polo" also matches a shopper who only said "polo").
 */
export function extractFeatures(p: FeatureInput, lexicon: FeatureLexicon, excluded: Set<string>): string[] {
  const words = descriptiveWords(p, excluded);
  const phrases = words.slice(1).map((w, i) => `${words[i]} ${w}`).filter((pair) => lexicon.bigrams.has(pair));
  // "Non Leather", "Faux Leather": the word after a negation is what the product is not.
  const negated = (i: number) => i > 0 && NEGATIONS.has(words[i - 1]!);
  return [...new Set([...phrases, ...words.filter((w, i) => lexicon.unigrams.has(w) && !negated(i))])];
}

const NEGATIONS = new Set(["non", "faux", "without"]);

/** A shopper's feature word in the catalog's form ("Stripes" -> "striped", "Round-Neck" -> "round neck"). */
export function normalizeFeature(text: string): string {
  return textKey(text)
    .split(" ")
    .map((w) => FEATURE_FORMS[w] ?? w)
    .join(" ");
}
