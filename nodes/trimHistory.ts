/**
 * First node of every new turn: keeps the graph state's message list bounded. Every checkpoint
 * stores the whole state, so an unbounded list makes each save and load grow with the
 * conversation (a 150-turn chat doubled its turn time). The full conversation stays in the
 * conversation store (history endpoints); models read at most MODEL_TURN_WINDOW turns. Past
 * STATE_MESSAGES_MAX messages the oldest go, down to STATE_MESSAGES_KEPT (in one step, so this
 * runs rarely), and the indexes into the list move with it.
 */
import { RemoveMessage } from "@langchain/core/messages";
import type { AgentStateType, AgentUpdate } from "../graph/state.js";
import { MODEL_TURN_WINDOW } from "./messages.js";

export const STATE_MESSAGES_KEPT = 4 * MODEL_TURN_WINDOW;
export const STATE_MESSAGES_MAX = 6 * MODEL_TURN_WINDOW;

export function trimHistory(state: Pick<AgentStateType, "messages" | "searchFrom">): AgentUpdate {
  const { messages } = state;
  if (messages.length <= STATE_MESSAGES_MAX) return {};
  const drop = messages.length - STATE_MESSAGES_KEPT;
  return {
    messages: messages.slice(0, drop).flatMap((m) => (m.id ? [new RemoveMessage({ id: m.id })] : [])),
    searchFrom: Math.max(0, state.searchFrom - drop),
    // The reading of a message that is no longer at its index must not be taken for this turn's.
    readingFor: -1,
  };
}
