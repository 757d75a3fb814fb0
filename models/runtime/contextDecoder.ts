/**
 * `translate context` on the understanding encoder: the conversation is read by the NLU model
 * (its `hidden` output, the same encoder and session that reads turns) and a small T5 decoder
 * trained on those states writes the task sentence (models/context/). Its words are pieces of the
 * encoder's own WordPiece vocabulary, so colours and brands the training never showed can be
 * copied; measured against the T5 student in models/README.md.
 */
import { z } from "zod";
import { loadDecoderArtifacts, ModelArtifactError } from "./artifacts.js";
import type { EncoderModel } from "./encoder.js";
import { CasingSchema, TaskWriter } from "./contextText.js";
import { T5Model, type SessionOptions } from "./t5.js";

const SubVocabularySchema = z.object({ wordpiece_ids: z.array(z.number().int().nonnegative()).min(3) });
const ManifestSchema = z.object({ max_source_tokens: z.number().int().positive(), encoder_sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** The task sentence is a short extraction ("Buy 3 navy blue Puma M t-shirt for men under $40."). */
const MAX_NEW_TOKENS = 48;
/** Sub-vocabulary ids 0-2 are [PAD], [SEP] (the end) and [UNK]: none is written. */
const SPECIALS = 3;

export class ContextDecoder {
  private constructor(
    private readonly encoder: EncoderModel,
    readonly model: T5Model,
    private readonly wordpiece: readonly number[],
    private readonly writer: TaskWriter,
    private readonly maxSourceTokens: number,
  ) {}

  static async open(dir: string, encoder: EncoderModel, session: SessionOptions = {}): Promise<ContextDecoder> {
    if (!encoder.hasHidden) throw new ModelArtifactError(dir, "the understanding encoder has no `hidden` output for this decoder to read");
    const a = loadDecoderArtifacts(dir);
    const sub = SubVocabularySchema.safeParse(a.readJson("subvocab.json"));
    if (!sub.success || sub.data.wordpiece_ids.length !== a.config.vocab_size) throw new ModelArtifactError(`${dir}/subvocab.json`, "malformed or not the decoder's vocabulary size");
    const casing = CasingSchema.safeParse(a.readJson("casing.json"));
    if (!casing.success) throw new ModelArtifactError(`${dir}/casing.json`, "malformed");
    const manifest = ManifestSchema.safeParse(a.readJson("manifest.json"));
    if (!manifest.success) throw new ModelArtifactError(`${dir}/manifest.json`, "no max_source_tokens or encoder_sha256");
    // Trained on the states of one encoder build: another build's states would be read as noise.
    if (manifest.data.encoder_sha256 !== encoder.modelSha256) throw new ModelArtifactError(dir, "trained on another build of the understanding encoder: retrain it (models/training/pipeline.sh)");
    const model = await T5Model.load(a.config, null, a.decoderPath, { ...session, logitsAreLogProbs: a.logitsAreLogProbs });
    return new ContextDecoder(encoder, model, sub.data.wordpiece_ids, new TaskWriter(casing.data), manifest.data.max_source_tokens);
  }

  /** The decoder's output as sub-vocabulary ids (for the parity test with Python). */
  async ids(conversation: string): Promise<number[]> {
    const states = await this.encoder.hidden(conversation, this.maxSourceTokens);
    return (await this.model.greedyFrom(states, MAX_NEW_TOKENS))[0]!.ids;
  }

  /** "User: ... | Bot: ..." -> the structured task sentence. */
  async translate(conversation: string): Promise<string> {
    const pieces = (await this.ids(conversation)).filter((i) => i >= SPECIALS).map((i) => this.wordpiece[i]!);
    return this.writer.write(this.encoder.tokenizer.decode(pieces));
  }

  async release(): Promise<void> {
    await this.model.release();
  }
}
