/**
 * The one measure of a turn's nodes and tools: a LangChain callback handler put in scope for one
 * turn through @langchain/core's context variables, which every run started inside that async
 * scope (the graph, its nodes, their tool calls) picks up. The agent runs each turn under one; the
 * server's progress events and metrics, the evaluation's per-node latency and the policy tests'
 * call counts all read it.
 */
import type { AsyncLocalStorage } from "node:async_hooks";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Serialized } from "@langchain/core/load/serializable";
import { registerConfigureHook, setContextVariable } from "@langchain/core/context";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";

const CONTEXT_VAR = "shopping_agent_turn_tracer";

interface Open {
  kind: "node" | "tool";
  name: string;
  started: number;
}

export interface TracerHooks {
  /** A graph node started (the server turns it into a `progress` event). */
  onNode?: (node: string) => void;
  onNodeDone?: (node: string, ms: number) => void;
  onToolDone?: (tool: string, ms: number) => void;
}

export class TurnTracer extends BaseCallbackHandler {
  name = "turn_tracer";
  /** Timings are taken when the events happen, not later from a background queue. */
  override awaitHandlers = true;
  /** Milliseconds per node this turn (summed when a node runs twice). */
  readonly timings: Record<string, number> = {};
  /** Milliseconds per tool this turn (summed over its calls). */
  readonly toolTimings: Record<string, number> = {};
  /** How many times each node and tool ran, as "node:<name>" and "tool:<name>". */
  readonly runs: Record<string, number> = {};
  private readonly open = new Map<string, Open>();

  constructor(
    private readonly nodes: ReadonlySet<string>,
    private readonly hooks: TracerHooks = {},
  ) {
    super();
  }

  // Parameter order as @langchain/core 1.4.0's CallbackManager really calls it (callbacks/manager.js):
  // (chain, inputs, runId, parentRunId, tags, metadata, runType, runName); its .d.ts lists another order.
  override handleChainStart(_chain: Serialized, _inputs: unknown, runId: string, _parentRunId?: string, _tags?: string[], metadata?: Record<string, unknown>, _runType?: string, runName?: string): void {
    // A node's own run carries its name as langgraph_node; routing functions and writers inside it do not.
    if (runName === undefined || !this.nodes.has(runName) || metadata?.langgraph_node !== runName) return;
    this.open.set(runId, { kind: "node", name: runName, started: performance.now() });
    this.hooks.onNode?.(runName);
  }

  override handleChainEnd(_outputs: unknown, runId: string): void {
    this.finish(runId);
  }

  /** interrupt() ends the confirmation node with an error: its time still counts. */
  override handleChainError(_err: Error, runId: string): void {
    this.finish(runId);
  }

  override handleToolStart(_tool: Serialized, _input: string, runId: string, _parentRunId?: string, _tags?: string[], _metadata?: Record<string, unknown>, runName?: string): void {
    if (runName) this.open.set(runId, { kind: "tool", name: runName, started: performance.now() });
  }

  override handleToolEnd(_output: unknown, runId: string): void {
    this.finish(runId);
  }

  override handleToolError(_err: Error, runId: string): void {
    this.finish(runId);
  }

  private finish(runId: string): void {
    const run = this.open.get(runId);
    if (!run) return;
    this.open.delete(runId);
    const ms = performance.now() - run.started;
    const label = `${run.kind}:${run.name}`;
    this.runs[label] = (this.runs[label] ?? 0) + 1;
    if (run.kind === "node") {
      this.timings[run.name] = Math.round(((this.timings[run.name] ?? 0) + ms) * 10) / 10;
      this.hooks.onNodeDone?.(run.name, ms);
    } else {
      this.toolTimings[run.name] = Math.round(((this.toolTimings[run.name] ?? 0) + ms) * 10) / 10;
      this.hooks.onToolDone?.(run.name, ms);
    }
  }
}

/** Runs `fn` with `tracer` attached to every LangChain run it starts, and to nothing outside it. */
export function runTraced<T>(tracer: TurnTracer, fn: () => Promise<T>): Promise<T> {
  const als = AsyncLocalStorageProviderSingleton.getInstance() as AsyncLocalStorage<unknown>;
  // A fresh scope: the context variables set below vanish when fn's async work ends.
  return als.run(als.getStore(), () => {
    registerConfigureHook({ contextVar: CONTEXT_VAR, inheritable: true });
    setContextVariable(CONTEXT_VAR, tracer);
    return fn();
  });
}
