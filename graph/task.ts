/**
 * The structured task ("Find a yellow ADIDAS XL shirt.") must agree with the slots the agent
 * holds: it is what the booking response is conditioned on and what the shopper's request is
 * logged as. A translation that drops or contradicts a slot is replaced by the task written from
 * the slots in the same canonical form the context translator was trained to produce.
 */
import { FREE_SIZE } from "../retrieval/catalog/commerce.js";
import type { NormalizedSlots } from "../retrieval/slots.js";

/** "Tshirts" -> "t-shirt", "Casual Shoes" -> "casual shoes", "Jackets" -> "jacket". */
export function typeNoun(articleType: string): string {
  if (articleType === "Tshirts") return "t-shirt";
  const lower = articleType.toLowerCase();
  if (/(shoes|jeans|trousers|shorts|pants|leggings|jeggings|tights|capris|sunglasses|briefs|boxers|socks|flats|heels|sandals|flip flops)$/.test(lower)) return lower;
  // "watches" -> "watch", "dresses" -> "dress"; "kurtas" -> "kurta"; "lip gloss" and "nightdress" are singular already.
  if (/ss$/.test(lower)) return lower;
  if (/accessories$/.test(lower)) return lower.replace(/ies$/, "y");
  if (/scarves$/.test(lower)) return lower.replace(/ves$/, "f");
  return /(ch|sh|ss|x)es$/.test(lower) ? lower.slice(0, -2) : lower.replace(/s$/, "");
}

/** A range of the catalog as people name it: "Tshirts" -> "t-shirts", "Casual Shoes" -> "casual shoes". */
export function rangeName(articleType: string): string {
  return articleType === "Tshirts" ? "t-shirts" : articleType.toLowerCase();
}

/** The sizes of a product that are in stock, in its own order. */
export function sizesInStock(p: { sizes: readonly string[]; stock: Record<string, number> }): string[] {
  return p.sizes.filter((s) => (p.stock[s] ?? 0) > 0);
}

/** How a size reads in a reply: "size M", or "one size" for the catalog's Free Size. */
export function sizeLabel(size: string): string {
  return size === FREE_SIZE ? "one size" : `size ${size}`;
}

/** A reply with the catalog's "in size Free Size" put the way people say it. */
export function readableSizes(text: string): string {
  return text.replace(/\bin size Free Size\b/gi, "in one size").replace(/\bsize Free Size\b/gi, "one size");
}

/** The start of the article's head noun ("casual shoes" -> "shoe", "jackets" -> "jacke"): enough to spot it in free text. */
export function typeStem(articleType: string): string {
  return typeNoun(articleType).split(" ").at(-1)!.replace(/s$/, "").slice(0, 5);
}

function pricePhrase(s: NormalizedSlots): string {
  if (s.price_min !== undefined && s.price_max !== undefined) return `between $${s.price_min} and $${s.price_max}`;
  if (s.price_max !== undefined) return `under $${s.price_max}`;
  if (s.price_min !== undefined) return `over $${s.price_min}`;
  return "";
}

export function taskFromSlots(s: NormalizedSlots, buy: boolean): string {
  const words: string[] = [buy ? "Buy" : "Find", s.quantity && s.quantity > 1 ? String(s.quantity) : "a"];
  if (s.color) words.push(s.color.toLowerCase());
  if (s.brand) words.push(s.brand);
  if (s.size) words.push(s.size);
  if (s.features?.length) words.push(...s.features);
  words.push(s.product_type ? typeNoun(s.product_type) : "product");
  if (s.gender) words.push(`for ${s.gender.toLowerCase()}`);
  const price = pricePhrase(s);
  if (price) words.push(price);
  return `${words.join(" ")}.`;
}

const has = (task: string, value: string) => task.toLowerCase().includes(value.toLowerCase());
const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The catalog's colours and brands, to catch a translation that adds one the shopper never asked for. */
export interface TaskVocabulary {
  colors: readonly string[];
  brands: readonly string[];
}

/**
 * Any of `values` as a whole word (case as given: the task spells brands as the catalog does, "AND"
 * the brand, "and" the word), or null for an empty list.
 */
const anyOf = (values: readonly string[], flags: string) =>
  values.length === 0 ? null : new RegExp(`(^|[^A-Za-z0-9])(?:${[...values].sort((a, b) => b.length - a.length).map(escape).join("|")})($|[^A-Za-z0-9])`, flags);

/** Matchers built once per vocabulary (the catalog's ~670 colours and brands), not per search. */
const matchers = new WeakMap<TaskVocabulary, { colors: RegExp | null; brands: RegExp | null }>();
function matchersOf(known: TaskVocabulary) {
  let m = matchers.get(known);
  if (!m) {
    m = { colors: anyOf(known.colors.map((c) => c.toLowerCase()), ""), brands: anyOf(known.brands.filter((b) => b.length > 2), "") };
    matchers.set(known, m);
  }
  return m;
}

/**
 * Does the translated task say what the slots say? It must name every slot that shapes the search
 * (type, colour, brand, size, gender, price bounds) and no other catalog colour or brand: a
 * sentence that adds "black" or "Nike" to a request for a shirt would condition the reply on
 * something the shopper never said.
 */
export function taskAgrees(task: string, s: NormalizedSlots, known: TaskVocabulary = { colors: [], brands: [] }): boolean {
  if (task.trim() === "") return false;
  // No word said twice in a row: "Find a red Lakme matte matte lipstick." (blind round 71).
  if (/\b(\w+)\s+\1\b/i.test(task)) return false;
  if (s.product_type) {
    if (!has(task, typeNoun(s.product_type)) && !has(task, typeStem(s.product_type))) return false;
  }
  if (s.color && !has(task, s.color)) return false;
  if (s.brand && !has(task, s.brand)) return false;
  if (s.size && !new RegExp(`\\b${escape(s.size)}\\b`, "i").test(task)) return false;
  if (s.gender && !has(task, `for ${s.gender}`)) return false;
  if (s.price_max !== undefined && !has(task, `$${s.price_max}`)) return false;
  if (s.price_min !== undefined && !has(task, `$${s.price_min}`)) return false;
  // No price the slots do not hold: "Find a brown sunglasses for men between $summer." (blind round 42, "how much r they").
  const prices = [s.price_min, s.price_max].filter((p) => p !== undefined).map(String);
  if ([...task.matchAll(/\$\s*([^\s,]*)/g)].some((m) => !prices.includes(m[1]!.replace(/\.$/, "")))) return false;
  if (/\bbetween\b/i.test(task) && (s.price_min === undefined || s.price_max === undefined)) return false;
  // Nor a count: "Find 2 watch for men under $2." for "watches under 2 dollars" (blind round 43).
  const count = /^\s*(?:find|buy)\s+(\d+)\b/i.exec(task)?.[1];
  if (count !== undefined && Number(count) !== (s.quantity ?? 1)) return false;
  // What is left once the slots' own words are removed must name no other colour (written in
  // lower case in a task) or brand (written as the catalog spells it).
  let rest = task;
  for (const v of [s.color, s.brand]) if (v) rest = rest.replace(new RegExp(escape(v), "gi"), " ");
  const { colors, brands } = matchersOf(known);
  if (colors?.test(rest.toLowerCase()) || brands?.test(rest)) return false;
  // Nor a name no catalog holds: a task writes a brand capitalized and everything else but its first
  // word in lower case, so a capitalized word beyond the slots' is a made-up brand ("Find a grey
  // melange Guka lohio ankle socks": the translator was trained with invented brand names to copy).
  if (/\s[A-Z][a-z]/.test(rest.replace(/^\s*\S+/, ""))) return false;
  // Nor any word the slots do not hold: "Find a intense muffler for men." for "a warm muffler"
  // (blind round 66) told the shopper about "19 intense mufflers".
  return unexplainedWords(task, s).length === 0;
}

/** The words of a task's own frame: "Find 2 ... for men under $50.", "Buy a ... between $10 and $20." */
const FRAME_WORDS: ReadonlySet<string> = new Set(["find", "buy", "a", "an", "for", "under", "over", "between", "and", "product"]);

/** A word and its plural or singular ("muffler" / "mufflers", "dress" / "dresses"). */
const forms = (w: string): string[] => [w, `${w}s`, `${w}es`, w.replace(/e?s$/, "")];

/** The words of a task that neither its frame nor the slots' values hold (numbers and prices aside). */
export function unexplainedWords(task: string, s: NormalizedSlots): string[] {
  const values = [s.color, s.brand, s.size, s.usage, s.season, s.gender, s.product_type, s.product_type && typeNoun(s.product_type), ...(s.features ?? [])];
  const known = new Set(values.flatMap((v) => (v ? v.toLowerCase().split(/[^\p{L}\p{N}]+/u) : [])).flatMap(forms));
  const words = task.toLowerCase().replace(/\$\s*[\d.,]+/g, " ").split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "" && !/^\d+$/.test(w));
  return words.filter((w) => !FRAME_WORDS.has(w) && !known.has(w));
}
