/**
 * A crash or a full disk mid-write leaves a torn last line in an embedded store's log: startup
 * keeps every complete record, drops the torn tail and appends cleanly after it (issue: one torn
 * line in conversations.jsonl made startup fail with a SyntaxError). Real stores, real files.
 */
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { EmbeddedConversationStore } from "../retrieval/conversations.js";
import { EmbeddedInteractionStore } from "../retrieval/interactions.js";
import { readJsonLines } from "../retrieval/jsonl.js";

const dir = mkdtempSync(path.join(tmpdir(), "jsonl-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("embedded logs with a torn tail", () => {
  it("conversations: the complete turns survive, the torn line goes, the next turn appends cleanly", async () => {
    const first = new EmbeddedConversationStore(dir);
    await first.recordTurn({ userId: "u1", chatId: "c1", user: { content: "a red dress" }, bot: { content: "What size?" } });
    await first.close();
    const file = path.join(dir, "conversations.jsonl");
    appendFileSync(file, '{"kind":"turn","conversation":{"conversationId":"u1:c1","us'); // power cut mid-write
    const second = new EmbeddedConversationStore(dir);
    assert.deepEqual((await second.history("u1", "c1")).map((m) => m.content), ["a red dress", "What size?"]);
    await second.recordTurn({ userId: "u1", chatId: "c1", user: { content: "M" }, bot: { content: "Found one." } });
    await second.close();
    const third = new EmbeddedConversationStore(dir);
    assert.deepEqual((await third.history("u1", "c1")).map((m) => m.content), ["a red dress", "What size?", "M", "Found one."]);
    assert.ok(readFileSync(file, "utf8").endsWith("\n"));
    await third.close();
  });

  it("interactions: the same", () => {
    const file = path.join(dir, "interactions.jsonl");
    writeFileSync(file, `${JSON.stringify({ userId: "u1", productId: 7, kind: "view", at: new Date().toISOString() })}\n{"userId":"u1","prod`);
    assert.doesNotThrow(() => new EmbeddedInteractionStore(dir));
  });

  it("a bad line before the end is corruption, not a torn write, and names the file and line", () => {
    const file = path.join(dir, "bad.jsonl");
    writeFileSync(file, '{"a":1}\n{"a":\n{"a":3}\n');
    assert.throws(() => readJsonLines(file), /bad\.jsonl:2: not valid JSON/);
    writeFileSync(file, '{"a":1}\n{"a":2');
    assert.deepEqual(readJsonLines(file), { records: [{ a: 1 }], droppedBytes: 6 });
    assert.equal(readFileSync(file, "utf8"), '{"a":1}\n');
  });
});
