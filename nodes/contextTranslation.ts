/**
 * Context translation: the current search's conversation becomes one structured task sentence
 * ("Find a black Fossil watch."). The T5 model translates the conversation and its sentence is
 * kept when it agrees with the slots; otherwise (or with CONTEXT_MODEL=off) the sentence is
 * written from the slots. `taskSource` records which, and the eval report counts the model's share.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType } from "../graph/state.js";
import { taskAgrees, taskFromSlots } from "../graph/task.js";
import { toTurns } from "./messages.js";

export function makeContextTranslation(deps: AgentDeps) {
  return async function contextTranslation(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const buy = state.intent === "buy_product";
    if (!deps.contextModel) return { task: taskFromSlots(state.slots, buy), taskSource: "slots" as const, step: "contextTranslation" as const };
    const translated = await deps.tools.translateContext.invoke({ turns: toTurns(state.messages.slice(state.searchFrom)) }, config);
    if (taskAgrees(translated, state.slots, deps.vocabulary)) return { task: translated, taskSource: "model" as const, step: "contextTranslation" as const };
    return { task: taskFromSlots(state.slots, buy || /^buy\b/i.test(translated)), taskSource: "slots" as const, step: "contextTranslation" as const };
  };
}
