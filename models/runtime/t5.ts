/**
 * T5 encoder-decoder generation on ONNX Runtime with the merged decoder's KV cache:
 * greedy and beam search over batches, and exact scoring of closed label sets.
 * Transformers.js' generate() has no beam search, so the loop lives here.
 */
import * as ort from "onnxruntime-node";
import { topK } from "../../retrieval/cf/topk.js";
import type { T5Config } from "./artifacts.js";

export interface SessionOptions {
  /** Intra-op threads per session (1 or 2 on this CPU; see npm run bench:models). */
  intraOpThreads?: number;
  graphOptimizationLevel?: "disabled" | "basic" | "extended" | "all";
}

export interface BeamOptions {
  numBeams: number;
  maxNewTokens: number;
  /** Exponent on length when ranking finished beams (HF semantics: score / len ** penalty). */
  lengthPenalty?: number;
  /** Stop a row once numBeams hypotheses are finished. */
  earlyStopping?: boolean;
}

export interface Generation {
  ids: number[];
  /** Sum of token log-probabilities. */
  logprob: number;
}

type Past = Map<string, ort.Tensor>;

/** An encoder's output for a batch: states [B, S, d_model] and the int64 attention mask [B, S]. */
export interface EncoderStates {
  hidden: ort.Tensor;
  mask: ort.Tensor;
}

const int64 = (data: number[], dims: number[]) => new ort.Tensor("int64", BigInt64Array.from(data, (x) => BigInt(x)), dims);

/** Rows `index` of a [B, ...] float32 or int64 tensor, as a new [index.length, ...] tensor. */
function gatherRows(t: ort.Tensor, index: readonly number[]): ort.Tensor {
  const dims = [index.length, ...t.dims.slice(1)];
  const rowSize = t.size / t.dims[0]!;
  const gather = <A extends Float32Array | BigInt64Array>(src: A, out: A): A => {
    index.forEach((r, i) => out.set(src.subarray(r * rowSize, (r + 1) * rowSize) as never, i * rowSize));
    return out;
  };
  if (t.type === "int64") return new ort.Tensor("int64", gather(t.data as BigInt64Array, new BigInt64Array(index.length * rowSize)), dims);
  return new ort.Tensor("float32", gather(t.data as Float32Array, new Float32Array(index.length * rowSize)), dims);
}

/** log-softmax of one row of raw logits (models exported before the graph normalized them). */
function logSoftmaxRow(logits: Float32Array, offset: number, size: number): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < size; i++) max = Math.max(max, logits[offset + i]!);
  let sum = 0;
  for (let i = 0; i < size; i++) sum += Math.exp(logits[offset + i]! - max);
  const lse = max + Math.log(sum);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = logits[offset + i]! - lse;
  return out;
}

export interface LoadOptions extends SessionOptions {
  /** The decoder graph ends in LogSoftmax (manifest.json's decoder_logits), so rows are read as they are. */
  logitsAreLogProbs?: boolean;
}

export class T5Model {
  /** Time spent inside session.run, for the runtime-overhead measurement. */
  runMs = 0;

  private constructor(
    readonly config: T5Config,
    /** Null for a decoder on another model's states (the context decoder reads the NLU encoder's). */
    private readonly encoder: ort.InferenceSession | null,
    private readonly decoder: ort.InferenceSession,
    private readonly logitsAreLogProbs: boolean,
  ) {}

  static async load(config: T5Config, encoderPath: string | null, decoderPath: string, options: LoadOptions = {}): Promise<T5Model> {
    const so: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: options.intraOpThreads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: options.graphOptimizationLevel ?? "all",
      executionProviders: ["cpu"],
    };
    const [encoder, decoder] = await Promise.all([encoderPath === null ? null : ort.InferenceSession.create(encoderPath, so), ort.InferenceSession.create(decoderPath, so)]);
    return new T5Model(config, encoder, decoder, options.logitsAreLogProbs ?? false);
  }

  async release(): Promise<void> {
    await Promise.all([this.encoder?.release(), this.decoder.release()]);
  }

  private async run(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>) {
    const t = performance.now();
    const out = await session.run(feeds);
    this.runMs += performance.now() - t;
    return out;
  }

  /** Pads a batch of token id rows; returns ids and attention mask tensors. */
  private padBatch(rows: number[][]): { ids: ort.Tensor; mask: ort.Tensor; len: number } {
    const len = Math.max(1, ...rows.map((r) => r.length));
    const ids: number[] = [];
    const mask: number[] = [];
    for (const r of rows) {
      for (let i = 0; i < len; i++) {
        ids.push(i < r.length ? r[i]! : this.config.pad_token_id);
        mask.push(i < r.length ? 1 : 0);
      }
    }
    return { ids: int64(ids, [rows.length, len]), mask: int64(mask, [rows.length, len]), len };
  }

  async encode(rows: number[][]): Promise<EncoderStates> {
    if (!this.encoder) throw new Error("this model has no encoder: pass encoder states to greedyFrom");
    const { ids, mask } = this.padBatch(rows);
    const out = await this.run(this.encoder, { input_ids: ids, attention_mask: mask });
    return { hidden: out.last_hidden_state!, mask };
  }

  private emptyPast(batch: number): Past {
    const past: Past = new Map();
    const { num_heads: h, d_kv: d } = this.config;
    for (let l = 0; l < this.config.num_decoder_layers; l++) {
      for (const part of ["decoder", "encoder"]) {
        for (const kv of ["key", "value"]) past.set(`past_key_values.${l}.${part}.${kv}`, new ort.Tensor("float32", new Float32Array(0), [batch, h, 0, d]));
      }
    }
    return past;
  }

  /** Log-probabilities over the vocabulary at `offset` of a logits buffer: a view when the graph normalized them. */
  private logProbsAt(data: Float32Array, offset: number, vocab: number): Float32Array {
    return this.logitsAreLogProbs ? data.subarray(offset, offset + vocab) : logSoftmaxRow(data, offset, vocab);
  }

  /**
   * One decoder step. `tokens` is [B, T] (T > 1 only on the first step); returns the
   * log-probabilities of the last position per row and the updated cache.
   */
  private async step(tokens: number[][], enc: EncoderStates, past: Past, first: boolean) {
    const feeds: Record<string, ort.Tensor> = {
      input_ids: int64(tokens.flat(), [tokens.length, tokens[0]!.length]),
      encoder_attention_mask: enc.mask,
      encoder_hidden_states: enc.hidden,
      use_cache_branch: new ort.Tensor("bool", [!first], [1]),
    };
    for (const [k, v] of past) feeds[k] = v;
    const out = await this.run(this.decoder, feeds);
    const logits = out.logits!;
    const [b, t, v] = logits.dims as [number, number, number];
    const data = logits.data as Float32Array;
    const rows: Float32Array[] = [];
    for (let i = 0; i < b; i++) rows.push(this.logProbsAt(data, (i * t + (t - 1)) * v, v));
    const next: Past = new Map();
    for (const k of past.keys()) {
      const present = k.replace("past_key_values", "present");
      // The encoder's cross-attention cache is computed on the first step and reused after.
      next.set(k, !first && k.includes(".encoder.") ? past.get(k)! : out[present]!);
    }
    return { logprobs: rows, past: next };
  }

  /** Greedy decoding of a batch; each row stops at its own end-of-sequence. */
  async greedy(rows: number[][], maxNewTokens: number): Promise<Generation[]> {
    return this.greedyFrom(await this.encode(rows), maxNewTokens);
  }

  /** Greedy decoding from encoder states [B, S, d_model] (this model's or another encoder's). */
  async greedyFrom(enc: EncoderStates, maxNewTokens: number): Promise<Generation[]> {
    const batch = enc.hidden.dims[0]!;
    const { decoder_start_token_id: start, eos_token_id: eos, pad_token_id: pad } = this.config;
    let past = this.emptyPast(batch);
    const out: Generation[] = Array.from({ length: batch }, () => ({ ids: [], logprob: 0 }));
    const done = out.map(() => false);
    let last = out.map(() => start);
    for (let s = 0; s < maxNewTokens && done.includes(false); s++) {
      const r = await this.step(last.map((t) => [t]), enc, past, s === 0);
      past = r.past;
      last = r.logprobs.map((lp, i) => {
        if (done[i]) return pad;
        let best = 0;
        for (let j = 1; j < lp.length; j++) if (lp[j]! > lp[best]!) best = j;
        out[i]!.logprob += lp[best]!;
        if (best === eos) done[i] = true;
        else out[i]!.ids.push(best);
        return best;
      });
    }
    return out;
  }

  /** Beam search per row (HF-style: 2k candidates per step, length-penalised finished hypotheses). */
  async beam(rows: number[][], o: BeamOptions): Promise<Generation[]> {
    const k = o.numBeams;
    if (k <= 1) return this.greedy(rows, o.maxNewTokens);
    const lengthPenalty = o.lengthPenalty ?? 1;
    const { decoder_start_token_id: start, eos_token_id: eos } = this.config;
    const base = await this.encode(rows);
    const expand = rows.flatMap((_, i) => Array.from({ length: k }, () => i));
    const enc = { hidden: gatherRows(base.hidden, expand), mask: gatherRows(base.mask, expand) };
    type Beam = { ids: number[]; score: number };
    // Only the first beam of each row is live at the start, so the k beams do not start identical.
    let beams: Beam[][] = rows.map(() => Array.from({ length: k }, (_, j) => ({ ids: [], score: j === 0 ? 0 : -Infinity })));
    const finished: { ids: number[]; score: number; logprob: number }[][] = rows.map(() => []);
    const rowDone = rows.map(() => false);
    let past = this.emptyPast(expand.length);
    let last = expand.map(() => start);
    const ranked = (ids: number[], logprob: number) => logprob / Math.pow(Math.max(1, ids.length + 1), lengthPenalty);

    for (let s = 0; s < o.maxNewTokens && rowDone.includes(false); s++) {
      const r = await this.step(last.map((t) => [t]), enc, past, s === 0);
      const order: number[] = [];
      const nextBeams: Beam[][] = [];
      for (let row = 0; row < rows.length; row++) {
        const cands: { from: number; token: number; score: number }[] = [];
        if (!rowDone[row]) {
          for (let b = 0; b < k; b++) {
            const beam = beams[row]![b]!;
            if (beam.score === -Infinity) continue;
            const lp = r.logprobs[row * k + b]!;
            const top = topK(lp, 2 * k);
            for (const t of top) cands.push({ from: b, token: t, score: beam.score + lp[t]! });
          }
          cands.sort((a, b) => b.score - a.score);
        }
        const keep: Beam[] = [];
        for (const c of cands) {
          if (keep.length >= k) break;
          const ids = [...beams[row]![c.from]!.ids];
          if (c.token === eos) {
            finished[row]!.push({ ids, logprob: c.score, score: ranked(ids, c.score) });
            continue;
          }
          ids.push(c.token);
          keep.push({ ids, score: c.score });
          order.push(row * k + c.from);
        }
        while (keep.length < k) {
          keep.push({ ids: [], score: -Infinity });
          order.push(row * k);
        }
        nextBeams.push(keep);
        const fin = finished[row]!;
        if (!rowDone[row] && fin.length >= k) {
          const bestLive = Math.max(...keep.map((b) => b.score));
          const bestFinished = Math.max(...fin.map((f) => f.score));
          // Early stopping: k finished hypotheses are enough; otherwise stop when no live beam can win.
          if (o.earlyStopping !== false || ranked(keep[0]!.ids, bestLive) <= bestFinished) rowDone[row] = true;
        }
      }
      beams = nextBeams;
      past = new Map([...r.past].map(([name, t]) => [name, name.includes(".encoder.") ? t : gatherRows(t, order)]));
      last = beams.flatMap((bs) => bs.map((b) => b.ids[b.ids.length - 1] ?? start));
    }
    return rows.map((_, row) => {
      const pool = [...finished[row]!, ...beams[row]!.filter((b) => b.score > -Infinity).map((b) => ({ ids: b.ids, logprob: b.score, score: ranked(b.ids, b.score) }))];
      pool.sort((a, b) => b.score - a.score);
      const best = pool[0] ?? { ids: [], logprob: 0 };
      return { ids: best.ids, logprob: best.logprob };
    });
  }
}
