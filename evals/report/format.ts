/** Number formatting shared by the Markdown and HTML reports. */
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? "n/a" : `${(x * 100).toFixed(1)}%`);
export const num = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? "n/a" : x.toFixed(digits));
export const ms = (x: number | null | undefined) => (x === null || x === undefined ? "n/a" : `${Math.round(x).toLocaleString("en-US")} ms`);
/** A value as short one-line text for a table cell. */
export function short(v: unknown, max = 120): string {
  const s = typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
