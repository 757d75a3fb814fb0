/** The conversation/message store, the same behaviour on the embedded log and on MongoDB (FerretDB in CI). */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { EmbeddedConversationStore, MongoConversationStore, type ConversationStore } from "../retrieval/conversations.js";
import { dropTestDb, mongoSkip, mongoUri, testDbName } from "./helpers/mongo.js";

function suite(name: string, open: () => Promise<ConversationStore>, reopen: () => Promise<ConversationStore>, cleanup: () => Promise<void>, skip: string | false) {
  describe(`conversation store on ${name}`, { skip: skipped(skip) }, () => {
    afterAll(cleanup);

    it("keeps each shopper message with its intent, confidence and entities, in order, across a reopen", async () => {
      const store = await open();
      await store.recordTurn({ userId: "u1", chatId: "c1", user: { content: "I want a blue jacket", intent: "buy_product", confidence: 0.93, entities: { product_type: "Jackets", color: "Blue" } }, bot: { content: "What size do you need?" } });
      await store.recordTurn({ userId: "u1", chatId: "c1", user: { content: "M", intent: "inform", confidence: 0.88, entities: { size: "M" } }, bot: { content: "Found it", productIds: [15970] } });
      await store.close();
      const again = await reopen();
      const history = await again.history("u1", "c1");
      assert.deepEqual(history.map((m) => [m.role, m.content, m.seq]), [
        ["user", "I want a blue jacket", 0], ["assistant", "What size do you need?", 1], ["user", "M", 2], ["assistant", "Found it", 3],
      ]);
      assert.equal(history[0]!.intent, "buy_product");
      assert.equal(history[0]!.confidence, 0.93);
      assert.deepEqual(history[0]!.entities, { product_type: "Jackets", color: "Blue" });
      assert.deepEqual(history[3]!.productIds, [15970]);
      assert.deepEqual((await again.history("u1", "c1", 2)).map((m) => m.content), ["M", "Found it"]);
      const conv = await again.get("u1", "c1");
      assert.equal(conv?.title, "I want a blue jacket");
      assert.equal(conv?.messageCount, 4);
      await again.close();
    });

    it("lists a shopper's conversations only, newest first; closes and deletes", async () => {
      const store = await open();
      await store.recordTurn({ userId: "u2", chatId: "a", user: { content: "hi" }, bot: { content: "hello" } });
      await new Promise((r) => setTimeout(r, 5));
      await store.recordTurn({ userId: "u2", chatId: "b", user: { content: "track my order" }, bot: { content: "which one?" } });
      await store.recordTurn({ userId: "u3", chatId: "a", user: { content: "someone else" }, bot: { content: "ok" } });
      assert.deepEqual((await store.list("u2")).map((c) => c.chatId), ["b", "a"]);
      assert.equal(await store.closeConversation("u2", "a"), true);
      assert.equal((await store.get("u2", "a"))?.active, false);
      assert.equal(await store.deleteConversation("u2", "b"), true);
      assert.equal(await store.deleteConversation("u2", "b"), false);
      assert.deepEqual(await store.history("u2", "b"), []);
      assert.deepEqual((await store.list("u2")).map((c) => c.chatId), ["a"]);
      assert.deepEqual((await store.list("u3")).map((c) => c.chatId), ["a"]);
      await store.close();
    });

    it("treats a user id that looks like an operator as plain text", async () => {
      const store = await open();
      assert.deepEqual(await store.list('{"$ne": null}'), []);
      assert.deepEqual(await store.history("{$gt: ''}", "x"), []);
      await store.close();
    });
  });
}

const dir = mkdtempSync(path.join(tmpdir(), "conversations-"));
suite("the embedded log", () => Promise.resolve(new EmbeddedConversationStore(dir)), () => Promise.resolve(new EmbeddedConversationStore(dir)), () => Promise.resolve(rmSync(dir, { recursive: true, force: true })), false);

const db = testDbName("conversations");
const openMongo = () => MongoConversationStore.open(mongoUri!, db);
suite("MongoDB", openMongo, openMongo, () => dropTestDb(db), mongoSkip);
