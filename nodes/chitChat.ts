/**
 * Small talk. In full mode the generative model answers, its checked words streamed to the
 * shopper as it writes (LangGraph's custom stream: `{ token }` chunks); in minimal mode, or when a
 * generated reply is dropped (a guard rule, a failure, too slow), the shipped corpus answers.
 * When a search is under way the pending question is asked again, so the flow resumes.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { ChatTurn } from "../models/chat/model.js";
import type { SmallTalkOutcome } from "../models/chat/smallTalkModel.js";
import type { SmallTalk } from "../retrieval/smalltalk.js";
import type { AgentDeps } from "../graph/deps.js";
import { DISTRESS, replies, SHOP_FACTS_ONLY, STEER_BACK } from "../graph/replies.js";
import type { AgentStateType } from "../graph/state.js";
import { botSays, lastUserText, messageText } from "./messages.js";

/** Earlier turns the chat model sees: enough to hold a thread, few enough to stay fast. */
const HISTORY_TURNS = 4;
const HISTORY_CHARS = 300;

/** A token chunk of a streamed reply, as the turn runner receives it from the custom stream. */
export interface TokenChunk {
  token: string;
}

/** What a shopper reads when the model's reply is not used (minimal mode when `outcome` is null). */
export function fallbackAnswer(outcome: SmallTalkOutcome | null, text: string, corpus: SmallTalk): string {
  if (outcome?.source === "fallback" && outcome.reason === "distress") return DISTRESS;
  if (outcome?.source === "fallback" && outcome.reason === "shop_facts") return SHOP_FACTS_ONLY;
  return corpus.answer(text)?.answer ?? STEER_BACK;
}

function recentTurns(state: AgentStateType): ChatTurn[] {
  const earlier = state.messages.slice(0, -1).slice(-HISTORY_TURNS);
  return earlier
    .filter((m) => m.getType() === "human" || m.getType() === "ai")
    .map((m) => ({ role: m.getType() === "human" ? ("user" as const) : ("assistant" as const), content: messageText(m).slice(0, HISTORY_CHARS) }));
}

export function makeChitChat(deps: AgentDeps) {
  return async function chitChat(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const text = lastUserText(state.messages);
    let outcome: SmallTalkOutcome | null = null;
    if (deps.smallTalkModel) {
      const writer = config?.writer;
      const onText = writer ? (token: string) => writer({ token } satisfies TokenChunk) : undefined;
      outcome = await deps.smallTalkModel.reply(text, recentTurns(state), onText, { shopperUpset: state.sentiment === "negative" });
    }
    const generated = outcome?.source === "model";
    const answer = outcome?.source === "model" ? outcome.text : fallbackAnswer(outcome, text, deps.smalltalk);
    const pending = state.pendingQuestion ? deps.requiredSlots.questions[state.pendingQuestion] : undefined;
    const reply = pending ? replies.backToSearch(answer, state.slots.product_type?.toLowerCase() ?? "search", pending) : answer;
    const offer = state.pendingOrder ? `${reply}${replies.stillWant(state.pendingOrder.name)}` : reply;
    return { reply: offer, step: "chitChat" as const, replySource: generated ? ("model" as const) : ("data" as const), messages: [botSays(offer)] };
  };
}
