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
import type { Turn } from "../models/runtime/tasks.js";
import { toTurns } from "./messages.js";

/**
 * The conversation as the translator was trained on it: the shopper's turns, and of the agent's
 * turns only a detail question they end with (`questions`, the slot filler's). A preview or an
 * offer names brands and prices of products the shopper never asked for, and the model copied
 * them into the task (public suite: "Find a navy blue Tortoise M shirt over $45.99." after a
 * preview at $45.99); after "Would you like to buy it?" a bare "blue" became a headband.
 */
export function translatorTurns(turns: readonly Turn[], questions: readonly string[]): Turn[] {
  return turns.flatMap((t) => {
    if (t.speaker === "User") return [t];
    const question = /([^.!?]*\?)\s*$/.exec(t.text)?.[1]?.trim();
    return question && questions.includes(question) ? [{ speaker: "Bot" as const, text: question }] : [];
  });
}

export function makeContextTranslation(deps: AgentDeps) {
  const questions = Object.values(deps.requiredSlots.questions);
  return async function contextTranslation(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const buy = state.intent === "buy_product";
    if (!deps.contextModel) return { task: taskFromSlots(state.slots, buy), taskSource: "slots" as const, step: "contextTranslation" as const };
    const translated = await deps.tools.translateContext.invoke({ turns: translatorTurns(toTurns(state.messages.slice(state.searchFrom)), questions) }, config);
    if (taskAgrees(translated, state.slots, deps.vocabulary)) return { task: translated, taskSource: "model" as const, step: "contextTranslation" as const };
    return { task: taskFromSlots(state.slots, buy || /^buy\b/i.test(translated)), taskSource: "slots" as const, step: "contextTranslation" as const };
  };
}
