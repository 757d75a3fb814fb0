/** Every tool the agent's nodes call, built from the injected dependencies. */
import type { ModelTasks } from "../models/runtime/tasks.js";
import type { InteractionStore } from "../retrieval/interactions.js";
import type { OrderStore } from "../retrieval/orders.js";
import type { ProductRetriever } from "../retrieval/retriever.js";
import { makeCatalogTools } from "./catalogTools.js";
import { makeModelTools } from "./modelTools.js";
import { makeOrderTools } from "./orderTools.js";

export function makeAgentTools(parts: { models: ModelTasks; retriever: ProductRetriever; orders: OrderStore; interactions: InteractionStore }) {
  return { ...makeModelTools(parts.models), ...makeCatalogTools(parts.retriever, parts.interactions), ...makeOrderTools(parts.orders) };
}

export type AgentTools = ReturnType<typeof makeAgentTools>;
