/**
 * Slots -> one MongoDB query document. Pure: the same document runs on MongoDB and on the
 * embedded executor. Values are vocabulary values, numbers, or plain strings under equality /
 * $in, never regexes or operators built from user text.
 */
import type { Filter } from "mongodb";
import { textKey } from "./catalog/text.js";
import type { Product } from "./catalog/products.js";
import type { NormalizedSlots, SlotKey } from "./slots.js";

/**
 * The order in which constraints are relaxed when nothing matches: least important to the shopper
 * first. The product type is never relaxed (a belt is no answer to a request for shoes).
 */
export const RELAXATION_ORDER = [
  "season", // when it was catalogued matters least
  "usage",
  "gender_unisex", // widen Men/Women to include Unisex items
  "stock", // keep the size but show items whose stock is short of the quantity
  "size",
  "brand",
  "color",
  "price",
  "gender",
] as const;
export type RelaxationStep = (typeof RELAXATION_ORDER)[number];

export interface Relaxation {
  step: RelaxationStep;
  /** What the shopper asked for that no longer constrains the results. */
  requested: string;
}

/** The slot keys each step lets go of. */
const STEP_KEYS: Record<RelaxationStep, readonly SlotKey[]> = {
  season: ["season"], usage: ["usage"], gender_unisex: ["gender"], stock: ["quantity"], size: ["size"], brand: ["brand"],
  color: ["color"], price: ["price_min", "price_max"], gender: ["gender"],
};

/**
 * Which steps apply to these slots (a step without its slot relaxes nothing), in RELAXATION_ORDER,
 * except that the steps of `last` (what the shopper named this very turn: "what about puma?") come
 * after all others: a brand just asked for is not the first thing given up.
 */
export function applicableSteps(slots: NormalizedSlots, last: readonly SlotKey[] = []): Relaxation[] {
  const steps = orderedSteps(slots);
  const kept = (r: Relaxation) => STEP_KEYS[r.step].some((k) => last.includes(k));
  return [...steps.filter((r) => !kept(r)), ...steps.filter(kept)];
}

function orderedSteps(slots: NormalizedSlots): Relaxation[] {
  const steps: Relaxation[] = [];
  const add = (step: RelaxationStep, requested: string | number | undefined) => {
    if (requested !== undefined) steps.push({ step, requested: String(requested) });
  };
  add("season", slots.season);
  add("usage", slots.usage);
  if (slots.gender === "Men" || slots.gender === "Women") add("gender_unisex", slots.gender);
  add("stock", slots.quantity !== undefined && slots.quantity > 1 ? `${slots.quantity} units` : undefined);
  add("size", slots.size);
  add("brand", slots.brand);
  add("color", slots.color);
  if (slots.price_min !== undefined || slots.price_max !== undefined) {
    add("price", `${slots.price_min ?? 0}-${slots.price_max ?? "any"}`);
  }
  add("gender", slots.gender);
  return steps.sort((a, b) => RELAXATION_ORDER.indexOf(a.step) - RELAXATION_ORDER.indexOf(b.step));
}

/** Values the shopper ruled out, in catalog form (brands as brand keys, features as text keys). Never relaxed. */
export interface Exclusions {
  product_type?: string[];
  color?: string[];
  brand?: string[];
  gender?: string[];
  usage?: string[];
  season?: string[];
  features?: string[];
}

const EXCLUDED_FIELD: Record<keyof Exclusions, keyof Product> = {
  product_type: "articleType", color: "baseColour", brand: "brandKey", gender: "gender", usage: "usage", season: "season", features: "features",
};

/** The query document for these slots with the given steps relaxed. */
export function buildFilter(slots: NormalizedSlots, relaxed: ReadonlySet<RelaxationStep> = new Set(), exclude: Exclusions = {}): Filter<Product> {
  const clauses: Filter<Product>[] = [];
  if (slots.product_type) clauses.push({ articleType: slots.product_type });
  if (slots.gender && !relaxed.has("gender")) {
    const widen = relaxed.has("gender_unisex") && slots.gender !== "Unisex";
    clauses.push(widen ? { gender: { $in: [slots.gender, "Unisex"] } } : { gender: slots.gender });
  }
  if (slots.color && !relaxed.has("color")) clauses.push({ baseColour: slots.color });
  if (slots.brand && !relaxed.has("brand")) clauses.push({ brandKey: textKey(slots.brand) });
  if (slots.usage && !relaxed.has("usage")) clauses.push({ usage: slots.usage });
  if (slots.season && !relaxed.has("season")) clauses.push({ season: slots.season });
  if (!relaxed.has("price")) {
    const price: { $gte?: number; $lte?: number } = {};
    if (slots.price_min !== undefined) price.$gte = slots.price_min;
    if (slots.price_max !== undefined) price.$lte = slots.price_max;
    if (Object.keys(price).length > 0) clauses.push({ price });
  }
  // Availability: the requested size (if any) with enough units for the quantity (default 1).
  // `size` is a vocabulary value, so the dotted path cannot be shaped by user text.
  const quantity = relaxed.has("stock") ? 1 : (slots.quantity ?? 1);
  if (!relaxed.has("size")) {
    clauses.push(slots.size ? { [`stock.${slots.size}`]: { $gte: quantity } } : { maxStock: { $gte: quantity } });
  }
  for (const [key, values] of Object.entries(exclude) as [keyof Exclusions, string[] | undefined][]) {
    if (values && values.length > 0) clauses.push({ [EXCLUDED_FIELD[key]]: { $nin: values } });
  }
  return topLevel(clauses);
}

/** `filter` with one more condition, kept at the top level when its field is free (see topLevel). */
export function narrowed(filter: Filter<Product>, clause: Filter<Product>): Filter<Product> {
  const had = idList(filter);
  const add = idList(clause);
  // Two id lists make one: their intersection (a store can then read exactly those documents).
  if (had && add) {
    const keep = new Set(add);
    return { ...filter, _id: { $in: had.filter((id) => keep.has(id)) } };
  }
  return topLevel([...splitTopLevel(filter), clause]);
}

/** The ids a filter is limited to by a top-level `_id: {$in: [...]}`, if any. */
export function idList(filter: Filter<Product>): number[] | undefined {
  const list = (filter as { _id?: { $in?: unknown } })._id?.$in;
  return Array.isArray(list) ? list.filter((x): x is number => typeof x === "number") : undefined;
}

/** A top-level document back into one clause per field (its `$and` clauses last). */
function splitTopLevel(filter: Filter<Product>): Filter<Product>[] {
  const out: Filter<Product>[] = [];
  for (const [field, condition] of Object.entries(filter) as [string, unknown][]) {
    if (field === "$and" && Array.isArray(condition)) out.push(...(condition as Filter<Product>[]));
    else out.push({ [field]: condition });
  }
  return out;
}

/**
 * One document with each field at the top level (equalities first), `$and` only for a field met
 * twice: the same query, in the shape FerretDB pushes down to PostgreSQL (a top-level equality
 * is an index lookup there; inside `$and` every document is decoded).
 */
function topLevel(clauses: readonly Filter<Product>[]): Filter<Product> {
  const doc: Record<string, unknown> = {};
  const rest: Filter<Product>[] = [];
  for (const clause of clauses) {
    const entries: [string, unknown][] = Object.entries(clause);
    const [field, condition] = entries[0] ?? ["", undefined];
    if (entries.length !== 1 || field in doc || field.startsWith("$")) rest.push(clause);
    else doc[field] = condition;
  }
  if (rest.length > 0) doc.$and = rest;
  return doc;
}

/** Result order inside one score tier: newest first, id as the tie-breaker (deterministic on both executors). */
export const RESULT_SORT = { year: -1, _id: 1 } as const;
