/**
 * The context decoder on the understanding encoder (models/context/) in Node matches the Python
 * pipeline that measured it: the same encoder ids for each golden conversation, the same decoded
 * ids and the same task sentence (models/context/golden.jsonl, written by evaluate.py from the
 * generated test split, seen and held-out phrasing). The written form's rules are checked alone.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { config, ROOT_DIR } from "../config.js";
import { ContextDecoder } from "../models/runtime/contextDecoder.js";
import { TaskWriter } from "../models/runtime/contextText.js";
import { EncoderModel } from "../models/runtime/encoder.js";

interface Golden {
  conversation: string;
  source_ids: number[];
  ids: number[];
  text: string;
  heldout: boolean;
}
const golden: Golden[] = readFileSync(path.join(ROOT_DIR, "models", "context", "golden.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Golden);
const CONTEXT_DIR = path.join(ROOT_DIR, "models", "artifacts", "context");

describe("context decoder parity with the Python pipeline", () => {
  let encoder: EncoderModel;
  let decoder: ContextDecoder;
  beforeAll(async () => {
    encoder = await EncoderModel.open(config.nluDir);
    decoder = await ContextDecoder.open(CONTEXT_DIR, encoder);
  });
  afterAll(async () => {
    await decoder?.release();
  });

  it("reads each golden conversation as the same encoder ids", () => {
    assert.ok(golden.length >= 30 && golden.some((g) => g.heldout) && golden.some((g) => !g.heldout));
    for (const g of golden) assert.deepEqual(encoder.tokenizer.encodeConversation(g.conversation, 128), g.source_ids, g.conversation);
  });

  it("writes the same ids and the same task sentence", async () => {
    for (const g of golden) {
      assert.deepEqual(await decoder.ids(g.conversation), g.ids, g.conversation);
      assert.equal(await decoder.translate(g.conversation), g.text, g.conversation);
    }
  });

  it("answers odd conversations with a sentence, not an error: empty, emoji only, control characters, very long", async () => {
    const long = `User: ${"I want a red shirt and also ".repeat(300)}in size M`;
    for (const c of ["", "User: 🙂🙂🙂", "User: \u0000\u0007 shirt", long]) {
      const out = await decoder.translate(c);
      assert.equal(typeof out, "string", c.slice(0, 40));
      assert.ok(out.length < 400, out);
    }
    // The start and the end of a long conversation are kept: the request and the latest answer.
    assert.equal(encoder.tokenizer.encodeConversation(long, 128).length, 128);
  });

  it("refuses a directory whose files do not match its manifest", async () => {
    await assert.rejects(ContextDecoder.open(path.join(ROOT_DIR, "models", "context"), encoder), /config\.json|manifest|missing/);
  });

  it("refuses a decoder trained on another build of the encoder", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "context-decoder-"));
    try {
      cpSync(CONTEXT_DIR, dir, { recursive: true });
      const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as { encoder_sha256: string };
      writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ ...manifest, encoder_sha256: "0".repeat(64) }));
      await assert.rejects(ContextDecoder.open(dir, encoder), /another build of the understanding encoder/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the task sentence's written form", () => {
  const writer = new TaskWriter({ phrases: ["Red Chief", "Free Size", "navy blue"], words: { buy: "Buy", a: "a", puma: "PUMA", mauve: "mauve", "q&q": "Q&Q", and: "and" } });

  it("spaces punctuation as the tasks do", () => {
    assert.equal(writer.write("buy a t - shirt under $ 29 . 99 ."), "Buy a t-shirt under $29.99.");
    assert.equal(writer.write("buy a q & q watch ."), "Buy a Q&Q watch.");
    assert.equal(writer.write("find a levi ' s belt between $ 10 and $ 20 ."), "Find a levi's belt between $10 and $20.");
  });

  it("cases catalog values of several words as wholes before single words", () => {
    assert.equal(writer.write("buy a red chief free size cap ."), "Buy a Red Chief Free Size cap.");
    assert.equal(writer.write("buy a navy blue puma cap ."), "Buy a navy blue PUMA cap.");
    // "red" alone is a colour, not the start of a brand.
    assert.equal(writer.write("buy a red cap ."), "Buy a red cap.");
  });
});
