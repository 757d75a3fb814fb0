/**
 * Paired latency of plain vs reranked retrievals: the cost reranking adds to one search. Each
 * search runs `repeats` times per mode, interleaved, and the fastest run counts, so a pause
 * caused by another process on a shared machine is not charged to either mode. CPU time
 * (user + system, this process) is reported beside wall time: on a loaded machine it is the
 * steadier measure of the work reranking adds.
 */
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
  retriever: ProductRetriever, reranker: Reranker, cases: readonly LatencyCase[], repeats: number,
  progress?: { update(d: number, t: number): void; stop(): void },
): Promise<{ plain: Quantiles; reranked: Quantiles; added: Quantiles; added_cpu: Quantiles }> {
  const plain: number[] = [];
  const reranked: number[] = [];
  const plainCpu: number[] = [];
  const rerankedCpu: number[] = [];
  let lastCpu = 0;
  const time = async (c: LatencyCase, rerank: boolean) => {
    retriever.setReranker(rerank ? reranker : undefined);
    const cpu = process.cpuUsage();
    const t = performance.now();
    await retriever.retrieve(c.slots, 10, { userId: c.userId });
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    lastCpu = (used.user + used.system) / 1000;
    return wall;
  };
  for (const c of cases.slice(0, 5)) {
    await time(c, false); // warm-up
    await time(c, true);
  }
  for (const [i, c] of cases.entries()) {
    const best = { plain: Infinity, reranked: Infinity, plainCpu: Infinity, rerankedCpu: Infinity };
    const run = async (rerank: boolean) => {
      const wall = await time(c, rerank);
      if (rerank) [best.reranked, best.rerankedCpu] = [Math.min(best.reranked, wall), Math.min(best.rerankedCpu, lastCpu)];
      else [best.plain, best.plainCpu] = [Math.min(best.plain, wall), Math.min(best.plainCpu, lastCpu)];
    };
    for (let r = 0; r < repeats; r++) {
      // Alternate which runs first, so caches favour neither.
      await run((i + r) % 2 !== 0);
      await run((i + r) % 2 === 0);
    }
    plain.push(best.plain);
    reranked.push(best.reranked);
    plainCpu.push(best.plainCpu);
    rerankedCpu.push(best.rerankedCpu);
    progress?.update(i + 1, cases.length);
  }
  progress?.stop();
  retriever.setReranker(undefined);
  return {
    plain: quantiles(plain),
    reranked: quantiles(reranked),
    added: quantiles(reranked.map((r, i) => r - plain[i]!)),
    added_cpu: quantiles(rerankedCpu.map((r, i) => r - plainCpu[i]!)),
  };
}
