/** Paired latency of plain vs reranked retrievals: the cost reranking adds to one search. */
import type { ProductRetriever } from "../retriever.js";
import { percentile } from "./evaluate.js";
import type { Reranker } from "./reranker.js";

export interface LatencyCase {
  slots: Record<string, unknown>;
  userId: string | undefined;
}

interface Quantiles {
  p50_ms: number;
  p95_ms: number;
}

const quantiles = (xs: number[]): Quantiles => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50_ms: Number(percentile(s, 50).toFixed(3)), p95_ms: Number(percentile(s, 95).toFixed(3)) };
};

export async function evaluateLatency(
  retriever: ProductRetriever, reranker: Reranker, cases: readonly LatencyCase[], progress?: { update(d: number, t: number): void; stop(): void },
): Promise<{ plain: Quantiles; reranked: Quantiles; added: Quantiles }> {
  const plain: number[] = [];
  const reranked: number[] = [];
  const time = async (c: LatencyCase, rerank: boolean) => {
    retriever.setReranker(rerank ? reranker : undefined);
    const t = performance.now();
    await retriever.retrieve(c.slots, 10, { userId: c.userId });
    return performance.now() - t;
  };
  for (const c of cases.slice(0, 5)) {
    await time(c, false); // warm-up
    await time(c, true);
  }
  for (const [i, c] of cases.entries()) {
    // Alternate which runs first, so caches and load favour neither.
    if (i % 2 === 0) {
      plain.push(await time(c, false));
      reranked.push(await time(c, true));
    } else {
      reranked.push(await time(c, true));
      plain.push(await time(c, false));
    }
    progress?.update(i + 1, cases.length);
  }
  progress?.stop();
  retriever.setReranker(undefined);
  return { plain: quantiles(plain), reranked: quantiles(reranked), added: quantiles(reranked.map((r, i) => r - plain[i]!)) };
}
