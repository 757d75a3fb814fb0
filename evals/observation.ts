/**
 * What one turn produced, as the runner sees it from either target: the agent's TurnResult in
 * process, or the server's `bot_message` over Socket.IO (validated, since it crosses a network;
 * fields the runner does not check are dropped).
 */
import { z } from "zod";
import { SLOT_KEYS } from "../retrieval/slots.js";
import { ProductSchema } from "../server/schemas.js";

/** A product as the agent shows it: the server's wire contract, less the ranking details evals do not check. */
export const ObservedProductSchema = ProductSchema.omit({ matchedFeatures: true });
export type ObservedProduct = z.output<typeof ObservedProductSchema>;

export const ObservationSchema = z
  .object({
    reply: z.string(),
    intent: z.string(),
    confidence: z.number(),
    slots: z.partialRecord(z.enum(SLOT_KEYS), z.unknown()),
    /** Slot key -> values the shopper ruled out, and keys they do not mind (DESIGN.md reply fields). */
    excluded: z.partialRecord(z.enum(SLOT_KEYS), z.array(z.string())).default({}),
    dont_care: z.array(z.string()).default([]),
    state: z.string().nullable(),
    task: z.string().nullable(),
    /** Where the task came from (the context translator unchanged, or the slots); null from targets that do not say. */
    task_source: z.enum(["model", "slots"]).nullable().default(null),
    /** On a booking turn, who worded the offer (the response model, or the data); null otherwise or when the target does not say. */
    reply_source: z.enum(["model", "data"]).nullable().default(null),
    products: z.array(ObservedProductSchema),
    order: z.object({ orderId: z.string() }).nullable(),
    awaitingConfirmation: z.boolean(),
    /** Milliseconds per graph node, when the target can tell (the live server sends them). */
    timings: z.record(z.string(), z.number()).optional(),
  });
export type Observation = z.output<typeof ObservationSchema>;

/** One turn as measured by the runner. */
export interface TurnOutcome {
  observation: Observation;
  /** Wall-clock time from sending the message to having the reply. */
  latencyMs: number;
  /** Milliseconds per graph node and per tool call in this turn (empty when unknown). */
  nodeMs: Record<string, number>;
}
