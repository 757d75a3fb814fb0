/** Understanding as a named LangChain tool: one reading of a shopper message per turn, traced. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { SLOT_KEYS } from "../contract/index.js";
import type { TurnReading } from "../nlu/reading.js";
import type { Understanding } from "../nlu/understanding.js";

const ContextSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("question"), slot: z.enum(SLOT_KEYS) }),
  z.object({ kind: z.literal("offer"), product: z.string().max(300) }),
  z.object({ kind: z.literal("list") }),
  z.object({ kind: z.literal("order_number") }),
]);

export function makeNluTools(nlu: Understanding) {
  return {
    readTurn: tool(({ text, context }): Promise<TurnReading> => nlu.read(text, context), {
      name: "read_turn",
      description:
        "Reads one shopper message in the context of what the agent last asked or offered: intent with every label's " +
        "probability and its source, sentiment, category, and entities with a slot key, a catalog value and a role " +
        "(wanted, excluded, dont_care).",
      schema: z.object({ text: z.string().max(2000).describe("What the shopper wrote"), context: ContextSchema }),
    }),
  };
}
