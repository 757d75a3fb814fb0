/** The ONNX T5 runtime against the shipped int8 student: parity with Python, decoding, loading errors. */
import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { loadArtifacts, ModelArtifactError } from "../models/runtime/artifacts.js";
import { T5Model } from "../models/runtime/t5.js";
import { modelDir, readGolden, sharedEngine } from "./helpers/models.js";

describe("model artifacts", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "model-artifacts-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

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

  it("tokenizes (through @huggingface/transformers) every golden output to the Python tokenizer's ids, and back to its text", async () => {
    const { tokenizer } = await sharedEngine();
    const differ = readGolden().filter((g) => {
      const ids = g.output_ids.at(-1) === EOS ? g.output_ids.slice(0, -1) : g.output_ids;
      return JSON.stringify(tokenizer.encodeTarget(g.output)) !== JSON.stringify(ids) || tokenizer.decode(ids) !== g.output;
    });
    assert.deepEqual(differ.map((g) => g.output), []);
  });
});

describe("decoding", () => {
  const prompts = [
    "ask question: User: I need a navy blue shirt from Turtle in size M",
    "translate context: User: I'm looking for a shirt | Bot: Do you have a preferred brand? | User: Adidas | Bot: What color do you prefer? | User: Yellow | Bot: What material or style do you prefer? | User: In size XL",
    "ask question: User: I want to buy a blue jacket.",
    "translate context: User: a striped polo tee with a round neck",
  ];

  it("ends each row of a batch at its own end of sequence", async () => {
    // Not "the same output as alone": dynamic int8 quantization scales activations over the whole
    // batch, so a row can differ from its lone decoding (which is why the pool never batches int8
    // requests). What the loop itself owes: a row that ended emits nothing more, and others go on.
    const engine = await sharedEngine();
    const pad = 0;
    for (const beams of [1, 5]) {
      const batch = await engine.generate(prompts, { maxNewTokens: 48, numBeams: beams });
      assert.equal(batch.length, prompts.length);
      for (const out of batch) {
        assert.ok(!out.ids.includes(EOS) && !out.ids.includes(pad), `beams=${beams}: ${out.ids.join(",")}`);
        assert.ok(out.text.length > 0);
      }
      assert.ok(new Set(batch.map((o) => o.ids.length)).size > 1, `beams=${beams}: rows of different lengths`);
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

describe("log-probabilities from the graph", () => {
  it("match normalizing the raw output in JavaScript (the manifest's decoder_logits holds)", async () => {
    const engine = await sharedEngine();
    const a = loadArtifacts(modelDir);
    assert.equal(a.logitsAreLogProbs, true, "the shipped export normalizes inside the graph");
    // Normalizing again in JavaScript is a no-op only if the graph's rows already are log-probabilities.
    const raw = await T5Model.load(a.config, a.encoderPath, a.decoderPath, { intraOpThreads: 1, logitsAreLogProbs: false });
    try {
      const rows = [engine.tokenizer.encode("translate context: User: do you have red running shoes from nike?")];
      const [fast] = await engine.model.greedy(rows, 48);
      const [slow] = await raw.greedy(rows, 48);
      assert.deepEqual(fast!.ids, slow!.ids);
      assert.ok(Math.abs(fast!.logprob - slow!.logprob) < 1e-3, `${fast!.logprob} vs ${slow!.logprob}`);
      assert.ok(fast!.logprob < 0);
    } finally {
      await raw.release();
    }
  });
});

describe("hostile input", () => {
  /** Deterministic random strings, including hostile ones. */
  function* inputs(): Generator<string> {
    yield "";
    yield " ";
    yield "🙂🙂🙂";
    yield '{"$gt": ""}';
    yield "<PRICE> <AVAILABLE> </s> <pad> <unk>";
    yield "ask question: ask question: ask question:";
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

  it("decodes to bounded text of the model's vocabulary, never an error", async () => {
    const engine = await sharedEngine();
    for (const text of inputs()) {
      const [out] = await engine.generate([`ask question: User: ${text}`], { maxNewTokens: 24, numBeams: 1 });
      assert.ok(out!.ids.length <= 24, JSON.stringify(text));
      assert.equal(typeof out!.text, "string");
      assert.ok(!out!.text.includes("</s>") && !out!.text.includes("<pad>"), out!.text);
    }
  });
});
