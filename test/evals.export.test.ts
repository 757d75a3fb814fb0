/**
 * npm run eval:export end to end on the embedded stores: conversations recorded through the real
 * conversation store come out as dialogue files that load and validate, and bad input exits 2
 * with a message that says what is wrong.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ROOT_DIR } from "../config.js";
import { loadDialogues } from "../evals/load.js";
import { EmbeddedConversationStore } from "../retrieval/conversations.js";

const dir = mkdtempSync(path.join(tmpdir(), "evals-export-"));

function exportCli(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: "silent" };
  delete env.MONGODB_URI;
  return spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT_DIR, "evals", "cli", "export.ts"), ...args], { cwd: ROOT_DIR, env, encoding: "utf8", timeout: 120_000 });
}

describe("npm run eval:export", () => {
  beforeAll(async () => {
    const store = new EmbeddedConversationStore(dir);
    await store.recordTurn({ userId: "alice", chatId: "c1", user: { content: "hi", intent: "greeting", confidence: 0.9, entities: {} }, bot: { content: "Hi! How may I assist you today?" } });
    await store.recordTurn({ userId: "alice", chatId: "c1", user: { content: "black fossil watch", intent: "find_product", confidence: 0.8, entities: { product_type: "Watches", color: "Black", brand: "Fossil" } }, bot: { content: "Found one", productIds: [] } });
    await store.recordTurn({ userId: "alice", chatId: "c2", user: { content: "where is my order", intent: "track_order", confidence: 0.7, entities: {} }, bot: { content: "..." } });
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exports every conversation of a user as valid dialogues with draft expectations", () => {
    const out = path.join(dir, "alice.jsonl");
    const r = exportCli(["--user", "alice", "--out", out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /wrote 2 dialogue\(s\)/);
    const dialogues = loadDialogues(out);
    assert.deepEqual(dialogues.map((d) => d.id).sort(), ["alice-c1", "alice-c2"]);
    const c1 = dialogues.find((d) => d.id === "alice-c1")!;
    assert.deepEqual(c1.turns.map((t) => t.user), ["hi", "black fossil watch"]);
    assert.deepEqual(c1.turns[1]?.expect, { intent: "find_product", slots: { product_type: "Watches", color: "Black", brand: "Fossil" } });
    assert.deepEqual(c1.tags, ["recorded"]);
  });

  it("exports one conversation to stdout", () => {
    const r = exportCli(["--conversation", "alice:c2"]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /"id":"alice-c2".*"intent":"track_order"/);
  });

  it("exits 2 naming the problem for bad or unknown ids", () => {
    const bad = exportCli(["--conversation", "no-colon"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--conversation takes "<userId>:<chatId>"/);
    const missing = exportCli(["--user", "bob"]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /user bob has no conversations/);
    const both = exportCli(["--user", "alice", "--conversation", "alice:c1"]);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /exactly one of --conversation or --user/);
  });
});
