/**
 * Per-node and per-tool latency in process without touching the graph: a LangChain callback
 * handler that times every graph-node run and every tool run. turn() does not take callbacks,
 * so they reach the graph through LangChain's implicit (async-local) config: graph.invoke merges
 * the config of the context it runs in.
 */
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Serialized } from "@langchain/core/load/serializable";
import type { ChainValues } from "@langchain/core/utils/types";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";

export class NodeTimer extends BaseCallbackHandler {
  name = "eval-node-timer";
  override awaitHandlers = true;
  private readonly started = new Map<string, { label: string; at: number }>();
  /** Milliseconds per label ("node:booking", "tool:read_turn"), summed over the turn. */
  readonly totals: Record<string, number> = {};
  /** How many times each label ran (a tool called twice in one turn counts 2). */
  readonly runs: Record<string, number> = {};

  private begin(runId: string, label: string): void {
    this.started.set(runId, { label, at: performance.now() });
  }

  private end(runId: string): void {
    const s = this.started.get(runId);
    if (!s) return;
    this.started.delete(runId);
    this.totals[s.label] = (this.totals[s.label] ?? 0) + (performance.now() - s.at);
    this.runs[s.label] = (this.runs[s.label] ?? 0) + 1;
  }

  override handleChainStart(_chain: Serialized, _inputs: ChainValues, runId: string, _runType?: string, _tags?: string[], metadata?: Record<string, unknown>, runName?: string, parentRunId?: string): void {
    // A node's own run carries its name both as run name and as langgraph_node; runs inside it only
    // the latter. @langchain/core 1.4 declares (runType, tags, metadata, runName, parentRunId) but
    // calls with (parentRunId, tags, metadata, runType, runName), so the name may arrive in either
    // of the last two places; metadata is sixth in both.
    const node = metadata?.langgraph_node;
    if (typeof node === "string" && !node.startsWith("__") && (node === runName || node === parentRunId)) this.begin(runId, `node:${node}`);
  }

  override handleChainEnd(_outputs: ChainValues, runId: string): void {
    this.end(runId);
  }

  override handleChainError(_err: Error, runId: string): void {
    // An interrupt (purchase confirmation) ends a node's run with an error: it still took this long.
    this.end(runId);
  }

  override handleToolStart(_tool: Serialized, _input: string, runId: string, _parentRunId?: string, _tags?: string[], _metadata?: Record<string, unknown>, runName?: string): void {
    this.begin(runId, `tool:${runName ?? "tool"}`);
  }

  override handleToolEnd(_output: unknown, runId: string): void {
    this.end(runId);
  }

  override handleToolError(_err: Error, runId: string): void {
    this.end(runId);
  }
}

/** Runs `fn` with a fresh NodeTimer attached to every LangChain/LangGraph call it makes. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; nodeMs: Record<string, number>; runs: Record<string, number> }> {
  const timer = new NodeTimer();
  const value = await AsyncLocalStorageProviderSingleton.runWithConfig({ callbacks: [timer] }, fn);
  const nodeMs = Object.fromEntries(Object.entries(timer.totals).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  return { value, nodeMs, runs: { ...timer.runs } };
}
