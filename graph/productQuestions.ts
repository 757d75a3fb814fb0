/**
 * Questions about the product just offered ("what sizes does it come in?", "how much is it?",
 * "is it in stock?", "what is it made of?"), answered from the catalog data, never from a model.
 * Pure functions, unit-tested.
 */
import { formatPrice } from "../retrieval/retriever.js";
import type { ShownProduct } from "./state.js";
import { sizeLabel, typeNoun } from "./task.js";
import type { ProductQuestion } from "../nlu/phrasings.js";

export type { ProductQuestion };

const inStock = (p: ShownProduct) => p.sizes.filter((s) => (p.stock[s] ?? 0) > 0);

/** The answer, from the product's own data. */
export function answerProductQuestion(q: ProductQuestion, p: ShownProduct): string {
  const available = inStock(p);
  switch (q) {
    case "sizes": {
      if (available.length === 0) return `The ${p.name} is sold out in every size right now.`;
      const [only] = p.sizes;
      if (p.sizes.length === 1 && only !== undefined) return `The ${p.name} comes in ${sizeLabel(only)}.`;
      const soldOut = p.sizes.filter((s) => !available.includes(s));
      return `The ${p.name} is in stock in sizes ${available.join(", ")}${soldOut.length > 0 ? ` (sold out in ${soldOut.join(", ")})` : ""}.`;
    }
    case "price":
      return `The ${p.name} is ${formatPrice(p.price)}.`;
    case "stock": {
      const total = available.reduce((n, s) => n + (p.stock[s] ?? 0), 0);
      if (total === 0) return `The ${p.name} is sold out right now.`;
      return `We have ${total} of the ${p.name} in stock: ${available.map((s) => `${p.stock[s]} in ${sizeLabel(s)}`).join(", ")}.`;
    }
    case "details": {
      const noun = typeNoun(p.articleType);
      const usage = p.usage && !noun.includes(p.usage.toLowerCase()) ? p.usage.toLowerCase() : undefined;
      const what = [p.baseColour?.toLowerCase(), usage, noun].filter(Boolean).join(" ");
      const features = p.matchedFeatures.length > 0 ? `, ${p.matchedFeatures.join(", ")}` : "";
      return `The ${p.name} is a ${what} by ${p.brand} for ${p.gender.toLowerCase()}${features}${p.season ? `, from the ${p.season.toLowerCase()} collection` : ""}, at ${formatPrice(p.price)}. That is all the catalog says about it.`;
    }
  }
}
