/** Context translation: the current search's conversation becomes one structured task sentence. */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType } from "../graph/state.js";
import { toTurns } from "./messages.js";

export function makeContextTranslation(deps: AgentDeps) {
  return async function contextTranslation(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const task = await deps.tools.translateContext.invoke({ turns: toTurns(state.messages.slice(state.searchFrom)) }, config);
    return { task, step: "contextTranslation" as const };
  };
}
