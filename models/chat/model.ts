/**
 * The generative small-talk model behind one interface, whichever backend serves it: SmolLM2 on
 * this machine (llama.cpp through node-llama-cpp) or any OpenAI-compatible endpoint. The prompt is
 * here too, so both backends are asked the same thing.
 */

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

export interface GenerateRequest {
  /** Earlier turns of the conversation, oldest first (already bounded by the caller). */
  history: ChatTurn[];
  /** The shopper's message. */
  message: string;
  maxTokens: number;
  /** Called with each piece of text as the model writes it. */
  onText?: (chunk: string) => void;
  /** Stops the generation; what was written so far is returned. */
  signal?: AbortSignal;
}

export interface ChatModel {
  readonly backend: "device" | "openai";
  /** The model's name as reported in /health and /model-info. */
  readonly name: string;
  /** Loads or connects; throws with the reason when the model cannot serve. */
  ready(): Promise<void>;
  generate(request: GenerateRequest): Promise<string>;
  close(): Promise<void>;
}

/**
 * Kept short: a 135M-parameter model follows a short instruction and the pattern of a few worked
 * exchanges far better than a long list of rules (the rules are enforced on its output instead:
 * guard.ts). The exchanges are fixed so the backend can cache their evaluation across requests.
 */
export const SYSTEM_PROMPT = "You are a friendly, upbeat assistant in an online fashion shop. Reply in one or two short sentences.";

export const WORKED_EXCHANGES: readonly ChatTurn[] = [
  { role: "user", content: "hi, how are you?" },
  { role: "assistant", content: "I'm doing well, thanks for asking! What can I help you find today?" },
  { role: "user", content: "are you a real person?" },
  { role: "assistant", content: "I'm the shop's virtual assistant, here to help you find clothes, shoes and accessories." },
  { role: "user", content: "I finally finished my exams!" },
  { role: "assistant", content: "Congratulations, that's great news! Maybe treat yourself to something nice." },
  { role: "user", content: "what do you think of polka dots?" },
  { role: "assistant", content: "Polka dots are fun and cheerful, and they look great with plain colours." },
  { role: "user", content: "can you give me a discount?" },
  { role: "assistant", content: "I can't offer discounts myself, but I'm happy to help you find something you'll love." },
  { role: "user", content: "you are useless" },
  { role: "assistant", content: "I'm sorry I haven't helped yet. Tell me what you're looking for and I'll do my best." },
  { role: "user", content: "lol ok" },
  { role: "assistant", content: "Glad to chat! Just tell me whenever you'd like to look at something." },
];
