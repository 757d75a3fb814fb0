/** The ONNX T5 runtime against the shipped int8 student: parity with Python, decoding, loading errors. */
import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadArtifacts, ModelArtifactError } from "../models/runtime/artifacts.js";
import { INTENTS } from "../models/runtime/labels.js";
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
