/** The closed label sets of the classification tasks (DESIGN.md's NLU contract). */
export const INTENTS = [
  "greeting", "goodbye", "find_product", "buy_product", "find_similar_products", "get_trending_products",
  "inform", "affirm", "deny", "track_order", "return_product", "complaint", "support", "chit_chat",
] as const;
export type Intent = (typeof INTENTS)[number];

export const SENTIMENTS = ["negative", "neutral", "positive"] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** Category = the catalog's subCategory of the product mentioned, or "none". */
export const NO_CATEGORY = "none";
