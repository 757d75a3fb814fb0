/**
 * The graph for the LangGraph CLI dev server and Studio (langgraph.json): compiled without a
 * checkpointer, so the server injects its own. Models and stores come from the configuration.
 */
import { config } from "../config.js";
import { openDeps } from "./compose.js";
import { buildAgentGraph } from "./builder.js";

const { deps } = await openDeps(config);
export const graph = buildAgentGraph(deps).compile();
