/**
 * Who the product is for, where the encoder's reading falls short. A child's age in a request ("my
 * daughter turns 6", "for my 8 year old", "10 saal ki hai") says who it is for, not a size, a price
 * or a quantity: the encoder tags such numbers as sizes or prices (blind round 16: "10 saal ki hai"
 * became size 10, "my son turns 10" a minimum price of $10) and reads "her" or "him" for the child as
 * Women or Men. A person named without a sex ("my colleague", "my kid") is the sex of the pronouns
 * the message speaks of them with. Pure, unit-tested.
 */
import type { SlotKey } from "../contract/index.js";
import { MEASURE_UNITS, MONEY_UNITS, TEEN_WORDS, TENS_WORDS, UNIT_WORDS, wordsNumber } from "../retrieval/numberWords.js";
import { numberOnlyWithin } from "./normalize.js";
import type { ReadEntity } from "./reading.js";

/** The catalog's age line: up to this age a person is a child (Boys, Girls). */
const CHILD_MAX_AGE = 14;

/** Words for a child, in English and in the Hinglish shoppers write ("beti", "bete"). */
const CHILD_WORDS = "daughter|son|kid|kiddo|child|children|nephew|niece|grandson|granddaughter|boy|girl|toddler|beti|bete|beta|bitiya";

const CHILD_WORD = new RegExp(`\\b(?:${CHILD_WORDS})s?\\b`, "i");

/** Grown-ups a shopper buys for, whose age is said the same way ("my dad is 70"). */
const GROWN_UPS = "dad|daddy|father|mom|mum|mummy|mother|papa|mama|grandpa|grandma|granny|grandad|granddad|grandfather|grandmother|nana|nani|dadi|husband|wife|uncle|aunt|aunty|auntie";

/** An age in words: "eighteen", "seventy four", "seventy-four", "nine". */
const AGE_WORDS = `(?:${Object.keys(TENS_WORDS).join("|")})(?:[\\s-](?:${UNIT_WORDS}))?|${Object.keys(TEEN_WORDS).join("|")}|ten|eleven|twelve|${UNIT_WORDS}`;

/**
 * "my dad is 70", "her brother Arjun, who is eight", "the eldest, Priya, is eleven" (blind round 74
 * searched 70 pairs of sandals and 8 of a boy's): a person's age, in digits or words; not a size said
 * the same way ("my husband is 32 waist", "my wife is 7 in shoes").
 */
const PERSON_AGE = new RegExp(
  `\\b(?:${CHILD_WORDS}|${GROWN_UPS}|brother|sister|lad|lass|cousin|twins|eldest|youngest|oldest|little one)s?(?:,?\\s+(?!(?:he|she|they|it|who|is|was|and|or|but|needs?|wants?|likes?|has|loves?)\\b)[a-z]+)?,?(?:\\s+(?:is|will be|who is|who's)|['’]s)\\s+(\\d{1,2}|${AGE_WORDS})\\b(?!\\s*(?:sizes?|of|more|pairs?|pieces?|units?|in|waist|uk|us|eu|and a half|${MEASURE_UNITS}|${MONEY_UNITS})\\b)`,
  "gi",
);
/** The grown-ups' words that start a PERSON_AGE match: their age is never a child's. */
const GROWN_UP_START = new RegExp(`^(?:${GROWN_UPS})s?\\b`, "i");

/**
 * Where a number is an age: "8 year old", "8-yr-old", "8 yrs", "8yo", "10 saal", "turns 6", "aged 9",
 * "my son is 7", and in words where nothing else can be meant ("turns eighteen", "a nine year old":
 * blind round 66 searched boys' watches for a grandson turning eighteen).
 */
const AGE_PATTERNS: readonly RegExp[] = [
  /\b(\d{1,2})\s*-?\s*(?:years?|yrs?|yo|y\/o|saal|sal)\b(?:\s*-?\s*old)?/gi,
  new RegExp(`\\b(${AGE_WORDS})\\s*-?\\s*(?:years?|yrs?)\\s*-?\\s*old\\b`, "gi"),
  new RegExp(`\\b(?:turns?|turning|turned|aged?)\\s+(\\d{1,2}|${AGE_WORDS})\\b(?!\\s+of\\b)`, "gi"),
  PERSON_AGE,
];

export interface Age {
  years: number;
  /** Where the number itself is written. */
  start: number;
  end: number;
}

/** "he's 10" is an age when the message is about a child ("my kid ... he's 10"), not a size. */
const PRONOUN_AGE = new RegExp(String.raw`\b(?:he|she|they)(?:'s|’s| is|s|'re|’re| are|re)\s+(\d{1,2})\b(?!\s*(?:\$|(?:k|${MONEY_UNITS}|${MEASURE_UNITS}|in|waist|size|uk|us|eu)\b))`, "gi");

/**
 * From this age "he is 74" is an age in any message: no size or waist is that large, so it tells
 * who the product is for without a person's word ("my Gerald ... He is 74", blind round 66).
 */
const OLD_AGE = 50;

/** Every age the message states, in order of position. */
export function agesIn(text: string): Age[] {
  const ages: Age[] = [];
  const child = CHILD_WORD.test(text);
  for (const pattern of [...AGE_PATTERNS, PRONOUN_AGE]) {
    for (const m of text.matchAll(pattern)) {
      const said = m[1]!;
      const years = /^\d/.test(said) ? Number(said) : wordsNumber(said);
      if (years === null || (pattern === PRONOUN_AGE && !child && years < OLD_AGE)) continue;
      // "my husband is 10": a grown-up with a child's age is a size said so, not an age (review).
      if (pattern === PERSON_AGE && GROWN_UP_START.test(m[0]) && years <= CHILD_MAX_AGE) continue;
      const start = m.index + m[0].indexOf(said);
      if (!ages.some((a) => a.start === start)) ages.push({ years, start, end: start + said.length });
    }
  }
  return ages.sort((a, b) => a.start - b.start);
}

/** Does the message speak of a child: a child's word, or an age a child has? */
export function mentionsChild(text: string, ages: readonly Age[] = agesIn(text)): boolean {
  return CHILD_WORD.test(text) || ages.some((a) => a.years <= CHILD_MAX_AGE);
}

/** The keys whose values are numbers a shopper writes. */
export const NUMBER_KEYS: ReadonlySet<SlotKey> = new Set(["size", "quantity", "price_min", "price_max"]);
const PRONOUNS = /^(?:her|him|his|she|he|hers)$/i;
const KID_OF: Record<string, string> = { Women: "Girls", Men: "Boys" };
const GROWN_OF: Record<string, string> = { Girls: "Women", Boys: "Men" };
/** Before a person's word: the shopper speaks of themself ("i'm a girl", "I am a guy"). */
const SELF_BEFORE = /\b(?:i['’]?m|i am|im)\s+(?:a|an)\s+$|\b(?:us|we)\s+$/i;
/** A teenager ("teen girls", "teenage boys"). */
const TEEN_PERSON = /\b(?:teen|teenage|teenaged)\s+(?:girls?|boys?|daughters?|sons?)\b/i;

/**
 * A person this close to an age, with no sentence end or other person ("and") between, is the one
 * it is about: "my little brother is turning 9", "my 9 year old brother"; not "my wife and our 5
 * year old son". A person the tables found has no position: any child's age in the message is theirs.
 */
const NEAR = 30;

function ageNear(e: ReadEntity, text: string, ages: readonly Age[]): Age | undefined {
  // One age in the message is theirs ("deodorant for my 17 year old son", the son found by the tables).
  if (e.start < 0) return ages.length === 1 ? ages[0] : ages.find((a) => a.years <= CHILD_MAX_AGE);
  return ages.find((a) => {
    const [from, to] = a.start < e.start ? [a.end, e.start] : [e.end, a.start];
    return to - from <= NEAR && !/[.!?&]|\b(?:and|or|plus)\b/i.test(text.slice(from, to));
  });
}

/** The speaker and a child together: "me and my daughter", "my son and I". */
const WITH_SPEAKER = new RegExp(`\\b(?:me|i|myself) (?:and|&) (?:my|our) (?:${CHILD_WORDS})s?\\b|\\b(?:my|our) (?:${CHILD_WORDS})s? (?:and|&) (?:me|i|myself)\\b`, "i");

/** People named without a sex: a gift for them takes the sex of the pronouns that follow ("my colleague ... she's really into handbags"). */
const SEXLESS_PERSON = /\b(?:colleague|coworker|co-worker|friend|bestie|boss|manager|teacher|neighbou?r|cousin|partner|spouse|roommate|flatmate|mentor|client|in-law)s?\b/i;

/** The sex of a message's pronouns when they are all of one ("my kid ripped his jeans"), as Men or Women. */
function sexOfPronouns(text: string): "Men" | "Women" | null {
  const he = /\b(?:he|him|his)\b/i.test(text);
  const she = /\b(?:she|her|hers)\b/i.test(text);
  return he === she ? null : he ? "Men" : "Women";
}

/**
 * The entities with ages taken out of sizes, prices and quantities, and a person made a child
 * (Boys, Girls) where the message says so: a pronoun in a message about a child ("my daughter ...
 * get her a dress"), a person with a child's age ("my little brother is turning 9"), or a child
 * named without a sex and spoken of as he or she ("my kid ripped his jeans"); a grown-up named
 * without a sex and spoken of as he or she is Men or Women ("my colleague ... she's into handbags").
 */
export function withPeopleRead(text: string, entities: readonly ReadEntity[]): ReadEntity[] {
  const ages = agesIn(text);
  const kept = entities.filter((e) => {
    if (!NUMBER_KEYS.has(e.key) || ages.length === 0) return true;
    if (e.start >= 0) return !ages.some((a) => e.start < a.end && a.start < e.end);
    const n = typeof e.value === "number" ? e.value : Number(e.value);
    // A number the tables found (no position) that occurs only as an age.
    return !(Number.isFinite(n) && numberOnlyWithin(text, n, ages));
  });
  // "me and my daughter want matching kurtas ... for her haldi": the speaker shops too, so "her" is no child's range.
  // "my grandson ... turns eighteen", "my son, 25": a child's word whose every stated age is a grown-up's is no child.
  const grownOnly = ages.length > 0 && ages.every((a) => a.years > CHILD_MAX_AGE);
  const child = mentionsChild(text, ages) && !grownOnly && (!WITH_SPEAKER.test(text) || ages.some((a) => a.years <= CHILD_MAX_AGE));
  const read = kept.map((e) => {
    if (e.key !== "gender" || typeof e.value !== "string") return e;
    // "my son, he's 16": a child's word with a grown-up's age wears the grown-ups' range (blind round 57
    // looked for a Fastrack watch among the boys' and let the brand go).
    const grown = GROWN_OF[e.value];
    // "im a girl btw": a shopper calling themself a girl or a boy wears the grown-ups' range unless a
    // child's age is said (blind round 64 searched kids' watches).
    const self = e.start >= 0 && SELF_BEFORE.test(text.slice(0, e.start)) && !ages.some((a) => a.years <= CHILD_MAX_AGE);
    // "what's hot for teen girls?": teenagers wear the grown-ups' range (blind round 68 looked for girls' sweaters for a 15-year-old).
    // The span may hold "teenage boys" itself, or follow "teen" (10 characters reach back over "teenaged ").
    const teen = TEEN_PERSON.test(e.start >= 0 ? text.slice(Math.max(0, e.start - 10), e.end) : text);
    if (grown && (self || teen)) return { ...e, value: grown, source: "rule:grown" as const };
    if (grown) return (ageNear(e, text, ages)?.years ?? 0) > CHILD_MAX_AGE ? { ...e, value: grown, source: "rule:grown" as const } : e;
    if (!KID_OF[e.value]) return e;
    const young = (ageNear(e, text, ages)?.years ?? Infinity) <= CHILD_MAX_AGE;
    return (child && PRONOUNS.test(e.text.trim())) || young ? { ...e, value: KID_OF[e.value]!, source: "rule:child" as const } : e;
  });
  // A child or another person named without a sex, and no gender read: the pronouns say it.
  // So is a grown-up whose age is said ("He is 74 and won't wear anything flashy").
  const sex = (child || grownOnly || SEXLESS_PERSON.test(text)) && !read.some((e) => e.key === "gender" && e.value !== null) ? sexOfPronouns(text) : null;
  if (sex) {
    const value = child ? KID_OF[sex]! : sex;
    read.push({ key: "gender", role: "wanted", text: value, start: -1, end: -1, value, confidence: 1, source: child ? "rule:child" : "rule:person_pronoun" });
  }
  return read;
}

/** The catalog's gender values as shoppers write them, possessive or not ("men's", "womens", "girls'"). */
const GENDER_LABEL = /^(?:m[ae]n|wom[ae]n|boys?|girls?|ladies|gents|kids)(?:['’]s|s['’]|s)?$/i;

/** A person's word right after a possessive pronoun ("her brother", "his little sister"). */
const PERSON_AFTER = new RegExp(`^\\s+(?:(?:little|big|baby|younger|older|elder|kid)\\s+)?(?:${CHILD_WORDS}|${GROWN_UPS}|brother|sister|cousin|friend|bestie|boyfriend|girlfriend)s?\\b`, "i");

/** "her brother's 8": the 's says "is", not whose. */
const AGE_AFTER = new RegExp(`^['’]s\\s+(?:\\d{1,2}|${AGE_WORDS})\\b`, "i");

/** "mum of twin boys here": the speaker, described by their children. */
const PARENT_OF = /^\S+\s+of\s+(?:(?:twin|two|three|four|\d)\s+)?(?:boys?|girls?|kids?|children|sons?|daughters?|twins)\b/i;

/**
 * "dinner with my girlfriend's parents ... formal shoes, men's size 9": where the message names
 * several people, one named only as an owner ("X's Y") is not who the product is for (blind round
 * 22 searched women's shoes). "a gift for my wife's birthday" keeps the wife: she is the only one.
 */
export function withoutPossessors(text: string, entities: readonly ReadEntity[]): ReadEntity[] {
  const person = (e: ReadEntity) => e.key === "gender" && e.role === "wanted" && e.value !== null;
  // "men's", "women's", "boys'": the catalog's own gender labels, not owners.
  // "her brother Arjun": a pronoun before a person's word is that person's owner (blind round 74 searched girls' sandals).
  const possessive = (e: ReadEntity) =>
    e.start >= 0 && !GENDER_LABEL.test(e.text.trim()) && !AGE_AFTER.test(text.slice(e.start + e.text.trim().replace(/['’]s?$/, "").length)) &&
    (/['’]s?$/.test(e.text.trim()) || /^['’]s\b/.test(text.slice(e.end)) || (/^(?:his|her)$/i.test(e.text.trim()) && PERSON_AFTER.test(text.slice(e.end))) ||
      PARENT_OF.test(text.slice(e.start)));
  return entities.filter((e) => !(person(e) && possessive(e) && entities.some((o) => o !== e && person(o) && !possessive(o))));
}

/** After a person: they only give an opinion of the products, or call ("my mom says they're good", "my mom's calling"). */
const BYSTANDER_AFTER = /^(?:['’]s|\s+is)?\s+(?:calling|recommends?|recommended|swears? by)\b|^\s+(?:says?|said|thinks?|thought|reckons?)\s+(?:they(?:['’]re| are)|it(?:['’]s| is)|those|these|that(?:['’]s| is)|them)\b/i;
/** After a person: they only give someone else's size ("a tshirt for my grandson, his mum says size small"). */
const GIVES_SIZE_AFTER = /^\s+(?:says?|said|thinks?|reckons?)\s+(?:(?:his|her|their|the)\s+)?size\b/i;

/**
 * "anything from peter england? my mom says they're good": a person who only vouches for the
 * products, is asked first ("let me ask my mom"), or interrupts ("my mom's calling, gtg"), is not who the product is for (blind round 53
 * searched women's shirts for a young man). "my husband says he needs running shoes" keeps him.
 */
export function withoutBystanders(text: string, entities: readonly ReadEntity[]): ReadEntity[] {
  return entities.filter(
    (e) =>
      !(e.key === "gender" && e.role === "wanted" && e.start >= 0 &&
        (BYSTANDER_AFTER.test(text.slice(e.end)) || ASKED_BEFORE.test(text.slice(0, e.start)) || companions(text, e) || givesOthersSize(text, e, entities)) &&
        !/\bfor\s+(?:my|his|her|our)?\s*$/i.test(text.slice(0, e.start))),
  );
}

/**
 * "heading to goa with the boys", "out with the girls tonight": friends the shopper goes out with, not
 * children to shop for (blind round 65 searched boys' flip flops). Not "twinning with my girls": they may be.
 */
const WITH_BEFORE = /\bwith\s+the\s+$/i;
const GROUP_WORD = /^(?:boys|girls|lads|guys|gang)$/i;
/** A person who gives the size of another the message names ("my son says size M" alone keeps the son). */
const givesOthersSize = (text: string, e: ReadEntity, entities: readonly ReadEntity[]): boolean =>
  GIVES_SIZE_AFTER.test(text.slice(e.end)) && entities.some((o) => o !== e && o.key === "gender" && o.role === "wanted" && o.start >= 0);
const companions = (text: string, e: ReadEntity): boolean => GROUP_WORD.test(e.text.trim()) && WITH_BEFORE.test(text.slice(0, e.start));

/** Before a person: the shopper asks them first ("let me ask my mom first, she's paying": blind round 63 searched women's wallets). */
const ASKED_BEFORE = /\b(?:ask|asking|check with|checking with|talk to|consult|run it by)\s+(?:my|his|her|our)\s+$/i;

/**
 * "for him as well", said of the 9-year-old the search is for: a pronoun's Men or Women does not
 * turn a child's search into an adult's.
 */
export function pronounKeepsChild(searchGender: string | undefined, entities: readonly ReadEntity[]): boolean {
  const g = entities.find((e) => e.key === "gender" && e.role === "wanted" && typeof e.value === "string");
  return g !== undefined && PRONOUNS.test(g.text.trim()) && searchGender !== undefined && KID_OF[String(g.value)] === searchGender;
}

/**
 * "she also needs sandals", said after an order for a daughter: a message that reads no gender but
 * speaks of one he or she, of the sex of the person the last search was for (a child or not), is
 * about that person (blind round 32 searched sandals for anyone). Returns that gender, or null.
 */
export function pronounsOfLastPerson(lastGender: string | undefined, entities: readonly ReadEntity[], text: string): string | null {
  if (lastGender === undefined || entities.some((e) => e.key === "gender" && e.value !== null)) return null;
  const sex = sexOfPronouns(text);
  return sex !== null && (lastGender === sex || lastGender === KID_OF[sex]) ? lastGender : null;
}

/** A sibling word ("now one for his sister"), and the possessive before it that points at the child. */
const SIBLING = /^(?:sister|brother|sis|bro|twin)s?$/i;
const SIBLING_OF = /\b(?:his|her|their)\s+(?:(?:little|big|older|younger|twin|baby)\s+)?$/i;

/**
 * "now one for his sister", said while the search is for a boy: the child's sibling is a child too
 * (blind round 18: twins of 7, the sister read as Women). Returns the child's gender for the
 * sibling, or null when the message names no sibling of the child.
 */
export function siblingOfChild(searchGender: string | undefined, entities: readonly ReadEntity[], text: string): "Boys" | "Girls" | null {
  if (searchGender !== "Boys" && searchGender !== "Girls") return null;
  const g = entities.find(
    (e) =>
      e.key === "gender" && e.role === "wanted" && typeof e.value === "string" && KID_OF[e.value] !== undefined &&
      e.start >= 0 && SIBLING.test(e.text.trim()) && SIBLING_OF.test(text.slice(Math.max(0, e.start - 24), e.start)),
  );
  return g ? (KID_OF[String(g.value)] as "Boys" | "Girls") : null;
}

/** Before a word: it describes the person ("he's pretty skinny", "she is so tall"), not the product. */
const PERSON_IS = /\b(?:he|she|they|my \w+)(?:['’]s| is| are|['’]re)\s+(?:(?:pretty|very|quite|so|really|kinda|kind of|a bit|super|too|rather|fairly)\s+)?$/i;

/**
 * "he's pretty skinny, medium should do": a word that describes the person is no feature of the
 * product (blind round 63 offered "the skinny t-shirt"). "skinny jeans for him" keeps it.
 */
export function withoutPersonDescriptions(text: string, entities: readonly ReadEntity[]): ReadEntity[] {
  return entities.filter((e) => {
    if (e.key !== "features" || e.role !== "wanted") return true;
    // A value the tables found has no position: it goes only if every place its word is written describes the person.
    const at = e.start >= 0 ? [e.start] : [...text.toLowerCase().matchAll(new RegExp(`\\b${String(e.value).toLowerCase().replace(/[^a-z0-9 ]/g, "")}\\b`, "g"))].map((m) => m.index);
    return !(at.length > 0 && at.every((i) => PERSON_IS.test(text.slice(0, i))));
  });
}
