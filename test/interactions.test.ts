/** The interaction store, the same behaviour on the embedded log and on MongoDB (FerretDB in CI). */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { EmbeddedInteractionStore, InteractionInputError, MongoInteractionStore, type InteractionStore } from "../retrieval/interactions.js";
import { dropTestDb, mongoSkip, mongoUri, testDbName } from "./helpers/mongo.js";

function suite(name: string, open: () => Promise<InteractionStore>, cleanup: () => Promise<void>, skip: string | false) {
  describe(`interaction store on ${name}`, { skip: skipped(skip) }, () => {
    afterAll(cleanup);

    it("keeps a shopper's views, carts and purchases oldest first, across a reopen", async () => {
      const store = await open();
      await store.record({ userId: "u1", productId: 15970, kind: "purchase", at: "2026-03-01T10:05:00Z" });
      await store.record({ userId: "u1", productId: 15970, kind: "view", at: "2026-03-01T10:00:00Z" });
      await store.record({ userId: "u2", productId: 39386, kind: "add_to_cart", at: "2026-03-01T10:01:00Z" });
      const stored = await store.record({ userId: "u1", productId: 59263, kind: "view" });
      assert.ok(Math.abs(Date.parse(stored.at) - Date.now()) < 60_000, "a missing time means now");
      await store.close();
      const again = await open();
      const mine = await again.byUser("u1");
      assert.deepEqual(mine.map((e) => [e.productId, e.kind]), [[15970, "view"], [15970, "purchase"], [59263, "view"]]);
      assert.equal(mine[0]!.at, "2026-03-01T10:00:00.000Z");
      assert.equal(mine[0]!.userId, "u1");
      assert.deepEqual(Object.keys(mine[0]!).sort(), ["at", "kind", "productId", "userId"]);
      assert.equal(await again.count(), 4);
      assert.deepEqual((await again.all()).map((e) => e.userId), ["u1", "u2", "u1", "u1"]);
      await again.close();
    });

    it("rejects bad events with the field named, and stores none of a batch with one bad event", async () => {
      const store = await open();
      const before = await store.count();
      const bad: [unknown, string][] = [
        [{ userId: "", productId: 1, kind: "view" }, "userId"],
        [{ userId: "u", productId: -4, kind: "view" }, "productId"],
        [{ userId: "u", productId: 1.5, kind: "view" }, "productId"],
        [{ userId: "u", productId: 1, kind: "like" }, "kind"],
        [{ userId: "u", productId: 1, kind: "view", at: "yesterday" }, "at"],
        [{ userId: { $ne: null }, productId: 1, kind: "view" }, "userId"],
        [{ userId: "u", productId: 1, kind: "view", extra: 1 }, ""],
        ["view", ""],
      ];
      for (const [input, field] of bad) {
        await assert.rejects(store.record(input), (e: unknown) => e instanceof InteractionInputError && e.issues.some((i) => i.key === field), JSON.stringify(input));
      }
      await assert.rejects(store.recordMany([{ userId: "u9", productId: 1, kind: "view" }, { userId: "u9", productId: 0, kind: "view" }]), InteractionInputError);
      assert.equal(await store.count(), before);
      assert.equal(await store.recordMany([{ userId: "u9", productId: 1, kind: "view" }, { userId: "u9", productId: 2, kind: "purchase" }]), 2);
      assert.equal((await store.byUser("u9")).length, 2);
      await store.close();
    });

    it("treats a user id that looks like an operator as plain text", async () => {
      const store = await open();
      await store.record({ userId: '{"$ne": null}', productId: 7, kind: "view" });
      assert.deepEqual((await store.byUser('{"$ne": null}')).map((e) => e.productId), [7]);
      assert.deepEqual(await store.byUser("{$gt: ''}"), []);
      await assert.rejects(store.byUser(""), InteractionInputError);
      await store.close();
    });
  });
}

const dir = mkdtempSync(path.join(tmpdir(), "interactions-test-"));
suite("the embedded log", () => Promise.resolve(new EmbeddedInteractionStore(dir)), () => Promise.resolve(rmSync(dir, { recursive: true, force: true })), false);

const db = testDbName("interactions");
suite("MongoDB", () => MongoInteractionStore.open(mongoUri!, db), () => dropTestDb(db), mongoSkip);
