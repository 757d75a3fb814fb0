/**
 * How many products the shopper wants, where the encoder's reading falls short on bulk and group
 * orders (blind round 60): a number that counts people is no quantity, size or price ("two more
 * lads joined", "8 dost", "caps for around 15 kids"), though the people a request is for say how
 * many products it is ("caps for 15 kids", "gifts for 18 clients"); a number the words call the
 * count is the quantity ("reduce the count to 25"); and a number right before the product's name
 * counts it ("6 golden clutches", "150 black caps"), unless a size or money word says otherwise.
 * Pure, unit-tested (test/nlu.counts.test.ts).
 */
import { COUNT_WORDS, TEEN_WORDS, TENS_WORDS, UNIT_WORDS, wordsNumber } from "../retrieval/numberWords.js";
import { MAX_QUANTITY } from "../retrieval/slots.js";
import type { Vocabulary } from "../retrieval/vocabulary.js";
import { NUMBER_KEYS } from "./people.js";
import type { ReadEntity } from "./reading.js";

/** A number as shoppers write one for a count: digits, or words ("twelve", "fifteen", "twenty five"). */
const NUMBER = `\\d{1,4}|(?:${Object.keys(TENS_WORDS).join("|")})(?:[\\s-]+(?:${UNIT_WORDS}))?|${Object.keys(TEEN_WORDS).join("|")}|${Object.keys(COUNT_WORDS).filter((w) => !["a", "an", "single", "pair", "couple", "dozen"].includes(w)).join("|")}`;

/** People counted in a request, in English and the Hinglish shoppers write ("dost"). */
const PEOPLE =
  "people|persons|guys|girls|boys|ladies|gents|lads|kids|children|friends|dost|dosts|colleagues|coworkers|co-workers|clients|customers|guests|staff|employees|members|students|players|cousins|brothers|sisters|sons|daughters|nephews|nieces|bridesmaids|groomsmen|teammates|joiners|relatives|uncles|aunts|aunties|teachers|volunteers|participants|attendees|of us";

/** "15 kids", "two more lads", "5 of my cousins": a number, what it says of the people, and the people. */
const PEOPLE_COUNT = new RegExp(`\\b(${NUMBER})\\s+(?:(more|extra|other|new|little|young)\\s+|of (?:my|our) )?(?:${PEOPLE})\\b`, "gi");
/** Before a number: it is a size ("size 13 kids"). */
const SIZE_BEFORE = /\b(?:size|sz|uk|us|eu)\s*$/i;

/** Before a people count, words that make it the number of products: "for 15 kids", "for around 15 kids". */
const FOR_BEFORE = /\bfor\s+(?:(?:the|all|all the|my|our|his|her|their|around|about|roughly|approx\.?|approximately|nearly|like)\s+)*$/i;
/** "a team of 11", "a group of 6". */
const GROUP_OF = new RegExp(`\\b(?:team|group|squad|batch|class|family|party|gang) of (${NUMBER})\\b`, "i");
/** Words that give each of the people the same: "sabke liye" (for all), "L for all", "one each". */
export const FOR_EVERYONE = /\b(?:for (?:all|both|each|every one|everyone|everybody|all of (?:us|them)|each of (?:us|them|you))|(?:sabke|sab ke|sbke|dono ke) liye|one each|1 each)\b/gi;
/** How near after the people counted those words must be ("8 dost, sabke liye black flip flops"). */
const FOR_EVERYONE_REACH = 25;
const FOR_EVERYONE_ONCE = new RegExp(FOR_EVERYONE.source, "i");

interface PeopleCount {
  n: number;
  start: number;
  end: number;
  /** Where the people's word ends. */
  wordsEnd: number;
  /** "two more lads": a change to a count said before, never a count of products itself. */
  relative: boolean;
  /** "for 15 kids", "8 dost ... sabke liye": the people the products are for, one each. */
  recipients: boolean;
}

/** Every count of people the message states. */
export function peopleCounts(text: string): PeopleCount[] {
  const out: PeopleCount[] = [];
  for (const m of text.matchAll(PEOPLE_COUNT)) {
    const n = /^\d/.test(m[1]!) ? Number(m[1]) : wordsNumber(m[1]!.replace(/-/g, " "));
    if (n === null || n < 1) continue;
    if (SIZE_BEFORE.test(text.slice(0, m.index))) continue;
    const relative = m[2] !== undefined && /^(?:more|extra|other)$/i.test(m[2]);
    const wordsEnd = m.index + m[0].length;
    const forEveryone = FOR_EVERYONE_ONCE.test(text.slice(wordsEnd, wordsEnd + FOR_EVERYONE_REACH));
    out.push({ n, start: m.index, end: m.index + m[1]!.length, wordsEnd, relative, recipients: !relative && (FOR_BEFORE.test(text.slice(0, m.index)) || forEveryone) });
  }
  const group = GROUP_OF.exec(text);
  const n = group ? wordsNumber(group[1]!) ?? Number(group[1]) : null;
  if (group && n !== null && n >= 1) {
    const start = group.index + group[0].length - group[1]!.length;
    out.push({ n, start, end: start + group[1]!.length, wordsEnd: start + group[1]!.length, relative: false, recipients: true });
  }
  return out;
}

/**
 * The entities with counts of people taken out of quantities, sizes and prices ("need 4 white
 * kurtas for me, my dad and my two brothers" is 4 kurtas; "8 dost" is no size 8), and, where no
 * other quantity is read and a product is named, the number of people the products are for as the
 * quantity ("caps for around 15 kids": 15).
 */
export function withPeopleCounted(text: string, entities: readonly ReadEntity[]): readonly ReadEntity[] {
  // "2 boys tshirts", "3 kids caps": the people's word names whose range, and the number counts the products.
  const products = entities.filter((e) => e.key === "product_type" && e.start >= 0);
  const counts = peopleCounts(text).filter((c) => !products.some((p) => p.start >= c.wordsEnd && /^[\s'’s]*$/.test(text.slice(c.wordsEnd, p.start))));
  if (counts.length === 0) return entities;
  const kept = entities.filter((e) => !(NUMBER_KEYS.has(e.key) && e.start >= 0 && counts.some((c) => e.start < c.end && c.start < e.end)));
  const namesProduct = kept.some((e) => e.key === "product_type" && e.role === "wanted");
  const recipients = counts.find((c) => c.recipients);
  if (!recipients || !namesProduct || kept.some((e) => e.key === "quantity" && e.value !== null)) return kept;
  return [...kept, { key: "quantity", role: "wanted", text: text.slice(recipients.start, recipients.end), start: recipients.start, end: recipients.end, value: recipients.n, confidence: 1, source: "rule:people_count" }];
}

/** Words before a number that call it the count: "reduce the count to 25", "quantity: 12", "change qty to 8". */
const COUNT_WORD_BEFORE = /\b(?:count|quantity|qty|number of (?:pieces|pcs|units|items|pairs))\s*(?:to|of|is|=|:|as|from \d+ to)?\s*$/i;

/** "make it 8": a count or a size, as the rest of the message says. */
const MAKE_IT_BEFORE = /\b(?:make|change) (?:it|that|this|them)(?: to)?\s*$/i;

/** Words before a number that make it a size or money, never a count. */
const SIZE_OR_MONEY_BEFORE = /(?:\b(?:(?:size|sz|budget|waist)(?:\s*(?:is|of|=|:))?|uk|us|eu|a|an|in a|in an|wear|under|below|over|above|max|upto|up to|within|less than|more than|around|about|between|and|to|at|for|rs\.?|inr|usd)|[$₹£€:])\s*$/i;
/** A size this high before a product's name is a waist ("32 slim fit jeans"), not a count. */
const LOWEST_WAIST = 26;
/** After a number, words that make it money, a share or a size. */
const NOT_A_COUNT_AFTER = /^\s*(?:\$|₹|%|k\b|dollars?|bucks|rs\b|rupees|inr|usd|percent|size|no\.|number|max\b|maximum|tops\b|or (?:less|under|below|more|above)|budget)/i;
/** Up to three words (colours, materials) between a count and the product it counts. */
const WORDS_BETWEEN = /^(?:[\s,]+[\p{L}'-]+){0,3}[\s,]+$/u;

/**
 * "reduce the count to 25" (read as a $25 budget) and "6 golden clutches" (read as size 6): a
 * number the words call the count ("make it 8" where people are added or 8 is no size), or one that
 * a product's name follows within three words with no size or money word around it, is the quantity.
 * A plural name is needed for the second, and a size stays one before footwear ("9 sneakers") or as
 * a waist ("32 jeans").
 */
export function countsNamedAsSuch(text: string, entities: readonly ReadEntity[], vocab: Pick<Vocabulary, "numericSized">): readonly ReadEntity[] {
  if (entities.some((e) => e.key === "quantity" && e.value !== null)) return entities;
  const products = entities.filter((e) => e.key === "product_type" && e.role === "wanted" && e.start >= 0 && /s$/i.test(e.text.trim()));
  let done = false;
  // Read once, and only when "make it N" needs it.
  let peopleAdded: boolean | undefined;
  const addsPeople = () => (peopleAdded ??= peopleCounts(text).some((c) => c.relative));
  return entities.map((e) => {
    if (done || !NUMBER_KEYS.has(e.key) || e.key === "quantity" || e.start < 0 || e.role !== "wanted" || !/^\s*\d{1,4}\s*$/.test(e.text)) return e;
    const n = Number(e.text.trim());
    if (n < 1 || n > MAX_QUANTITY) return e;
    const before = text.slice(0, e.start);
    // "make it 14, two more lads joined": a count, where the number is no size the catalog has, or people are added.
    const moneyAfter = NOT_A_COUNT_AFTER.test(text.slice(e.end));
    const madeIt = MAKE_IT_BEFORE.test(before) && !moneyAfter && (e.key !== "size" || e.value === null || addsPeople());
    const named = madeIt || COUNT_WORD_BEFORE.test(before);
    // A size before a footwear name is a size ("he's a 10, need brown formal shoes"), and a high one a waist.
    const countedProduct = (p: ReadEntity) =>
      p.start > e.end && WORDS_BETWEEN.test(text.slice(e.end, p.start)) &&
      (e.key !== "size" || (n < LOWEST_WAIST && !(typeof p.value === "string" && vocab.numericSized.has(p.value))));
    const countsProduct = !SIZE_OR_MONEY_BEFORE.test(before) && !moneyAfter && products.some(countedProduct);
    if (!named && !countsProduct) return e;
    done = true;
    return { ...e, key: "quantity" as const, value: n, source: named ? ("rule:count_word" as const) : ("rule:count_before_product" as const) };
  });
}
