/**
 * The T5 model tasks as named LangChain tools, so every model call shows up in traces and in
 * LangGraph Studio with its input and output. Schemas validate what reaches the models.
 */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { ModelTasks, Turn } from "../models/runtime/tasks.js";
import { PLACEHOLDERS } from "../models/runtime/placeholders.js";
import { SlotsSchema } from "../retrieval/slots.js";

/** Shopper text as the models accept it: non-empty, bounded. */
const utterance = z.object({ text: z.string().trim().max(2000).describe("What the shopper wrote") });
const conversation = z.object({
  turns: z
    .array(z.object({ speaker: z.enum(["User", "Bot"]), text: z.string().max(2000) }))
    .min(1)
    .max(40)
    .describe("The conversation so far, oldest first"),
});

export function makeModelTools(models: ModelTasks) {
  return {
    classifyIntent: tool(({ text }) => models.classifyIntent(text), {
      name: "classify_intent",
      description: "Classifies a shopper message into one intent of the closed set, with its confidence and every label's probability.",
      schema: utterance,
    }),
    analyzeSentiment: tool(({ text }) => models.analyzeSentiment(text), {
      name: "analyze_sentiment",
      description: "Classifies a shopper message as negative, neutral or positive.",
      schema: utterance,
    }),
    retrieveCategory: tool(({ text }) => models.retrieveCategory(text), {
      name: "retrieve_category",
      description: "The catalog sub-category a message is about, or none.",
      schema: utterance,
    }),
    extractSlots: tool(({ text }) => models.extractSlots(text), {
      name: "extract_slots",
      description: "Extracts product details (type, colour, size, brand, gender, price range, quantity, usage, season, features) in catalog vocabulary.",
      schema: utterance,
    }),
    extractFeatures: tool(({ text }) => models.extractFeatures(text), {
      name: "extract_features",
      description: "Descriptive product features mentioned in a message (check, slim fit, round neck...).",
      schema: utterance,
    }),
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
