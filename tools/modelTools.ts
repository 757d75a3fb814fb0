/**
 * The T5 model's generative tasks as named LangChain tools, so every model call shows up in traces and in
 * LangGraph Studio with its input and output. Schemas validate what reaches the models.
 */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { ModelTasks, Turn } from "../models/runtime/tasks.js";
import { PLACEHOLDERS } from "../models/runtime/placeholders.js";
import { SlotsSchema } from "../retrieval/slots.js";

const conversation = z.object({
  turns: z
    .array(z.object({ speaker: z.enum(["User", "Bot"]), text: z.string().max(2000) }))
    .min(1)
    .max(40)
    .describe("The conversation so far, oldest first"),
});

export function makeModelTools(models: ModelTasks) {
  return {
    askQuestion: tool(({ turns }) => models.askQuestion(turns as Turn[]), {
      name: "ask_question",
      description: "The next follow-up question for a missing detail, or null when nothing is missing.",
      schema: conversation,
    }),
    translateContext: tool(({ turns }) => models.translateContext(turns as Turn[]), {
      name: "translate_context",
      description: "Rewrites the conversation as one structured task sentence, e.g. 'Find a yellow Adidas XL shirt.'",
      schema: conversation,
    }),
    generateResponse: tool(({ query, intent, slots, retrieved, values }) => models.generateResponse(query, intent, slots, retrieved, values), {
      name: "generate_response",
      description: "Writes the booking reply about retrieved products; every placeholder is filled from the retrieved data, or null if one cannot be.",
      schema: z.object({
        query: z.string().max(2000),
        intent: z.string().max(40),
        slots: SlotsSchema,
        retrieved: z.record(z.string().max(40), z.string().max(200)),
        values: z.partialRecord(z.enum(PLACEHOLDERS), z.string().max(300)),
      }),
    }),
  };
}

export type ModelTools = ReturnType<typeof makeModelTools>;
