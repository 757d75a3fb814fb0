/**
 * One loaded model (tokenizer + ONNX sessions) and the operation the tasks need: generate text,
 * greedy or beam. Runs inside a worker thread.
 */
import { loadArtifacts, type ModelArtifacts } from "./artifacts.js";
import { T5Model, type SessionOptions } from "./t5.js";
import { T5Tokenizer } from "./tokenizer.js";

export interface GenerateOptions {
  maxNewTokens: number;
  numBeams?: number;
  lengthPenalty?: number;
}

export interface GenerateResult {
  text: string;
  ids: number[];
}

export class ModelEngine {
  private constructor(
    readonly artifacts: ModelArtifacts,
    readonly model: T5Model,
    readonly tokenizer: T5Tokenizer,
  ) {}

  static async open(dir: string, variant: "quantized" | "fp32" = "quantized", session: SessionOptions = {}): Promise<ModelEngine> {
    const artifacts = loadArtifacts(dir, variant);
    const model = await T5Model.load(artifacts.config, artifacts.encoderPath, artifacts.decoderPath, { ...session, logitsAreLogProbs: artifacts.logitsAreLogProbs });
    return new ModelEngine(artifacts, model, new T5Tokenizer(artifacts.tokenizerJson, artifacts.tokenizerConfig));
  }

  /** Generates for a batch of prompts; every row ends at its own end-of-sequence. */
  async generate(prompts: string[], o: GenerateOptions): Promise<GenerateResult[]> {
    const rows = prompts.map((p) => this.tokenizer.encode(p));
    const out =
      (o.numBeams ?? 1) > 1
        ? await this.model.beam(rows, { numBeams: o.numBeams!, maxNewTokens: o.maxNewTokens, lengthPenalty: o.lengthPenalty ?? 1, earlyStopping: true })
        : await this.model.greedy(rows, o.maxNewTokens);
    return out.map((g) => ({ ids: g.ids, text: this.tokenizer.decode(g.ids) }));
  }

  async release(): Promise<void> {
    await this.model.release();
  }
}
