/** Prometheus metrics, one registry per server (tests start several servers in one process). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type Transport = "rest" | "socketio" | "websocket";

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    turnSeconds: new Histogram({
      name: "agent_turn_seconds",
      help: "Shopper turn latency, from accepted message to reply",
      labelNames: ["transport", "outcome"] as const,
      buckets: SECONDS,
      registers: [registry],
    }),
    nodeSeconds: new Histogram({
      name: "agent_node_seconds",
      help: "Time spent in each graph node per turn",
      labelNames: ["node"] as const,
      buckets: SECONDS,
      registers: [registry],
    }),
    modelSeconds: new Histogram({
      name: "agent_model_seconds",
      help: "Latency of each model task call (T5 on ONNX Runtime), as the graph saw it",
      labelNames: ["task"] as const,
      buckets: SECONDS,
      registers: [registry],
    }),
    toolSeconds: new Histogram({
      name: "agent_tool_seconds",
      help: "Latency of the other tools (product search, orders)",
      labelNames: ["tool"] as const,
      buckets: SECONDS,
      registers: [registry],
    }),
    openSockets: new Gauge({
      name: "server_open_sockets",
      help: "Open real-time connections",
      labelNames: ["transport"] as const,
      registers: [registry],
    }),
    rejected: new Counter({
      name: "server_rejected_total",
      help: "Requests and messages refused before reaching the agent, by reason",
      labelNames: ["transport", "code"] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
