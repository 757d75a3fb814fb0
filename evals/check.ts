/**
 * Checking one turn's observation against its `expect`. Every listed key becomes one or more
 * checks (one per expected slot, so slot metrics fall out of the same records).
 */
import type { Expect, ProductsExclude, ProductsMatch, SlotsExpect } from "./dialogue.js";
import type { Observation, ObservedProduct } from "./observation.js";

export interface Check {
  /** "intent", "slots.color", "state", "task_contains", "products_match", "reply_contains", ... */
  key: string;
  pass: boolean;
  expected: unknown;
  got: unknown;
}

/** Comparable text of a scalar; objects (never valid slot values) compare as their JSON. */
const norm = (v: unknown) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)).trim().toLowerCase();

/** Does an observed slot value satisfy the expected one? Strings case-insensitively, numbers numerically, features as a subset. */
export function slotMatches(key: keyof SlotsExpect, expected: string | number | string[], got: unknown): boolean {
  if (got === undefined || got === null) return false;
  if (key === "features") {
    const have = new Set((Array.isArray(got) ? (got as unknown[]) : norm(got).split(",")).map(norm));
    return (expected as string[]).every((f) => have.has(norm(f)));
  }
  if (typeof expected === "number") return Number(got) === expected;
  return norm(got) === norm(expected);
}

/** The first field of `match` the product fails, or null when it satisfies them all. */
export function productMismatch(p: ObservedProduct, match: ProductsMatch): string | null {
  for (const [field, want] of Object.entries(match) as [keyof ProductsMatch, ProductsMatch[keyof ProductsMatch]][]) {
    if (want === undefined) continue;
    if (field === "price") {
      const r = want as { min?: number; max?: number };
      if ((r.min !== undefined && p.price < r.min) || (r.max !== undefined && p.price > r.max)) return `price ${p.price}`;
      continue;
    }
    const options = (want as (string | number)[]).map(norm);
    if (field === "sizes") {
      if (!options.some((o) => p.sizes.map(norm).includes(o))) return `sizes ${p.sizes.join("/")}`;
    } else if (field === "name") {
      if (!options.some((o) => norm(p.name).includes(o))) return `name ${JSON.stringify(p.name)}`;
    } else {
      const value = p[field];
      if (value === null || !options.includes(norm(value))) return `${field} ${JSON.stringify(value)}`;
    }
  }
  return null;
}

/** The first field of `exclude` the product has, or null when it has none of them. */
export function productExcludedBy(p: ObservedProduct, exclude: ProductsExclude): string | null {
  for (const [field, values] of Object.entries(exclude) as [keyof ProductsExclude, (string | number)[] | undefined][]) {
    if (values === undefined) continue;
    const options = values.map(norm);
    if (field === "name") {
      if (options.some((o) => norm(p.name).includes(o))) return `name ${JSON.stringify(p.name)}`;
    } else {
      const value = p[field];
      if (value !== null && options.includes(norm(value))) return `${field} ${JSON.stringify(value)}`;
    }
  }
  return null;
}

const brief = (p: ObservedProduct) => `#${p.id} ${p.name}`;

/** All checks for one turn. `earlierOrders` are order ids already seen in this conversation. */
export function checkTurn(expect: Expect | undefined, o: Observation, earlierOrders: ReadonlySet<string>): Check[] {
  if (!expect) return [];
  const checks: Check[] = [];
  if (expect.intent !== undefined) checks.push({ key: "intent", pass: o.intent === expect.intent, expected: expect.intent, got: o.intent });
  if (expect.slots) {
    for (const [k, want] of Object.entries(expect.slots) as [keyof SlotsExpect, string | number | string[]][]) {
      const got = o.slots[k];
      checks.push({ key: `slots.${k}`, pass: slotMatches(k, want, got), expected: want, got: got ?? null });
    }
  }
  if (expect.state !== undefined) checks.push({ key: "state", pass: o.state === expect.state, expected: expect.state, got: o.state });
  if (expect.task_contains) {
    const task = o.task === null ? null : norm(o.task);
    const missing = expect.task_contains.filter((w) => task === null || !task.includes(norm(w)));
    checks.push({ key: "task_contains", pass: missing.length === 0, expected: expect.task_contains, got: o.task });
  }
  if (expect.products_match) {
    const m = expect.products_match;
    const bad = o.products.map((p) => ({ p, why: productMismatch(p, m) })).filter((x) => x.why !== null);
    const got = o.products.length === 0 ? "no products returned" : bad.length === 0 ? `${o.products.length} products, all matching` : `${bad.length}/${o.products.length} products do not match, e.g. ${brief(bad[0]!.p)}: ${bad[0]!.why}`;
    checks.push({ key: "products_match", pass: o.products.length > 0 && bad.length === 0, expected: m, got });
  }
  if (expect.excluded) {
    const held: Record<string, string[] | undefined> = o.excluded;
    for (const [k, want] of Object.entries<string[] | undefined>(expect.excluded)) {
      if (!want) continue;
      const have = (held[k] ?? []).map(norm);
      checks.push({ key: `excluded.${k}`, pass: want.every((w) => have.includes(norm(w))), expected: want, got: held[k] ?? [] });
    }
  }
  if (expect.products_exclude) {
    const x = expect.products_exclude;
    const bad = o.products.map((p) => ({ p, why: productExcludedBy(p, x) })).filter((b) => b.why !== null);
    const got = bad.length === 0 ? `${o.products.length} products, none excluded` : `${bad.length}/${o.products.length} products are excluded, e.g. ${brief(bad[0]!.p)}: ${bad[0]!.why}`;
    checks.push({ key: "products_exclude", pass: bad.length === 0, expected: x, got });
  }
  const reply = norm(o.reply);
  if (expect.reply_contains) {
    const missing = expect.reply_contains.filter((w) => !reply.includes(norm(w)));
    checks.push({ key: "reply_contains", pass: missing.length === 0, expected: expect.reply_contains, got: o.reply });
  }
  if (expect.reply_not_contains) {
    const present = expect.reply_not_contains.filter((w) => reply.includes(norm(w)));
    checks.push({ key: "reply_not_contains", pass: present.length === 0, expected: expect.reply_not_contains, got: o.reply });
  }
  if (expect.order_placed !== undefined) {
    const placed = o.order !== null && !earlierOrders.has(o.order.orderId);
    checks.push({ key: "order_placed", pass: placed === expect.order_placed, expected: expect.order_placed, got: placed ? o.order!.orderId : false });
  }
  return checks;
}
