/** Product search as a named LangChain tool: slots in, ranked products with relaxation notes out. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { INTERACTION_KINDS, type InteractionStore } from "../retrieval/interactions.js";
import { extractLexiconSlots } from "../retrieval/lexicon.js";
import { SEARCH_ORDERS, type ProductRetriever } from "../retrieval/retriever.js";
import { SLOT_KEYS, SlotsSchema } from "../retrieval/slots.js";

export function makeCatalogTools(retriever: ProductRetriever, interactions: InteractionStore) {
  return {
    searchProducts: tool(({ slots, limit, userId, exclude, query, relaxLast, order }) => retriever.retrieve(slots, limit, { userId, exclude, ...(query ? { query } : {}), ...(relaxLast ? { relaxLast } : {}), ...(order ? { order } : {}) }), {
      name: "search_products",
      description:
        "Searches the catalog for products matching the slots (values are normalized to catalog vocabulary; " +
        "when nothing matches, the least important constraints are relaxed in a fixed order and reported; " +
        "with the shopper's words as query, products meeting the constraints are ranked by meaning too).",
      schema: z.object({
        slots: SlotsSchema,
        limit: z.number().int().min(1).max(50).default(10),
        userId: z.string().max(128).optional().describe("The shopper, whose history personalizes the order when reranking is on"),
        exclude: z
          .partialRecord(z.enum(["product_type", "color", "brand", "gender", "usage", "season", "features"]), z.array(z.string().max(100)).max(20))
          .optional()
          .describe("Values the shopper ruled out per slot key; never relaxed"),
        query: z.string().max(2000).optional().describe("The shopper's own words for the product: ranks by meaning when hybrid ranking is on"),
        relaxLast: z.array(z.enum(SLOT_KEYS)).max(SLOT_KEYS.length).optional().describe("Slot keys the shopper named this turn: relaxed only after every other constraint"),
        order: z.enum(SEARCH_ORDERS).optional().describe("'price': the cheapest products meeting the constraints first (\"what's the cheapest you have?\"); default: the most relevant"),
      }),
    }),
    recordInteractions: tool(({ userId, productIds, kind }) => interactions.recordMany(productIds.map((productId) => ({ userId, productId, kind }))), {
      name: "record_interactions",
      description: "Records what a shopper did with products (viewed, was offered, bought) for collaborative-filtering reranking.",
      schema: z.object({ userId: z.string().min(1).max(128), productIds: z.array(z.number().int().nonnegative()).max(50), kind: z.enum(INTERACTION_KINDS) }),
    }),
    lookupEntities: tool(({ text }) => extractLexiconSlots(text, retriever.vocabulary), {
      name: "lookup_entities",
      description: "Product details a message states in the catalog's own words or their everyday synonyms (lookup tables, one typo tolerated).",
      schema: z.object({ text: z.string().max(2000) }),
    }),
  };
}

export type CatalogTools = ReturnType<typeof makeCatalogTools>;
