/**
 * Tagged spans the catalog has no value for, repaired from the catalog's own words (not from
 * phrasings): the encoder found the right place but cut the words short ("mushroom" of "mushroom
 * brown", tagged as a colour), or put a misspelt value under the wrong key ("lavendar" read as a
 * brand). Pure, unit-tested.
 */
import type { SlotKey } from "../contract/index.js";
import { textKey } from "../retrieval/catalog/text.js";
import { isFeatureWord, isKnownWord } from "../retrieval/lexicon.js";
import type { Vocabulary } from "../retrieval/vocabulary.js";
import { normalizeSpan } from "./normalize.js";
import type { ReadEntity } from "./reading.js";

/** Keys whose values are catalog words a span can be widened to or re-read under. */
const CLOSED_KEYS = ["color", "product_type", "brand", "gender", "usage", "season"] as const satisfies readonly SlotKey[];
type ClosedKey = (typeof CLOSED_KEYS)[number];
const isClosed = (k: SlotKey): k is ClosedKey => (CLOSED_KEYS as readonly SlotKey[]).includes(k);

/** At most this many neighbour words join a span ("mushroom" + "brown"; "navy" + "blue"). */
const MAX_WIDEN = 2;

/**
 * Each unvalued span of a closed key: first widened over up to two neighbour words (longest first)
 * to a phrase its key's table holds exactly, when those words belong to no other entity. Else, for
 * words no dictionary holds: joined with a neighbouring value they complete under its key (slips
 * included), or re-read under the one other key not yet named that reads them as a value.
 */
export function repairUnvalued(text: string, entities: readonly ReadEntity[], vocab: Vocabulary): ReadEntity[] {
  const out: ReadEntity[] = [];
  const absorbed = new Set<ReadEntity>();
  for (const e of entities) {
    if (absorbed.has(e)) continue;
    out.push(repaired(text, e, entities, vocab, absorbed));
  }
  // A neighbour merged into an earlier span is dropped from the output too.
  return out.filter((e) => !absorbed.has(e));
}

function repaired(text: string, e: ReadEntity, entities: readonly ReadEntity[], vocab: Vocabulary, absorbed: Set<ReadEntity>): ReadEntity {
  const key = e.key;
  if (e.value !== null || e.role === "dont_care" || e.start < 0 || !isClosed(key)) return e;
  const widened = widenToValue(text, e, key, entities, vocab);
  if (widened) return widened;
  // Joined with the next or previous tagged word, the span names its own key's value exactly ("ray" +
  // "ban", read as caps: Ray-Ban, blind round 67).
  const joined = joinedToOwnValue(text, e, key, entities, vocab);
  if (joined) {
    absorbed.add(joined.neighbour);
    return joined.entity;
  }
  // A slip next to a value it completes ("navey" + the colour "blue"): one span, that key's longer
  // value. A dictionary word only completes a product type the catalog names ("Nehru", read as a
  // brand, + "jacket": Nehru Jackets, blind round 48).
  const word = textKey(e.text);
  const known = isKnownWord(word);
  for (const o of entities) {
    if (o === e || o.start < 0 || o.value === null || o.role !== e.role || !isClosed(o.key) || absorbed.has(o) || (known && o.key !== "product_type")) continue;
    const [a, b] = o.start < e.start ? [o, e] : [e, o];
    if (!/^\s+$/.test(text.slice(a.end, b.start))) continue;
    const said = text.slice(a.start, b.end);
    const value = normalizeSpan(o.key, said, vocab);
    // A longer value that holds the neighbour's ("Navy Blue" of "Blue"), not another reading of its words
    // ("sports shoes pnik" read by its head as Casual Shoes).
    if (typeof value !== "string" || value === o.value || !textKey(value).includes(textKey(String(o.value)))) continue;
    absorbed.add(o);
    return { ...e, key: o.key, text: said, start: a.start, end: b.end, value, source: "rule:widened" };
  }
  // A material or pattern tagged as a colour ("it mustn't have any wool in it": blind round 52 read
  // "wool" as a colour the catalog lacks, and the shopper's rule went unheard) is the catalog's feature
  // word, in the role the encoder gave it.
  if (key === "color" && (isFeatureWord(word) || vocab.features.includes(word))) return { ...e, key: "features", value: word, source: "rule:rekeyed" as const };
  // A colour named exactly, tagged under another key ("the red wildcraft cruiser backpack": "red" read
  // as part of the brand, blind round 55), is the colour, when no colour is named yet.
  const colour = key !== "color" ? vocab.lookup.color.get(word) : undefined;
  if (colour !== undefined && !entities.some((o) => o.key === "color" && o.value !== null && o.role === "wanted")) return { ...e, key: "color", value: colour, source: "rule:rekeyed" as const };
  // Only a word no dictionary holds is a slip to re-read ("lavendar", "bronz"): an English word
  // tagged under the wrong key is no evidence for another ("sports watch" is no usage filter, "a
  // gift for my boss" no Boss, "bus" no blouse).
  if (known) return e;
  // Else the one other key not yet named that reads it ("kurta set with dupatta" keeps its kurta set).
  const named = new Set(entities.filter((o) => o.value !== null && o.role === "wanted").map((o) => o.key));
  const readings = CLOSED_KEYS.filter((k) => k !== key && !named.has(k)).flatMap((other) => {
    const value = normalizeSpan(other, e.text, vocab);
    return value === null ? [] : [{ key: other, value }];
  });
  return readings.length === 1 ? { ...e, ...readings[0]!, source: "rule:rekeyed" as const } : e;
}

interface Word {
  start: number;
  end: number;
}

function widenToValue(text: string, e: ReadEntity, key: ClosedKey, entities: readonly ReadEntity[], vocab: Vocabulary): ReadEntity | null {
  const words: Word[] = [...text.matchAll(/[\p{L}\p{N}'-]+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const first = words.findIndex((w) => w.end > e.start);
  const last = words.findLastIndex((w) => w.start < e.end);
  if (first < 0 || last < first) return null;
  const free = (w: Word) => !entities.some((o) => o !== e && o.start >= 0 && o.start < w.end && w.start < o.end);
  const table = vocab.lookup[key];
  const candidates: { start: number; end: number; size: number }[] = [];
  for (let before = 0; before <= MAX_WIDEN; before++) {
    for (let after = 0; after <= MAX_WIDEN - before; after++) {
      if (before + after === 0) continue;
      const a = first - before;
      const b = last + after;
      if (a < 0 || b >= words.length) continue;
      const added = [...words.slice(a, first), ...words.slice(last + 1, b + 1)];
      if (!added.every(free)) continue;
      candidates.push({ start: words[a]!.start, end: words[b]!.end, size: before + after });
    }
  }
  candidates.sort((x, y) => y.size - x.size);
  for (const c of candidates) {
    const said = text.slice(c.start, c.end);
    const value = table.get(textKey(said));
    if (value !== undefined) return { ...e, text: said, start: c.start, end: c.end, value, source: "rule:widened" };
  }
  return null;
}

/** The span and one adjacent tagged word, when together they are exactly a value of the span's own key. */
function joinedToOwnValue(text: string, e: ReadEntity, key: ClosedKey, entities: readonly ReadEntity[], vocab: Vocabulary): { entity: ReadEntity; neighbour: ReadEntity } | null {
  for (const o of entities) {
    // Not a neighbour of the same key: "mushroom" next to the colour "brown" is widenToValue's to judge.
    if (o === e || o.start < 0 || o.key === key) continue;
    const [a, b] = o.start < e.start ? [o, e] : [e, o];
    if (!/^\s+$/.test(text.slice(a.end, b.start))) continue;
    const said = text.slice(a.start, b.end);
    const value = normalizeSpan(key, said, vocab);
    if (typeof value === "string" && textKey(value) === textKey(said)) return { entity: { ...e, text: said, start: a.start, end: b.end, value, source: "rule:widened" }, neighbour: o };
  }
  return null;
}
