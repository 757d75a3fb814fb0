/**
 * The embedded database (LMDB under DATA_DIR) behind products, orders, conversations and
 * checkpoints: what survives a reopen, what one transaction holds, what an earlier version's
 * files become, and that a save costs the same late in a long conversation as early.
 * Real stores on real files; the real catalog where products matter.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { emptyCheckpoint, type CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { EmbeddedCheckpointSaver } from "../stores/embeddedCheckpointer.js";
import { EmbeddedConversationStore } from "../retrieval/conversations.js";
import { EmbeddedProductStore } from "../retrieval/embeddedStore.js";
import { EmbeddedOrderStore, orderIdFor } from "../retrieval/orders.js";
import { catalog } from "./helpers/catalog.js";

const root = mkdtempSync(path.join(tmpdir(), "embedded-db-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(root, `d${n++}`);


const product = catalog.products.find((p) => (p.stock.M ?? 0) >= 3)!;
const request = (offerId: string, quantity = 1) => ({
  offerId, userId: "u1", chatId: "c1", productId: product._id, name: product.name, size: "M", quantity, unitPrice: 10,
});

async function openProducts(dir: string) {
  const store = EmbeddedProductStore.open(dir);
  if ((await store.count()) === 0) await store.upsertMany(catalog.products.slice(0, 500).concat(product));
  return store;
}
const stockOf = async (store: EmbeddedProductStore) => (await store.find({ _id: product._id }, { sort: { _id: 1 }, limit: 1 }))[0]!.stock.M!;

describe("embedded products and orders", () => {
  it("an order and its stock commit together and survive a reopen; a repeated offer books once", async () => {
    const dir = freshDir();
    let products = await openProducts(dir);
    let orders = new EmbeddedOrderStore(products);
    const before = await stockOf(products);
    const [a, b] = await Promise.all([orders.place(request("offer-1")), orders.place(request("offer-1"))]);
    assert.ok(a.ok && b.ok);
    assert.deepEqual([a.created, b.created].sort(), [false, true]);
    await products.close();
    products = await openProducts(dir);
    orders = new EmbeddedOrderStore(products);
    assert.equal(await stockOf(products), before - 1);
    assert.equal((await orders.get(orderIdFor("offer-1")))?.quantity, 1);
    const again = await orders.place(request("offer-1"));
    assert.ok(again.ok && !again.created);
    assert.equal(await stockOf(products), before - 1);
    await products.close();
  });

  it("more than the stock fails and changes nothing; a shopper's orders come newest first", async () => {
    const dir = freshDir();
    const products = await openProducts(dir);
    const orders = new EmbeddedOrderStore(products);
    const have = await stockOf(products);
    const tooMany = await orders.place(request("big", have + 1));
    // It says how many are left, so the agent can offer those.
    assert.deepEqual(tooMany, { ok: false, reason: "out_of_stock", left: have });
    assert.equal(await orders.get(orderIdFor("big")), null);
    assert.equal(await stockOf(products), have);
    await orders.place(request("first"));
    await new Promise((r) => setTimeout(r, 5));
    await orders.place(request("second"));
    assert.deepEqual((await orders.byUser("u1")).map((o) => o.orderId), [orderIdFor("second"), orderIdFor("first")]);
    assert.deepEqual(await orders.byUser("u"), [], "a prefix of another user's id sees nothing");
    await products.close();
  });

  it("writes no JSON Lines snapshot and removes a crashed rewrite's leftover", async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "products.jsonl.4242.tmp"), "half a snapshot");
    const products = await openProducts(dir);
    await products.reserveStock(product._id, "M", 1);
    assert.deepEqual(readdirSync(dir).sort(), ["agent.lmdb", "agent.lmdb-lock"]);
    await products.close();
  });

  it("imports an earlier version's products (with the stock orders took) and orders once", async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const sold = { ...product, stock: { ...product.stock, M: 0 } };
    writeFileSync(path.join(dir, "products.jsonl"), `${JSON.stringify(sold)}\n`);
    writeFileSync(path.join(dir, "products.meta.json"), JSON.stringify({ fingerprint: "old-build" }));
    const order = { orderId: "ORD-00000001", userId: "u9", chatId: "c", productId: product._id, name: "x", size: "M", quantity: 1, total: 1, status: "placed", createdAt: new Date().toISOString() };
    writeFileSync(path.join(dir, "orders.jsonl"), `${JSON.stringify(order)}\n{"orderId":"ORD-torn`);
    const products = EmbeddedProductStore.open(dir);
    const orders = new EmbeddedOrderStore(products, dir);
    assert.equal(await stockOf(products), 0);
    assert.equal(await products.catalogFingerprint(), "old-build");
    assert.deepEqual((await orders.byUser("u9")).map((o) => o.orderId), ["ORD-00000001"]);
    assert.ok(existsSync(path.join(dir, "products.jsonl.imported")) && existsSync(path.join(dir, "orders.jsonl.imported")));
    await products.close();
  });
});

describe("embedded conversations", () => {
  it("records turns, keeps the newest messages on request, lists, closes and deletes", async () => {
    const dir = freshDir();
    let store = new EmbeddedConversationStore(dir);
    for (let i = 0; i < 12; i++) await store.recordTurn({ userId: "u1", chatId: "a", user: { content: `q${i}` }, bot: { content: `r${i}` } });
    await new Promise((r) => setTimeout(r, 5));
    await store.recordTurn({ userId: "u1", chatId: "b", user: { content: "hello" }, bot: { content: "hi" } });
    await store.recordTurn({ userId: "u10", chatId: "a", user: { content: "other shopper" }, bot: { content: "hi" } });
    await store.close();
    store = new EmbeddedConversationStore(dir);
    assert.deepEqual((await store.history("u1", "a", 3)).map((m) => m.content), ["r10", "q11", "r11"]);
    assert.equal((await store.history("u1", "a")).length, 24);
    assert.deepEqual((await store.list("u1")).map((c) => c.chatId), ["b", "a"]);
    assert.ok(await store.closeConversation("u1", "a"));
    assert.equal((await store.get("u1", "a"))?.active, false);
    assert.ok(await store.deleteConversation("u1", "a"));
    assert.deepEqual(await store.history("u1", "a"), []);
    assert.equal(await store.deleteConversation("u1", "a"), false);
    assert.equal((await store.history("u10", "a")).length, 2);
    await store.close();
  });

  it("imports an earlier version's event log, torn tail dropped", async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const conversation = { conversationId: "u1:c1", userId: "u1", chatId: "c1", title: "a red dress", active: true, messageCount: 2, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" };
    const msg = (seq: number, role: string, content: string) => ({ messageId: `m${seq}`, conversationId: "u1:c1", userId: "u1", role, content, createdAt: conversation.createdAt, seq });
    writeFileSync(path.join(dir, "conversations.jsonl"), `${JSON.stringify({ kind: "turn", conversation, messages: [msg(0, "user", "a red dress"), msg(1, "assistant", "What size?")] })}\n{"kind":"turn","conv`);
    const store = new EmbeddedConversationStore(dir);
    assert.deepEqual((await store.history("u1", "c1")).map((m) => m.content), ["a red dress", "What size?"]);
    await store.recordTurn({ userId: "u1", chatId: "c1", user: { content: "M" }, bot: { content: "Found one." } });
    assert.deepEqual((await store.history("u1", "c1")).map((m) => m.seq), [0, 1, 2, 3]);
    await store.close();
  });
});

describe("embedded checkpointer", () => {
  const meta: CheckpointMetadata = { source: "loop", step: 0, parents: {} };
  const configFor = (thread: string, parent?: string) => ({ configurable: { thread_id: thread, checkpoint_ns: "", ...(parent ? { checkpoint_id: parent } : {}) } });
  const checkpoint = (turn: number, pad = "") => ({ ...emptyCheckpoint(), channel_values: { turn, pad } });

  it("a thread's checkpoints and writes survive a reopen; a small cache still answers every thread and the whole history", async () => {
    const dir = freshDir();
    let saver = new EmbeddedCheckpointSaver(dir, { threads: 2, perThread: 3 });
    const last = new Map<string, string>();
    for (let turn = 0; turn < 8; turn++) {
      for (const thread of ["t1", "t2", "t3", "t4"]) {
        const cp = checkpoint(turn);
        const saved = await saver.put(configFor(thread, last.get(thread)), cp, { ...meta, step: turn });
        await saver.putWrites(saved, [["turn", turn]], `task-${turn}`);
        last.set(thread, cp.id);
      }
    }
    await saver.close();
    saver = new EmbeddedCheckpointSaver(dir, { threads: 2, perThread: 3 });
    for (const thread of ["t1", "t2", "t3", "t4"]) {
      const t = await saver.getTuple(configFor(thread));
      assert.equal((t?.checkpoint.channel_values as { turn: number }).turn, 7, thread);
      assert.deepEqual(t?.pendingWrites, [["task-7", "turn", 7]]);
      const history = [];
      for await (const h of saver.list(configFor(thread))) history.push(h);
      assert.equal(history.length, 8, "the history is whole, not the cached part");
      const oldest = history.at(-1)!;
      const again = await saver.getTuple(oldest.config);
      assert.equal((again?.checkpoint.channel_values as { turn: number }).turn, 0);
    }
    await saver.deleteThread("t1");
    assert.equal(await saver.getTuple(configFor("t1")), undefined);
    await saver.close();
  });

  it("a save late in a long conversation costs what an early one does (no history rewrite)", async () => {
    const dir = freshDir();
    const saver = new EmbeddedCheckpointSaver(dir, { threads: 10, perThread: 4 });
    const pad = "x".repeat(20_000);
    let parent: string | undefined;
    const timeOf = async (count: number) => {
      const t0 = performance.now();
      for (let i = 0; i < count; i++) {
        const cp = checkpoint(i, pad);
        await saver.put(configFor("long", parent), cp, meta);
        parent = cp.id;
      }
      return (performance.now() - t0) / count;
    };
    const early = await timeOf(50);
    await timeOf(400);
    const late = await timeOf(50);
    // 500 checkpoints of 20 kB: a whole-history rewrite would make the late saves ~10x slower.
    assert.ok(late < early * 3 + 2, `early ${early.toFixed(2)} ms, late ${late.toFixed(2)} ms per save`);
    await saver.close();
  });
});
