/** The ONNX T5 runtime against the shipped int8 student: parity with Python, decoding, loading errors. */
import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadArtifacts, ModelArtifactError } from "../models/runtime/artifacts.js";
import { INTENTS } from "../models/runtime/labels.js";
import { lengthBuckets, T5Model } from "../models/runtime/t5.js";
import { modelDir, readGolden, sharedEngine } from "./helpers/models.js";

describe("model artifacts", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "model-artifacts-"));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("load from disk with a verified manifest", () => {
    const a = loadArtifacts(modelDir);
    assert.ok(a.config.d_model > 0);
    assert.equal(a.variant, "quantized");
  });

  it("name a missing file", () => {
    const dir = path.join(scratch, "missing");
    cpSync(modelDir, dir, { recursive: true });
    rmSync(path.join(dir, "onnx", "decoder_model_merged_quantized.onnx"));
    assert.throws(() => loadArtifacts(dir), (e: unknown) => e instanceof ModelArtifactError && e.file.endsWith("decoder_model_merged_quantized.onnx"));
  });

  it("name a corrupt file", () => {
    const dir = path.join(scratch, "corrupt");
    cpSync(modelDir, dir, { recursive: true });
    const f = path.join(dir, "onnx", "encoder_model_quantized.onnx");
    const bytes = readFileSync(f);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(f, bytes);
    assert.throws(() => loadArtifacts(dir), (e: unknown) => e instanceof ModelArtifactError && e.file.endsWith("encoder_model_quantized.onnx") && /SHA-256/.test(e.message));
  });

  it("name a malformed config", () => {
    const dir = path.join(scratch, "config");
    cpSync(modelDir, dir, { recursive: true });
    copyFileSync(path.join(dir, "tokenizer_config.json"), path.join(dir, "config.json"));
    assert.throws(() => loadArtifacts(dir), (e: unknown) => e instanceof ModelArtifactError && e.file.endsWith("config.json"));
  });
});

const EOS = 1;

describe("parity with the Python pipeline", () => {
  it("reproduces every golden greedy output exactly", async () => {
    const engine = await sharedEngine();
    const golden = readGolden();
    assert.ok(golden.length >= 100, `golden file has ${golden.length} entries`);
    // The pipeline decodes each task with its own budget (tasks.json); so does the runtime here.
    const budgets = JSON.parse(readFileSync(path.join(modelDir, "tasks.json"), "utf8")) as Record<string, { max_new_tokens: number }>;
    const mismatches: string[] = [];
    for (const g of golden) {
      const maxNewTokens = g.max_new_tokens ?? budgets[g.task]?.max_new_tokens ?? 64;
      const [out] = await engine.generate([g.input], { maxNewTokens, numBeams: 1 });
      // The golden ids include the end-of-sequence token when one was produced; the runtime's do not.
      const expected = g.output_ids.at(-1) === EOS ? g.output_ids.slice(0, -1) : g.output_ids;
      if (JSON.stringify(out!.ids) !== JSON.stringify(expected)) mismatches.push(`${g.input} -> ${out!.text} (python: ${g.output})`);
    }
    assert.deepEqual(mismatches, [], `${mismatches.length}/${golden.length} differ`);
  });
});

describe("decoding", () => {
  const prompts = [
    "extract slot: I need a navy blue shirt from Turtle in size M",
    "translate context: User: I'm looking for a shirt | Bot: Do you have a preferred brand? | User: Adidas | Bot: What color do you prefer? | User: Yellow | Bot: What material or style do you prefer? | User: In size XL",
    "ask question: User: I want to buy a blue jacket.",
    "extract features: a striped polo tee with a round neck",
  ];

  it("gives each row of a batch the same output as alone (per-row end of sequence)", async () => {
    const engine = await sharedEngine();
    for (const beams of [1, 5]) {
      const batch = await engine.generate(prompts, { maxNewTokens: 48, numBeams: beams });
      for (const [i, p] of prompts.entries()) {
        const [alone] = await engine.generate([p], { maxNewTokens: 48, numBeams: beams });
        assert.deepEqual(batch[i]!.ids, alone!.ids, `beams=${beams}: ${p}`);
      }
    }
  });

  it("respects max_new_tokens", async () => {
    const engine = await sharedEngine();
    const [out] = await engine.generate([prompts[1]!], { maxNewTokens: 3, numBeams: 1 });
    assert.ok(out!.ids.length <= 3);
  });

  it("with beam search finds a sequence at least as likely (per token) as greedy's", async () => {
    const engine = await sharedEngine();
    for (const p of prompts) {
      const rows = [engine.tokenizer.encode(p)];
      const [g] = await engine.model.greedy(rows, 48);
      const [b] = await engine.model.beam(rows, { numBeams: 5, maxNewTokens: 48, lengthPenalty: 1 });
      // Dynamic int8 quantization scales activations per run, so a sequence scored inside a batch of
      // 5 beams differs from greedy's batch of 1 in the third decimal: compare with that tolerance.
      assert.ok(b!.logprob / (b!.ids.length + 1) >= g!.logprob / (g!.ids.length + 1) - 0.01, p);
    }
  });
});

describe("label length buckets", () => {
  const cost = (lengths: number[], groups: number[][], runCost: number) =>
    groups.reduce((c, g) => c + g.length * Math.max(...g.map((i) => lengths[i]!)) + runCost, 0);

  it("score every label exactly once, in groups no costlier than any other split", () => {
    let seed = 3;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(next() * 9);
      const lengths = Array.from({ length: n }, () => 1 + Math.floor(next() * 7));
      const runCost = Math.floor(next() * 12);
      const groups = lengthBuckets(lengths, runCost);
      assert.deepEqual(groups.flat().sort((a, b) => a - b), lengths.map((_, i) => i));
      for (const g of groups) assert.equal(lengths[g.at(-1)!], Math.max(...g.map((i) => lengths[i]!)), "last row of a group is its longest");
      // Brute force over every contiguous split of the length-sorted rows.
      const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]!);
      let best = Infinity;
      for (let mask = 0; mask < 2 ** (n - 1); mask++) {
        const split: number[][] = [[order[0]!]];
        for (let i = 1; i < n; i++) {
          if (mask & (1 << (i - 1))) split.push([order[i]!]);
          else split.at(-1)!.push(order[i]!);
        }
        best = Math.min(best, cost(lengths, split, runCost));
      }
      assert.equal(cost(lengths, groups, runCost), best, JSON.stringify({ lengths, runCost }));
    }
  });

  it("keep one run when runs are expensive", () => {
    assert.equal(lengthBuckets([1, 5, 2, 3], 1000).length, 1);
    assert.deepEqual(lengthBuckets([], 8), []);
  });
});

describe("log-probabilities from the graph", () => {
  it("match normalizing the raw output in JavaScript (the manifest's decoder_logits holds)", async () => {
    const engine = await sharedEngine();
    const a = loadArtifacts(modelDir);
    assert.equal(a.logitsAreLogProbs, true, "the shipped export normalizes inside the graph");
    // Normalizing again in JavaScript is a no-op only if the graph's rows already are log-probabilities.
    const raw = await T5Model.load(a.config, a.encoderPath, a.decoderPath, { intraOpThreads: 1, logitsAreLogProbs: false });
    try {
      const input = engine.tokenizer.encode("classify intent: do you have red running shoes from nike?");
      const labels = INTENTS.map((l) => engine.tokenizer.encodeTarget(l));
      const fast = await engine.model.scoreSequences(input, labels);
      const slow = await raw.scoreSequences(input, labels);
      fast.forEach((f, i) => assert.ok(Math.abs(f - slow[i]!) < 1e-4, `${INTENTS[i]}: ${f} vs ${slow[i]}`));
      assert.ok(fast.every((f) => f < 0));
    } finally {
      await raw.release();
    }
  });
});

describe("constrained decoding of closed label sets", () => {
  /** Deterministic random strings, including hostile ones. */
  function* inputs(): Generator<string> {
    yield "";
    yield " ";
    yield "🙂🙂🙂";
    yield '{"$gt": ""}';
    yield "<PRICE> <AVAILABLE> </s> <pad> <unk>";
    yield "classify intent: classify intent: classify intent:";
    yield "a".repeat(5000);
    yield "DROP TABLE products; --";
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789$%&*()[]{}<>|=,.!?'\"\\/éü中文🙂\n\t";
    for (let i = 0; i < 40; i++) {
      const len = Math.floor(next() * 120);
      yield Array.from({ length: len }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
    }
  }

  it("always answers a valid label with probabilities that sum to one", async () => {
    const engine = await sharedEngine();
    for (const text of inputs()) {
      const r = await engine.classify(`classify intent: ${text}`, INTENTS);
      assert.ok((INTENTS as readonly string[]).includes(r.label), JSON.stringify(text));
      const probs = Object.values(r.all_probabilities);
      assert.equal(probs.length, INTENTS.length);
      assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-6);
      assert.equal(r.confidence, Math.max(...probs));
    }
  });
});
