/** Context translation: the current search's conversation becomes one structured task sentence. */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType } from "../graph/state.js";
import { taskAgrees, taskFromSlots } from "../graph/task.js";
import { toTurns } from "./messages.js";

export function makeContextTranslation(deps: AgentDeps) {
  return async function contextTranslation(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const translated = await deps.tools.translateContext.invoke({ turns: toTurns(state.messages.slice(state.searchFrom)) }, config);
    const buy = state.intent === "buy_product" || /^buy\b/i.test(translated);
    const task = taskAgrees(translated, state.slots) ? translated : taskFromSlots(state.slots, buy);
    return { task, step: "contextTranslation" as const };
  };
}
