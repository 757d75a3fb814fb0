/**
 * The understanding encoder at run time: the fine-tuned MiniLM (models/nlu/) as one int8 ONNX
 * graph with four heads. Input is a sentence pair, the shopper's message and the agent's pending
 * context; output is every label's probability for intent, sentiment and category, and a BIO tag
 * (slot key x role) for each word of the message with its character offsets.
 *
 * Tokenization: BERT's pre-tokenizer (whitespace, then every punctuation character alone) is done
 * here so each word keeps its offsets in the original text; each word goes through the shipped
 * WordPiece tokenizer (@huggingface/transformers' PreTrainedTokenizer). The parity test checks the
 * ids against the ones the Python tokenizer produced for the golden file.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { PreTrainedTokenizer } from "@huggingface/transformers";
import { z } from "zod";
import { ModelArtifactError } from "./artifacts.js";
import type { EncoderStates, SessionOptions } from "./t5.js";
import { decodeTags, type TagDecoding } from "./tagDecoding.js";

const LabelsSchema = z.object({
  intents: z.array(z.string()).min(2),
  sentiments: z.array(z.string()).min(2),
  categories: z.array(z.string()).min(1),
  tags: z.array(z.string()).min(1),
});
export type EncoderLabels = z.infer<typeof LabelsSchema>;

const ManifestSchema = z.object({
  files: z.record(z.string(), z.object({ size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  max_len: z.number().int().positive(),
  /** How word tags are decoded (models from before it take each word's most probable tag). */
  tag_decoding: z.object({ o_bias: z.number(), invalid_transition_penalty: z.number().positive() }).optional(),
});

/** One word of the message with the tag its first word piece got (decoded as valid BIO when the manifest says so). */
export interface TaggedWord {
  text: string;
  start: number;
  end: number;
  tag: string;
  /** Probability of that tag. */
  p: number;
  /** The word's own most probable tag, when decoding chose another (see nlu/understanding.ts). */
  own?: { tag: string; p: number };
}

export interface EncoderReading {
  intent: Record<string, number>;
  sentiment: Record<string, number>;
  category: Record<string, number>;
  words: TaggedWord[];
  /** Time inside session.run (ms). */
  runMs: number;
}

/** BERT's punctuation: ASCII symbols and Unicode P*; every one is a word of its own. */
const WORD = /[^\s!-/:-@[-`{-~\p{P}]+|[!-/:-@[-`{-~]|\p{P}/gu;

export interface PairEncoding {
  inputIds: number[];
  tokenTypeIds: number[];
  /** Index of the first token of each word of segment A, and the words. */
  firstToken: number[];
  words: { text: string; start: number; end: number }[];
}

export class PairTokenizer {
  private readonly tok: PreTrainedTokenizer;
  private readonly cache = new Map<string, number[]>();
  readonly cls: number;
  readonly sep: number;

  constructor(tokenizerJson: object, tokenizerConfig: object, readonly maxLen = 128, readonly maxContext = 24) {
    this.tok = new PreTrainedTokenizer(tokenizerJson, tokenizerConfig);
    const vocab = this.tok.get_vocab();
    const cls = vocab.get("[CLS]");
    const sep = vocab.get("[SEP]");
    if (cls === undefined || sep === undefined) throw new Error("tokenizer lacks [CLS]/[SEP]");
    this.cls = cls;
    this.sep = sep;
  }

  private pieces(word: string): number[] {
    let ids = this.cache.get(word);
    if (!ids) {
      ids = this.tok.encode(word, { add_special_tokens: false });
      if (this.cache.size > 20_000) this.cache.clear();
      this.cache.set(word, ids);
    }
    return ids;
  }

  encode(text: string, context: string): PairEncoding {
    const words = [...text.matchAll(WORD)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
    const ctx = [...context.matchAll(WORD)].flatMap((m) => this.pieces(m[0])).slice(0, this.maxContext);
    const budget = this.maxLen - 3 - ctx.length;
    const inputIds = [this.cls];
    const firstToken: number[] = [];
    const kept: typeof words = [];
    for (const w of words) {
      const ids = this.pieces(w.text);
      if (ids.length === 0) continue; // characters the normalizer drops (control characters)
      if (inputIds.length - 1 + ids.length > budget) break; // a very long message keeps its start
      firstToken.push(inputIds.length);
      kept.push(w);
      inputIds.push(...ids);
    }
    inputIds.push(this.sep);
    const tokenTypeIds = inputIds.map(() => 0);
    for (const id of [...ctx, this.sep]) {
      inputIds.push(id);
      tokenTypeIds.push(1);
    }
    return { inputIds, tokenTypeIds, firstToken, words: kept };
  }

  /**
   * A conversation for the context decoder, as models/context/states.py encodes it: [CLS] pieces
   * [SEP], and beyond `max` tokens its first and last max/2 (the request and the latest answers).
   */
  encodeConversation(text: string, max: number): number[] {
    const ids = [this.cls, ...[...text.matchAll(WORD)].flatMap((m) => this.pieces(m[0])), this.sep];
    return ids.length <= max ? ids : [...ids.slice(0, max / 2), ...ids.slice(ids.length - max / 2)];
  }

  /** WordPiece ids back to text (the tokenizer's own decoder: "##" pieces joined, words spaced). */
  decode(ids: readonly number[]): string {
    return ids.length === 0 ? "" : this.tok.decode([...ids], { skip_special_tokens: true });
  }

  /** One segment, as Python's tokenizer(text) encodes it: [CLS] pieces [SEP], long texts cut at maxLen. */
  encodeSingle(text: string): number[] {
    const ids = [...text.matchAll(WORD)].flatMap((m) => this.pieces(m[0])).slice(0, this.maxLen - 2);
    return [this.cls, ...ids, this.sep];
  }
}

/** The model's inputs for one segment of one text: every token attended, all of segment A. */
function singleSegment(ids: readonly number[]): { input_ids: ort.Tensor; attention_mask: ort.Tensor; token_type_ids: ort.Tensor } {
  const n = ids.length;
  return {
    input_ids: new ort.Tensor("int64", BigInt64Array.from(ids, (x) => BigInt(x)), [1, n]),
    attention_mask: new ort.Tensor("int64", new BigInt64Array(n).fill(1n), [1, n]),
    token_type_ids: new ort.Tensor("int64", new BigInt64Array(n), [1, n]),
  };
}

function softmax(row: ArrayLike<number>, labels: readonly string[]): Record<string, number> {
  let max = -Infinity;
  for (let i = 0; i < labels.length; i++) max = Math.max(max, row[i]!);
  let sum = 0;
  const e = labels.map((_, i) => {
    const v = Math.exp(row[i]! - max);
    sum += v;
    return v;
  });
  return Object.fromEntries(labels.map((l, i) => [l, e[i]! / sum]));
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new ModelArtifactError(file, "missing");
  return JSON.parse(readFileSync(file, "utf8"));
}

const READ_OUTPUTS = ["intent_logits", "sentiment_logits", "category_logits", "tag_logits"];

export class EncoderModel {
  runMs = 0;

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly tokenizer: PairTokenizer,
    readonly labels: EncoderLabels,
    /** Valid-BIO decoding of the word tags, when the manifest asks for it. */
    readonly tagDecoding: TagDecoding | null = null,
    /** SHA-256 of the model file (a decoder trained on this encoder's states names the build it needs). */
    readonly modelSha256 = "",
  ) {}

  /** Loads a model directory from disk only, checking every file against manifest.json. */
  static async open(dir: string, options: SessionOptions = {}): Promise<EncoderModel> {
    const manifestFile = path.join(dir, "manifest.json");
    const manifest = ManifestSchema.safeParse(readJson(manifestFile));
    if (!manifest.success) throw new ModelArtifactError(manifestFile, "malformed manifest");
    for (const [name, entry] of Object.entries(manifest.data.files)) {
      const file = path.join(dir, name);
      if (!existsSync(file)) throw new ModelArtifactError(file, "listed in manifest.json but missing");
      if (sha256(file) !== entry.sha256) throw new ModelArtifactError(file, "SHA-256 does not match manifest.json (corrupt or stale file)");
    }
    const labels = LabelsSchema.parse(readJson(path.join(dir, "labels.json")));
    const tokenizer = new PairTokenizer(readJson(path.join(dir, "tokenizer.json")) as object, readJson(path.join(dir, "tokenizer_config.json")) as object);
    const session = await ort.InferenceSession.create(path.join(dir, "model_quantized.onnx"), {
      intraOpNumThreads: options.intraOpThreads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: options.graphOptimizationLevel ?? "all",
      executionProviders: ["cpu"],
    });
    const d = manifest.data.tag_decoding;
    const decoding = d ? { oBias: d.o_bias, invalidTransitionPenalty: d.invalid_transition_penalty } : null;
    return new EncoderModel(session, tokenizer, labels, decoding, manifest.data.files["model_quantized.onnx"]?.sha256 ?? "");
  }

  /** Whether this model has the sentence-vector output retrieval uses (models from before it do not). */
  get embeds(): boolean {
    return this.session.outputNames.includes("semantic");
  }

  /** The text's sentence vector (one segment), unit length: cosine similarity is a dot product. */
  async embed(text: string): Promise<Float32Array> {
    if (!this.embeds) throw new Error("this encoder has no sentence-vector output (retrain with models/nlu/pipeline.sh)");
    const feeds = singleSegment(this.tokenizer.encodeSingle(text));
    const t = performance.now();
    const out = await this.session.run(feeds, ["semantic"]);
    this.runMs += performance.now() - t;
    const v = Float32Array.from(out.semantic!.data as Float32Array);
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < v.length; i++) v[i]! /= norm;
    return v;
  }

  /** Whether this model exposes its last hidden state (`hidden`), which the context decoder reads. */
  get hasHidden(): boolean {
    return this.session.outputNames.includes("hidden");
  }

  /** The encoder's last hidden state for one conversation (the context decoder's input). */
  async hidden(conversation: string, maxTokens: number): Promise<EncoderStates> {
    if (!this.hasHidden) throw new Error("this encoder has no `hidden` output (models/nlu/export.py --expose-hidden)");
    const feeds = singleSegment(this.tokenizer.encodeConversation(conversation, maxTokens));
    const t = performance.now();
    const out = await this.session.run(feeds, ["hidden"]);
    this.runMs += performance.now() - t;
    return { hidden: out.hidden!, mask: feeds.attention_mask };
  }

  async read(text: string, context: string): Promise<EncoderReading> {
    const enc = this.tokenizer.encode(text, context);
    const n = enc.inputIds.length;
    const feeds = {
      input_ids: new ort.Tensor("int64", BigInt64Array.from(enc.inputIds.map(BigInt)), [1, n]),
      attention_mask: new ort.Tensor("int64", new BigInt64Array(n).fill(1n), [1, n]),
      token_type_ids: new ort.Tensor("int64", BigInt64Array.from(enc.tokenTypeIds.map(BigInt)), [1, n]),
    };
    const t = performance.now();
    const out = await this.session.run(feeds, READ_OUTPUTS);
    const runMs = performance.now() - t;
    this.runMs += runMs;
    const tags = out.tag_logits!.data as Float32Array;
    const T = this.labels.tags.length;
    // Each word's first piece carries its tag.
    const rows = new Float32Array(enc.words.length * T);
    enc.words.forEach((_, i) => rows.set(tags.subarray(enc.firstToken[i]! * T, (enc.firstToken[i]! + 1) * T), i * T));
    const decoded = this.tagDecoding ? decodeTags(rows, enc.words.length, this.labels.tags, this.tagDecoding) : null;
    const words: TaggedWord[] = enc.words.map((w, i) => {
      const probs = softmax(rows.subarray(i * T, (i + 1) * T), this.labels.tags);
      let best = "O";
      for (const [k, v] of Object.entries(probs)) if (v > probs[best]!) best = k;
      const tag = decoded ? this.labels.tags[decoded[i]!]! : best;
      return { ...w, tag, p: probs[tag]!, ...(tag !== best ? { own: { tag: best, p: probs[best]! } } : {}) };
    });
    return {
      intent: softmax(out.intent_logits!.data as Float32Array, this.labels.intents),
      sentiment: softmax(out.sentiment_logits!.data as Float32Array, this.labels.sentiments),
      category: softmax(out.category_logits!.data as Float32Array, this.labels.categories),
      words,
      runMs,
    };
  }
}
