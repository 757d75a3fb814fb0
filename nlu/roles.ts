/**
 * Role cues kept as data (nlu/rules/role_cues.json): the words right before a value (or right
 * after it) that say whether the shopper wants it or rules it out. The encoder reads liking as ruling out ("he loves
 * red", "only wears black": blind rounds 16-17) and misses a negation now and then ("and nothing
 * white either"); where its role disagrees with such words, the words decide. Pure, unit-tested.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ROLES, SLOT_KEYS, type Role, type SlotKey } from "../contract/index.js";
import type { ReadEntity } from "./reading.js";

const ExampleSchema = z.object({ text: z.string().min(1), value: z.string().min(1) });
const CueSchema = z.object({
  name: z.string().regex(/^[a-z_]+$/),
  role: z.enum(ROLES),
  before: z.string().min(1).optional(),
  /** Matched against the clause after the value ("black is fine after all"); with 'before' too, both must match. */
  after: z.string().min(1).optional(),
  examples: z.array(ExampleSchema).min(1),
  counterExamples: z.array(ExampleSchema),
  /** The words in the clause that stop this cue, where the file's negation words would stop it wrongly. */
  negation: z.string().min(1).optional(),
  /** Only entities of these keys (all keys when absent). */
  keys: z.array(z.enum(SLOT_KEYS)).min(1).optional(),
});
const FileSchema = z.object({
  note: z.string(),
  negation_words: z.string().min(1),
  cues: z.array(CueSchema.refine((c) => c.before !== undefined || c.after !== undefined, "a cue reads the words before its value, after it, or both")).min(1),
});

export interface RoleCue {
  name: string;
  role: Role;
  /** The words before the value (its clause, to the value) that give the role, those after it (to the clause's end), or both. */
  before?: RegExp;
  after?: RegExp;
  examples: z.infer<typeof ExampleSchema>[];
  counterExamples: z.infer<typeof ExampleSchema>[];
  /** Stops a wanted cue when the clause holds it (else the file's negation words do). */
  negation?: RegExp;
  /** Only entities of these keys (all keys when absent). */
  keys?: readonly SlotKey[];
}

export interface RoleCues {
  negation: RegExp;
  cues: RoleCue[];
}

export function loadRoleCues(file = new URL("./rules/role_cues.json", import.meta.url)): RoleCues {
  const parsed = FileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  return {
    negation: new RegExp(parsed.negation_words, "i"),
    cues: parsed.cues.map((c) => ({
      name: c.name,
      role: c.role,
      ...(c.before ? { before: new RegExp(c.before, "i") } : {}),
      ...(c.after ? { after: new RegExp(c.after, "i") } : {}),
      examples: c.examples,
      counterExamples: c.counterExamples,
      ...(c.negation ? { negation: new RegExp(c.negation, "i") } : {}),
      ...(c.keys ? { keys: c.keys } : {}),
    })),
  };
}

export const ROLE_CUES = loadRoleCues();

const CLAUSE_END = /[,;.!?]|\bbut\b/gi;
const SENTENCE_PART_END = /[,;.!?]/g;

/** The clause a value sits in, up to the value: from the last , ; . ! ? or "but" before it (or the last `ends`). */
export function clauseBefore(text: string, start: number, ends: RegExp = CLAUSE_END): string {
  const head = text.slice(0, start);
  const cut = Math.max(...[...head.matchAll(ends)].map((m) => m.index + m[0].length), 0);
  return head.slice(cut);
}

/** The clause a value sits in, from the value's end: to the next , ; . ! ? or "but". */
export function clauseAfter(text: string, end: number): string {
  const tail = text.slice(end);
  const m = /[,;.!?]|\bbut\b/i.exec(tail);
  return m ? tail.slice(0, m.index) : tail;
}

/** Whether the cue's words stand around the value (before it, after it, or both where it names both). */
const cueMatches = (cue: RoleCue, before: string, after: () => string): boolean =>
  (!cue.before || cue.before.test(before)) && (!cue.after || cue.after.test(after()));

/**
 * The role the words before an entity give it, when they disagree with the encoder's: a negation
 * right before a wanted value rules it out; liking words before a ruled-out value, in a clause
 * with no negation, make it wanted. Null when the words agree or say nothing.
 */
export function cuedRole(text: string, e: Pick<ReadEntity, "start" | "end" | "role" | "value"> & Partial<Pick<ReadEntity, "key">>, cues: RoleCues = ROLE_CUES): { role: Role; cue: string } | null {
  if (e.start < 0 || e.value === null || e.role === "dont_care") return null;
  const clause = clauseBefore(text, e.start);
  const after = () => clauseAfter(text, e.end);
  for (const cue of cues.cues) {
    if (cue.role === e.role || (cue.keys && (e.key === undefined || !cue.keys.includes(e.key))) || !cueMatches(cue, clause, after)) continue;
    // A cue that reads after the value is stopped by a negation anywhere before it in its sentence part ("anything but pink please").
    const reach = cue.after ? clauseBefore(text, e.start, SENTENCE_PART_END) : clause;
    if (cue.role === "wanted" && (cue.negation ?? cues.negation).test(reach)) continue;
    return { role: cue.role, cue: cue.name };
  }
  return null;
}

/** The entities with their roles as the words before them say. */
export function withCuedRoles(text: string, entities: readonly ReadEntity[], cues: RoleCues = ROLE_CUES): ReadEntity[] {
  return entities.map((e) => {
    const cued = cuedRole(text, e, cues);
    return cued ? { ...e, role: cued.role, source: `rule:${cued.cue}` as const } : e;
  });
}

/**
 * The words a key-limited excluding cue points at, found in the text itself (for mentions the lookup
 * tables add, which have no position): "gold would go better with my dress" -> ["dress"]. Each start
 * of a word whose clause the cue matches gives that word and the two-word phrase from it.
 */
export function cuedWords(text: string, key: SlotKey, role: Role, cues: RoleCues = ROLE_CUES): string[] {
  const relevant = cues.cues.filter((c): c is RoleCue & { before: RegExp } => c.role === role && c.before !== undefined && c.keys?.includes(key) === true);
  if (relevant.length === 0) return [];
  const out: string[] = [];
  // Every word start, with the word after it looked at, not taken: pairs taken two words at a time
  // skipped every other word ("better with | my watch" never tried "watch", blind round 40).
  for (const m of text.matchAll(/[\p{L}\p{N}'-]+(?=(\s+[\p{L}\p{N}'-]+)?)/gu)) {
    const clause = clauseBefore(text, m.index);
    if (!relevant.some((c) => c.before.test(clause))) continue;
    out.push(m[0], `${m[0]}${m[1] ?? ""}`);
  }
  return out;
}

/** Right before a colour: the thing the product is to go with ("earrings to go with my green lehenga"). */
const WITH_OWNED = /\b(?:with|match(?:es|ing)?|under|over)\s+(?:my|his|her|our|their)\s+$/i;

/**
 * "earrings to go with my green lehenga, golden ones pls": the colour of what the product goes with
 * gives way to a colour the message asks for (blind round 65 searched green earrings). Alone it
 * stays: "shoes to go with my blue suit" may well mean blue.
 */
export function ownedColourGivesWay(text: string, entities: readonly ReadEntity[]): ReadEntity[] {
  const wanted = (e: ReadEntity) => e.key === "color" && e.role === "wanted" && e.value !== null;
  const owned = (e: ReadEntity) => wanted(e) && e.start >= 0 && WITH_OWNED.test(text.slice(0, e.start));
  const asked = entities.filter((e) => wanted(e) && !owned(e));
  return asked.length === 0 ? [...entities] : entities.filter((e) => !owned(e) || asked.some((a) => a.value === e.value));
}
