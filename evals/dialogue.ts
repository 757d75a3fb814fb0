/**
 * The dialogue file format (DESIGN.md, "Evaluation over recorded dialogues"): JSON Lines, one
 * dialogue per line, strictly validated. Unknown keys, wrong types and words outside the catalog
 * vocabulary are errors that name the file and line.
 */
import { z } from "zod";
import { INTENTS } from "../contract/index.js";
import type { FlowStep } from "../graph/state.js";

/** The graph nodes that can answer a turn (graph/state.ts FlowStep), for `expect.state`. */
export const FLOW_STEPS = [
  "greeting", "slotFilling", "contextTranslation", "booking", "confirmOrder", "reset", "chitChat", "orderSupport", "goodbye", "handoff",
] as const satisfies readonly FlowStep[];
// Fails to compile when graph/state.ts gains a step this list lacks.
type MissingStep = Exclude<FlowStep, (typeof FLOW_STEPS)[number]>;
export const ALL_STEPS_LISTED: [MissingStep] extends [never] ? true : MissingStep = true;

const words = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const wordList = z.union([words.transform((w) => [w]), z.array(words).min(1, "must list at least one entry").max(20)]);
const amount = z.number().finite().min(0, "must not be negative");

/** Expected slots: DESIGN.md's keys, catalog values; every listed one must match, others may exist. */
export const SlotsExpectSchema = z
  .object({
    product_type: words.optional(),
    color: words.optional(),
    size: words.optional(),
    brand: words.optional(),
    gender: words.optional(),
    price_min: amount.optional(),
    price_max: amount.optional(),
    quantity: z.number().int("must be a whole number").min(1).optional(),
    usage: words.optional(),
    season: words.optional(),
    features: wordList.optional(),
  })
  .strict();
export type SlotsExpect = z.output<typeof SlotsExpectSchema>;

const scalar = z.union([words, z.number().finite()]);
/** One catalog value, or a list meaning "any of these". */
const oneOrAny = z.union([scalar.transform((v) => [v]), z.array(scalar).min(1).max(20)]);
const range = z
  .object({ min: amount.optional(), max: amount.optional() })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, "a range needs min or max")
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, "min must not exceed max");

/**
 * Catalog fields every returned product must match (and at least one product must be returned).
 * Strings compare case-insensitively (`name` by containment), `sizes` must include the value,
 * `price` takes a number or {min, max}.
 */
const CatalogFieldsSchema = z.object({
  id: oneOrAny.optional(),
  name: oneOrAny.optional(),
  brand: oneOrAny.optional(),
  articleType: oneOrAny.optional(),
  baseColour: oneOrAny.optional(),
  gender: oneOrAny.optional(),
  usage: oneOrAny.optional(),
  season: oneOrAny.optional(),
  sizes: oneOrAny.optional(),
  price: z.union([amount.transform((p) => ({ min: p, max: p })), range]).optional(),
});
const nonEmpty = (m: object) => Object.keys(m).length > 0;

export const ProductsMatchSchema = CatalogFieldsSchema.strict().refine(nonEmpty, "list at least one catalog field");
export type ProductsMatch = z.output<typeof ProductsMatchSchema>;

/** Slot key -> the value(s) the agent must hold as ruled out ("not red", "anything but Nike"). */
export const ExcludedExpectSchema = z
  .object({ product_type: wordList.optional(), color: wordList.optional(), size: wordList.optional(), brand: wordList.optional(),
    gender: wordList.optional(), usage: wordList.optional(), season: wordList.optional(), features: wordList.optional() })
  .strict()
  .refine(nonEmpty, "list at least one slot key");
export type ExcludedExpect = z.output<typeof ExcludedExpectSchema>;

/** Catalog fields no returned product may have (strings case-insensitive, `name` by containment). */
export const ProductsExcludeSchema = CatalogFieldsSchema.pick({ name: true, brand: true, articleType: true, baseColour: true, gender: true, usage: true, season: true })
  .strict()
  .refine(nonEmpty, "list at least one catalog field");
export type ProductsExclude = z.output<typeof ProductsExcludeSchema>;

export const ExpectSchema = z
  .object({
    intent: z.enum(INTENTS).optional(),
    slots: SlotsExpectSchema.optional(),
    state: z.enum(FLOW_STEPS).optional(),
    task_contains: wordList.optional(),
    products_match: ProductsMatchSchema.optional(),
    reply_contains: wordList.optional(),
    reply_not_contains: wordList.optional(),
    order_placed: z.boolean().optional(),
    excluded: ExcludedExpectSchema.optional(),
    products_exclude: ProductsExcludeSchema.optional(),
  })
  .strict();
export type Expect = z.output<typeof ExpectSchema>;
export type ExpectKey = keyof Expect;

/** The same characters the agent and the server accept in ids. */
const idText = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, "ids are 1-64 letters, digits, '_', '.', '@' or '-'");

export const TurnSchema = z
  .object({
    user: z.string().trim().min(1, "the message is empty").max(2000, "the message is longer than 2000 characters"),
    expect: ExpectSchema.optional(),
  })
  .strict();

export const DialogueSchema = z
  .object({
    id: idText,
    user_id: idText,
    /** What the dialogue exercises, for people reading the suite and the report. */
    description: z.string().max(500).optional(),
    /** Categories (e.g. "correction", "out_of_stock"): the report gives a success rate per tag. */
    tags: z.array(z.string().regex(/^[a-z0-9_]{1,40}$/, "tags are 1-40 lower-case letters, digits or '_'")).max(10).optional(),
    turns: z.array(TurnSchema).min(1, "a dialogue needs at least one turn").max(40, "a dialogue has at most 40 turns"),
  })
  .strict();

export type Dialogue = z.output<typeof DialogueSchema>;
export type Turn = z.output<typeof TurnSchema>;

/** A dialogue with where it came from, so every report line can point back at the file. */
export interface LocatedDialogue extends Dialogue {
  file: string;
  line: number;
}
