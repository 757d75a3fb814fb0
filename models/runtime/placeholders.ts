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
