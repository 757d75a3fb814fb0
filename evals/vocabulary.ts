/**
 * The catalog vocabulary that dialogue expectations may use (models/data/vocabulary.json, the
 * same export the model data is generated from), so a typo such as "Navy" for "Navy Blue" is a
 * validation error instead of a dialogue that can never pass.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { ROOT_DIR } from "../config.js";

const VocabularyFile = z.object({
  productTypes: z.record(z.string(), z.object({ masterCategory: z.string() }).loose()),
  colors: z.array(z.string()),
  genders: z.array(z.string()),
  usages: z.array(z.string()),
  seasons: z.array(z.string()),
  sizes: z.array(z.string()),
  brands: z.record(z.string(), z.number()),
});

/** Closed sets, keyed by the lower-cased value, mapping to the catalog spelling. */
export interface EvalVocabulary {
  productType: Map<string, string>;
  color: Map<string, string>;
  gender: Map<string, string>;
  usage: Map<string, string>;
  season: Map<string, string>;
  size: Map<string, string>;
  brand: Map<string, string>;
  /** articleType -> masterCategory ("Shirts" -> "Apparel"). */
  familyOf: Map<string, string>;
}

const keyed = (values: Iterable<string>) => new Map([...values].map((v) => [v.toLowerCase(), v]));

export function loadEvalVocabulary(file = path.join(ROOT_DIR, "models", "data", "vocabulary.json")): EvalVocabulary {
  const v = VocabularyFile.parse(JSON.parse(readFileSync(file, "utf8")));
  return {
    productType: keyed(Object.keys(v.productTypes)),
    color: keyed(v.colors),
    gender: keyed(v.genders),
    usage: keyed(v.usages),
    season: keyed(v.seasons),
    size: keyed(v.sizes),
    brand: keyed(Object.keys(v.brands)),
    familyOf: new Map(Object.entries(v.productTypes).map(([t, info]) => [t, info.masterCategory])),
  };
}

/** "" when the value is in the set, otherwise a message with the nearest catalog spelling. */
export function vocabularyProblem(set: Map<string, string>, what: string, value: string): string {
  if (set.has(value.toLowerCase())) return "";
  const key = value.toLowerCase();
  // A value that contains the word ("navy" -> "navy blue") is a better hint than the nearest spelling.
  const containing = [...set.keys()].filter((k) => k.split(" ").includes(key)).sort((a, b) => a.length - b.length)[0];
  const near = containing ?? closest(key, [...set.keys()]);
  return `${JSON.stringify(value)} is not a catalog ${what}${near ? ` (did you mean ${JSON.stringify(set.get(near))}?)` : ""}`;
}
