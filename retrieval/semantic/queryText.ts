/**
 * The shopper's words as hybrid ranking embeds them: what they ruled out is cut, with the words
 * that ruled it out, so "jeans not blue" is compared with products as "jeans". Which words are
 * ruled out is the understanding component's reading (entities with the role `excluded`); this
 * only removes them from the text. Pure, unit-tested.
 */

/** Words that rule out what follows them within a few words ("not a leather strap", "anything but Nike"). */
const CUE = /\b(?:not|no|non|without|except|nothing|avoid|never|anything but|other than|rather than|instead of|hates?|can'?t stand|done with|sick of|tired of|skip)\b/gi;
const CUE_REACH = 3;

/** Spaces left by a cut closed up, and none before punctuation. */
const tidy = (text: string) => text.replace(/\s+([,.!?])/g, "$1").replace(/\s+/g, " ").trim();

export interface TextSpan {
  start: number;
  end: number;
}

/** The text with each span removed, together with a negation cue at most CUE_REACH words before it. */
export function withoutExcluded(text: string, spans: readonly TextSpan[]): string {
  let out = text;
  for (const s of [...spans].sort((a, b) => b.start - a.start)) {
    if (s.start < 0 || s.end > out.length || s.end <= s.start) continue;
    const before = out.slice(0, s.start);
    let cut = s.start;
    for (const m of before.matchAll(CUE)) {
      const between = before.slice(m.index + m[0].length).trim();
      if (between.split(/\s+/).filter(Boolean).length <= CUE_REACH) {
        cut = m.index;
        break;
      }
    }
    out = `${out.slice(0, cut)} ${out.slice(s.end)}`;
  }
  return tidy(out);
}

/** Where ruled-out values appear in a text (whole words, any case): for turns whose reading is gone. */
export function spansOfWords(text: string, words: readonly string[]): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const w of words) {
    const escaped = w.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (!escaped) continue;
    for (const m of text.matchAll(new RegExp(`\\b${escaped}\\b`, "gi"))) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

/**
 * The text without the numbers the slots already hold (size, prices, count): those are filters, and
 * left in the words they lift products whose names hold the same digits ("trainers uk 10" ranked
 * Nike "Force 10" first, blind round 42). Numbers no slot took stay ("levis 501").
 */
export function withoutSlotNumbers(text: string, numbers: readonly (string | number | undefined)[]): string {
  const held = numbers.filter((n): n is string | number => n !== undefined && /^\d+(\.\d+)?$/.test(String(n))).map(String);
  if (held.length === 0) return text;
  const spans = spansOfWords(text, held).sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = `${out.slice(0, s.start)} ${out.slice(s.end)}`;
  return tidy(out);
}

/** The numbers a search filters on: size, price bounds and count. */
export const slotNumbers = (slots: { size?: string; price_min?: number; price_max?: number; quantity?: number }) => [slots.size, slots.price_min, slots.price_max, slots.quantity];
