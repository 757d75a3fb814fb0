/**
 * On-device backend: a GGUF model (SmolLM2-135M-Instruct, fetched by `npm run models:chat`) run by
 * llama.cpp through node-llama-cpp's prebuilt CPU binary. Generation runs on llama.cpp's own
 * threads, so the event loop keeps serving other shoppers; one sequence answers one request at a
 * time (requests queue in order).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { ChatHistoryItem, Llama, LlamaChatSession, LlamaContext, LlamaModel } from "node-llama-cpp";
import { SYSTEM_PROMPT, WORKED_EXCHANGES, type ChatModel, type GenerateRequest } from "./model.js";

interface Loaded {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  session: LlamaChatSession;
}

export class LlamaCppChat implements ChatModel {
  readonly backend = "device" as const;
  readonly name: string;
  private loading: Promise<Loaded> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly modelPath: string,
    private readonly threads: number,
  ) {
    this.name = path.basename(modelPath, ".gguf");
  }

  ready(): Promise<void> {
    return this.load().then(() => undefined);
  }

  private load(): Promise<Loaded> {
    this.loading ??= (async () => {
      if (!existsSync(this.modelPath)) throw new Error(`${this.modelPath} is missing (npm run models:chat fetches it)`);
      const { getLlama, LlamaChatSession } = await import("node-llama-cpp");
      // build "never": only the prebuilt binary from npm; this project never compiles at run time.
      const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" as never });
      const model = await llama.loadModel({ modelPath: this.modelPath });
      const context = await model.createContext({ contextSize: 1024, threads: this.threads });
      const session = new LlamaChatSession({ contextSequence: context.getSequence() });
      return { llama, model, context, session };
    })();
    // A failed load may be retried by a later call (the file may appear after `models:chat`).
    this.loading.catch(() => (this.loading = null));
    return this.loading;
  }

  async generate(request: GenerateRequest): Promise<string> {
    const { session } = await this.load();
    const run = this.queue.then(async () => {
      const history: ChatHistoryItem[] = [{ type: "system", text: SYSTEM_PROMPT }];
      for (const t of [...WORKED_EXCHANGES, ...request.history]) {
        history.push(t.role === "user" ? { type: "user", text: t.content } : { type: "model", response: [t.content] });
      }
      session.setChatHistory(history);
      return session.prompt(request.message, {
        maxTokens: request.maxTokens,
        // Greedy: the same message gets the same answer (tests and blind comparisons can be rerun).
        temperature: 0,
        repeatPenalty: { penalty: 1.2 },
        onTextChunk: request.onText,
        signal: request.signal,
        stopOnAbortSignal: true,
      });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const loading = this.loading;
    this.loading = null;
    if (!loading) return;
    const loaded = await loading.catch(() => null);
    if (!loaded) return;
    await this.queue;
    await loaded.context.dispose();
    await loaded.model.dispose();
    await loaded.llama.dispose();
  }
}
