/**
 * A product as the encoder embeds it: display name, then type, colour, usage, season and gender.
 * models/nlu/nlu_model.py (product_text) writes the same string for the training that keeps
 * these vectors meaningful, so train time and run time embed the same text.
 */
import type { Product } from "../catalog/products.js";

export function productText(p: Pick<Product, "name" | "articleType" | "baseColour" | "usage" | "season" | "gender">): string {
  return [p.name.trim(), p.articleType, p.baseColour, p.usage, p.season, p.gender]
    .map((x) => (x ?? "").trim())
    .filter((x, i) => i === 0 || x !== "")
    .join(", ");
}
