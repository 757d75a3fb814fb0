/**
 * Context translation: the current search's conversation becomes one structured task sentence
 * ("Find a black Fossil watch."). From the slots by default; with CONTEXT_MODEL=on the T5 model
 * translates the conversation and its sentence is kept when it agrees with the slots (the shipped
 * model's agreed once in 259 searches: a model call whose result is thrown away is not made).
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType } from "../graph/state.js";
import { taskAgrees, taskFromSlots } from "../graph/task.js";
import { toTurns } from "./messages.js";

export function makeContextTranslation(deps: AgentDeps) {
  return async function contextTranslation(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const buy = state.intent === "buy_product";
    if (!deps.contextModel) return { task: taskFromSlots(state.slots, buy), step: "contextTranslation" as const };
    const translated = await deps.tools.translateContext.invoke({ turns: toTurns(state.messages.slice(state.searchFrom)) }, config);
    const task = taskAgrees(translated, state.slots) ? translated : taskFromSlots(state.slots, buy || /^buy\b/i.test(translated));
    return { task, step: "contextTranslation" as const };
  };
}
