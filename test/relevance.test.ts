/** The ranking measures bench:judged reports, on hand-computed cases. */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { judgedAt, ndcgAt, precisionAt, type Grade } from "../retrieval/relevance.js";

const grades = new Map<number, Grade>([[1, "exact"], [2, "exact"], [3, "substitute"], [4, "irrelevant"]]);

describe("NDCG@k with ESCI gains (exact 1, substitute 0.1)", () => {
  it("is 1 for the ideal order and lower when an exact match sinks", () => {
    assert.equal(ndcgAt(10, [1, 2, 3, 4], grades), 1);
    const swapped = ndcgAt(10, [4, 1, 2, 3], grades)!;
    const ideal = 1 + 1 / Math.log2(3) + 0.1 / Math.log2(4);
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(4) + 0.1 / Math.log2(5);
    assert.ok(Math.abs(swapped - dcg / ideal) < 1e-12);
  });
  it("counts unjudged products as irrelevant and cannot score a query with nothing relevant", () => {
    assert.ok(ndcgAt(10, [99, 1, 2, 3], grades)! < 1);
    assert.equal(ndcgAt(10, [1], new Map([[1, "irrelevant"]])), null);
    assert.equal(ndcgAt(10, [], grades), 0);
  });
});

describe("precision@5 and judged share", () => {
  it("counts exact matches among the first five, short lists as misses", () => {
    assert.equal(precisionAt(5, [1, 2, 3, 4, 5], grades), 0.4);
    assert.equal(precisionAt(5, [1], grades), 0.2);
  });
  it("says how much of the top was judged", () => {
    assert.equal(judgedAt(10, [1, 2, 50, 60], grades), 0.5);
    assert.equal(judgedAt(10, [], grades), 1);
  });
});
