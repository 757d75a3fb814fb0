/**
 * Graded relevance judgments of search results and the measures over them (NDCG@k, precision@k).
 * Grades follow the public shopping-query data sets (ESCI): exact, substitute, irrelevant, with
 * gains 1, 0.1 and 0; an unjudged product counts as irrelevant. Pure, unit-tested.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

export const GRADES = ["exact", "substitute", "irrelevant"] as const;
export type Grade = (typeof GRADES)[number];
export const GAIN: Record<Grade, number> = { exact: 1, substitute: 0.1, irrelevant: 0 };

export const JudgedQuerySchema = z.object({
  id: z.string().min(1),
  query: z.string().min(1).max(500),
  style: z.enum(["keyword", "conversational"]),
  kind: z.array(z.string()).min(1),
  want: z.string(),
  split: z.enum(["validation", "test"]),
});
export type JudgedQuery = z.infer<typeof JudgedQuerySchema>;

export const JudgmentSchema = z.object({ query_id: z.string().min(1), product_id: z.number().int().nonnegative(), grade: z.enum(GRADES) });
export type Judgment = z.infer<typeof JudgmentSchema>;

function readJsonLines<T>(file: string, schema: z.ZodType<T>): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line !== "")
    .map(({ line, i }) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`);
      return parsed.data;
    });
}

export const readJudgedQueries = (file: string) => readJsonLines(file, JudgedQuerySchema);

/** query id -> product id -> grade. */
export function readJudgments(file: string): Map<string, Map<number, Grade>> {
  const out = new Map<string, Map<number, Grade>>();
  for (const j of readJsonLines(file, JudgmentSchema)) (out.get(j.query_id) ?? out.set(j.query_id, new Map()).get(j.query_id)!).set(j.product_id, j.grade);
  return out;
}

/** NDCG@k of a ranked list; null when the judgments hold nothing relevant (the query cannot be scored). */
export function ndcgAt(k: number, ranked: readonly number[], grades: ReadonlyMap<number, Grade>): number | null {
  const gain = (id: number) => GAIN[grades.get(id) ?? "irrelevant"];
  const dcg = ranked.slice(0, k).reduce((s, id, i) => s + gain(id) / Math.log2(i + 2), 0);
  const ideal = [...grades.values()].map((g) => GAIN[g]).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : null;
}

/** Share of the first k results judged an exact match (fewer than k results count as misses). */
export function precisionAt(k: number, ranked: readonly number[], grades: ReadonlyMap<number, Grade>): number {
  return ranked.slice(0, k).filter((id) => grades.get(id) === "exact").length / k;
}

/** Share of the first k results that were judged at all: below 1, the measures are lower bounds. */
export function judgedAt(k: number, ranked: readonly number[], grades: ReadonlyMap<number, Grade>): number {
  const top = ranked.slice(0, k);
  return top.length === 0 ? 1 : top.filter((id) => grades.has(id)).length / top.length;
}
