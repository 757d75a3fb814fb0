/**
 * Backend for any OpenAI-compatible chat endpoint (vLLM, llama.cpp's server, a hosted API), through
 * LangChain's ChatOpenAI with a base URL and key from the configuration.
 */
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { SYSTEM_PROMPT, WORKED_EXCHANGES, type ChatModel, type GenerateRequest } from "./model.js";

export interface OpenAICompatibleOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  /** A request that takes longer fails (the agent then answers from the corpus). */
  timeoutMs: number;
  /** Longest reply asked for, in tokens. */
  maxTokens: number;
}

export class OpenAICompatibleChat implements ChatModel {
  readonly backend = "openai" as const;
  readonly name: string;
  private readonly llm: ChatOpenAI;

  constructor(private readonly options: OpenAICompatibleOptions) {
    this.name = options.model;
    this.llm = new ChatOpenAI({
      model: options.model,
      apiKey: options.apiKey,
      configuration: { baseURL: options.baseUrl },
      temperature: 0,
      maxTokens: options.maxTokens,
      streaming: true,
      // One retry: a kept-alive connection the server has just closed fails before any text.
      maxRetries: 1,
      timeout: options.timeoutMs,
    });
  }

  /** The endpoint answers and serves the configured model. */
  async ready(): Promise<void> {
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}/models`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${this.options.apiKey}` }, signal: AbortSignal.timeout(this.options.timeoutMs) });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  }

  async generate(request: GenerateRequest): Promise<string> {
    const messages: BaseMessage[] = [new SystemMessage(SYSTEM_PROMPT)];
    for (const t of [...WORKED_EXCHANGES, ...request.history]) messages.push(t.role === "user" ? new HumanMessage(t.content) : new AIMessage(t.content));
    messages.push(new HumanMessage(request.message));
    let text = "";
    try {
      const stream = await this.llm.stream(messages, { signal: request.signal });
      for await (const chunk of stream) {
        const piece = chunk.text;
        if (!piece) continue;
        text += piece;
        request.onText?.(piece);
      }
    } catch (e) {
      // Stopped on purpose (the guard or a deadline): what was written so far is the answer.
      if (request.signal?.aborted) return text;
      throw e;
    }
    return text;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
