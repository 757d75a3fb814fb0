/**
 * One loaded model (tokenizer + ONNX sessions) and the three operations the tasks need:
 * generate text (greedy or beam), and score a closed label set. Runs inside a worker thread.
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

export interface LabelScores {
  label: string;
  confidence: number;
  /** Probability of each label, normalized over the label set (seed 004's all_probabilities). */
  all_probabilities: Record<string, number>;
}

export class ModelEngine {
  private readonly labelIds = new Map<string, number[][]>();

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

  /** Scores every label for one prompt; the best label is always one of `labels`. */
  async classify(prompt: string, labels: readonly string[]): Promise<LabelScores> {
    const key = labels.join("\u0000");
    let ids = this.labelIds.get(key);
    if (!ids) {
      ids = labels.map((l) => this.tokenizer.encodeTarget(l));
      this.labelIds.set(key, ids);
    }
    const logps = await this.model.scoreSequences(this.tokenizer.encode(prompt), ids);
    const max = Math.max(...logps);
    const exps = logps.map((l) => Math.exp(l - max));
    const total = exps.reduce((a, b) => a + b, 0);
    const probs = exps.map((e) => e / total);
    let best = 0;
    probs.forEach((p, i) => {
      if (p > probs[best]!) best = i;
    });
    return {
      label: labels[best]!,
      confidence: probs[best]!,
      all_probabilities: Object.fromEntries(labels.map((l, i) => [l, probs[i]!])),
    };
  }

  async release(): Promise<void> {
    await this.model.release();
  }
}
