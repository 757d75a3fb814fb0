/**
 * From the encoder's per-word BIO tags to entity spans: a B tag opens a span, an I tag of the same
 * key and role extends the open one (an I without a matching open span opens one, as a model's
 * slip is likelier a missed B than a stray word). Pure, unit-tested.
 */
import { ROLES, SLOT_KEYS, type Role, type SlotKey } from "../contract/index.js";
import type { TaggedWord } from "../models/runtime/encoder.js";

export interface RawSpan {
  key: SlotKey;
  role: Role;
  start: number;
  end: number;
  /** The lowest tag probability of its words. */
  confidence: number;
}

const isKey = (k: string): k is SlotKey => (SLOT_KEYS as readonly string[]).includes(k);
const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

export function parseTag(tag: string): { bio: "B" | "I"; key: SlotKey; role: Role } | null {
  const m = /^([BI])-(.+)-(wanted|excluded|dont_care)$/.exec(tag);
  if (!m || !isKey(m[2]!) || !isRole(m[3]!)) return null;
  return { bio: m[1] as "B" | "I", key: m[2], role: m[3] };
}

export function spansOf(words: readonly TaggedWord[]): RawSpan[] {
  const spans: RawSpan[] = [];
  let open: RawSpan | null = null;
  for (const w of words) {
    const t = parseTag(w.tag);
    if (!t) {
      open = null;
      continue;
    }
    if (t.bio === "I" && open && open.key === t.key && open.role === t.role) {
      open.end = w.end;
      open.confidence = Math.min(open.confidence, w.p);
      continue;
    }
    // A piece written onto the open span with no space ("ray" + "-ban") is the same word: one
    // span, in the role of its last piece (the head of a compound; "ban" made "ray" look excluded).
    if (open && open.key === t.key && w.start === open.end) {
      open.end = w.end;
      open.role = t.role;
      open.confidence = Math.min(open.confidence, w.p);
      continue;
    }
    open = { key: t.key, role: t.role, start: w.start, end: w.end, confidence: w.p };
    spans.push(open);
  }
  return spans;
}
