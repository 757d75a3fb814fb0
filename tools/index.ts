/** Every tool the agent's nodes call, built from the injected dependencies. */
import type { ModelTasks } from "../models/runtime/tasks.js";
import type { InteractionStore } from "../retrieval/interactions.js";
import type { OrderStore } from "../retrieval/orders.js";
import type { ProductRetriever } from "../retrieval/retriever.js";
import { makeCatalogTools } from "./catalogTools.js";
import { makeModelTools } from "./modelTools.js";
import { makeOrderTools } from "./orderTools.js";
import { makeNluTools } from "./nluTools.js";
import type { Understanding } from "../nlu/understanding.js";

export function makeAgentTools(parts: { models: ModelTasks; nlu: Understanding; retriever: ProductRetriever; orders: OrderStore; interactions: InteractionStore }) {
  return { ...makeNluTools(parts.nlu), ...makeModelTools(parts.models), ...makeCatalogTools(parts.retriever, parts.interactions), ...makeOrderTools(parts.orders) };
}

export type AgentTools = ReturnType<typeof makeAgentTools>;
