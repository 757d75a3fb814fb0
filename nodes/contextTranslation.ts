/** Context translation: the current search's conversation becomes one structured task sentence. */
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType } from "../graph/state.js";
import { toTurns } from "./messages.js";

export function makeContextTranslation(deps: AgentDeps) {
  return async function contextTranslation(state: AgentStateType) {
    const task = await deps.models.translateContext(toTurns(state.messages.slice(state.searchFrom)));
    return { task, step: "contextTranslation" as const };
  };
}
