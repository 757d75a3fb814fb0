/**
 * A crash or a full disk mid-write leaves a torn last line in a JSON Lines log (interactions, and
 * the files earlier versions kept, which are imported through the same reader): startup keeps
 * every complete record, drops the torn tail and appends cleanly after it (issue: one torn line in
 * conversations.jsonl made startup fail with a SyntaxError). Real stores, real files.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { EmbeddedInteractionStore } from "../retrieval/interactions.js";
import { readJsonLines } from "../retrieval/jsonl.js";

const dir = mkdtempSync(path.join(tmpdir(), "jsonl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("embedded logs with a torn tail", () => {
  it("interactions: an earlier version's log with a torn tail is imported whole but for the tail", async () => {
    const file = path.join(dir, "interactions.jsonl");
    writeFileSync(file, `${JSON.stringify({ userId: "u1", productId: 7, kind: "view", at: new Date().toISOString() })}\n{"userId":"u1","prod`);
    const store = new EmbeddedInteractionStore(dir);
    assert.deepEqual((await store.byUser("u1")).map((e) => e.productId), [7]);
    await store.record({ userId: "u1", productId: 8, kind: "purchase" });
    assert.equal(await store.count(), 2);
    await store.close();
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
