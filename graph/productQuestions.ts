/**
 * Questions about the product just offered ("what sizes does it come in?", "how much is it?",
 * "is it in stock?", "what is it made of?"), answered from the catalog data, never from a model.
 * Pure functions, unit-tested.
 */
import { formatPrice } from "../retrieval/retriever.js";
import type { ShownProduct } from "./state.js";
import { sizeLabel, typeNoun } from "./task.js";

export type ProductQuestion = "sizes" | "price" | "stock" | "details";

const QUESTIONS: [ProductQuestion, RegExp][] = [
  ["sizes", /\b((what|which) sizes?|sizes? (do you have|are (there|available|left)|does it come|is it|it comes?)|come in (other |what |which |more )?sizes|other sizes|sizes available|size chart)\b/i],
  ["price", /\b(how much (is|are|does|do|for)|what('?s| is) the (price|cost)|price of (it|this|that)|how much$|how much\?)/i],
  ["stock", /\b(in stock|how many (do you have|are left|left|in stock)|still available|any left|available\?$)/i],
  ["details", /\b(what('?s| is) it made of|made of|material|fabric|is it (made of |made from )?(cotton|leather|wool|silk|polyester|denim|linen|synthetic|real leather)|tell me more|more (details|info|about (it|this|that))|describe (it|this|that)|what does it look like)\b/i],
];

/** The question a message asks about the offered product, if any. */
export function productQuestion(text: string): ProductQuestion | null {
  for (const [q, re] of QUESTIONS) if (re.test(text)) return q;
  return null;
}

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
