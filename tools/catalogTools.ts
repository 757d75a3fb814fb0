/** Product search as a named LangChain tool: slots in, ranked products with relaxation notes out. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { extractLexiconSlots } from "../retrieval/lexicon.js";
import type { ProductRetriever } from "../retrieval/retriever.js";
import { SlotsSchema } from "../retrieval/slots.js";

export function makeCatalogTools(retriever: ProductRetriever) {
  return {
    searchProducts: tool(({ slots, limit }) => retriever.retrieve(slots, limit), {
      name: "search_products",
      description:
        "Searches the catalog for products matching the slots (values are normalized to catalog vocabulary; " +
        "when nothing matches, the least important constraints are relaxed in a fixed order and reported).",
      schema: z.object({
        slots: SlotsSchema,
        limit: z.number().int().min(1).max(50).default(10),
      }),
    }),
    lookupEntities: tool(({ text }) => extractLexiconSlots(text, retriever.vocabulary), {
      name: "lookup_entities",
      description: "Product details a message states in the catalog's own words or their everyday synonyms (lookup tables, one typo tolerated).",
      schema: z.object({ text: z.string().max(2000) }),
    }),
  };
}

export type CatalogTools = ReturnType<typeof makeCatalogTools>;
