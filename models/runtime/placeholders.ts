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
