/**
 * Slot filling: the required details for the product family come from data
 * (models/data/required_slots.json); the slot-filler model phrases the follow-up question.
 * When nothing is missing the turn goes on to context translation.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { missingSlots } from "../graph/routing.js";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType } from "../graph/state.js";
import type { SlotKey } from "../retrieval/slots.js";
import { botSays, toTurns } from "./messages.js";

export function makeSlotFilling(deps: AgentDeps) {
  const { required, questions } = deps.requiredSlots;
  return async function slotFilling(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const type = state.slots.product_type;
    const family = type ? (deps.familyOf(type) ?? "default") : "default";
    const needed: SlotKey[] = type ? (required[family] ?? required.default ?? ["product_type"]) : ["product_type"];
    const missing = missingSlots(needed, state.slots, state.dontCare);
    if (missing.length === 0) return { pendingQuestion: null };
    // Prefer the model's phrasing when it asks about one of the missing details.
    const asked = await deps.tools.askQuestion.invoke({ turns: toTurns(state.messages.slice(state.searchFrom)) }, config);
    const modelSlot = missing.find((k) => asked !== null && questions[k] === asked);
    const slot = modelSlot ?? missing[0]!;
    const reply = (modelSlot ? asked : questions[slot]) ?? `Could you tell me the ${slot.replace("_", " ")}?`;
    return { pendingQuestion: slot, reply, step: "slotFilling" as const, messages: [botSays(reply)] };
  };
}
