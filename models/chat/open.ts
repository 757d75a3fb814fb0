/**
 * Chooses the small-talk model from the configuration: full mode (a generative model) or minimal
 * mode (null: the corpus answers). On-device models are shared by every agent of the process, so
 * tests and tools that open several agents load the weights once.
 */
import { existsSync } from "node:fs";
import { z } from "zod";
import type { ChatConfig } from "../../config.js";
import { LlamaCppChat } from "./llamaCpp.js";
import type { ChatModel } from "./model.js";
import { OpenAICompatibleChat } from "./openaiCompatible.js";
import { SmallTalkModel } from "./smallTalkModel.js";

const shared = new Map<string, { model: LlamaCppChat; users: number }>();

/** A handle on a process-wide on-device model: closing the last handle frees the weights. */
function deviceModel(modelPath: string, threads: number): ChatModel {
  const key = `${modelPath}#${threads}`;
  const entry = shared.get(key) ?? { model: new LlamaCppChat(modelPath, threads), users: 0 };
  entry.users += 1;
  shared.set(key, entry);
  let closed = false;
  return {
    backend: entry.model.backend,
    name: entry.model.name,
    ready: () => entry.model.ready(),
    generate: (r) => entry.model.generate(r),
    close: async () => {
      if (closed) return;
      closed = true;
      entry.users -= 1;
      if (entry.users > 0) return;
      shared.delete(key);
      await entry.model.close();
    },
  };
}

export type ChatMode = { mode: "full"; smallTalk: SmallTalkModel } | { mode: "minimal"; reason: string };

export function openSmallTalkModel(cfg: ChatConfig): ChatMode {
  const options = { maxTokens: cfg.maxTokens, timeoutMs: cfg.timeoutMs };
  if (cfg.mode === "off") return { mode: "minimal", reason: "CHAT_MODEL=off" };
  if (cfg.mode === "openai") {
    const { baseUrl, apiKey, model } = cfg.openai;
    if (!baseUrl || !model) throw new Error("CHAT_MODEL=openai needs OPENAI_BASE_URL and OPENAI_MODEL");
    return { mode: "full", smallTalk: new SmallTalkModel(new OpenAICompatibleChat({ baseUrl, apiKey, model, timeoutMs: cfg.timeoutMs, maxTokens: cfg.maxTokens }), options) };
  }
  if (cfg.mode === "auto" && !existsSync(cfg.modelPath)) {
    return { mode: "minimal", reason: `no chat model at ${cfg.modelPath} (npm run models:chat fetches it)` };
  }
  return { mode: "full", smallTalk: new SmallTalkModel(deviceModel(cfg.modelPath, cfg.threads), options) };
}

/** What /health and /model-info say about small talk: the mode in effect now, and why. */
export const ChatStatusSchema = z.object({
  mode: z.enum(["full", "minimal"]).describe("full: a generative model answers small talk; minimal: the corpus does"),
  backend: z.enum(["device", "openai"]).nullable().describe("The configured generative backend, null in minimal mode by configuration"),
  model: z.string().nullable(),
  health: z.enum(["ready", "loading", "failed"]).nullable().describe("The generative model's state; small talk uses the corpus unless ready"),
  detail: z.string().nullable().describe("Why minimal mode, or the load error"),
});
export type ChatStatus = z.infer<typeof ChatStatusSchema>;

export function chatStatus(chat: ChatMode): ChatStatus {
  if (chat.mode === "minimal") return { mode: "minimal", backend: null, model: null, health: null, detail: chat.reason };
  const { health, error } = chat.smallTalk.status();
  return { mode: health === "ready" ? "full" : "minimal", backend: chat.smallTalk.model.backend, model: chat.smallTalk.model.name, health, detail: error };
}
