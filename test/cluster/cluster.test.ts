/**
 * npm run test:cluster: two server nodes on one MongoDB (MONGODB_URI; CI starts FerretDB) and one
 * Redis (started here), each node a real `server/main.ts` process, with real clients. The issue's
 * properties, one test each: turns alternate between nodes and the conversation continues; a "yes"
 * sent to both nodes at once books one order; a message produced on node B (a shopper's turn, a
 * staff reply) reaches a Socket.IO client on node A; killing node A mid-conversation, the client
 * reconnects through the balancer to node B and resumes with nothing lost.
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "../helpers/skip.js";
import { MongoClient } from "mongodb";
import type { Socket } from "socket.io-client";
import { connectSocket, emitAck, nextEvent, request } from "../clients/harness.js";
import { dropTestDb, mongoSkip, mongoUri, testDbName } from "../helpers/mongo.js";
import { redisSkip, startRedis, type RedisServer } from "../helpers/redis.js";
import { startBalancer, startNode, type Balancer, type Node } from "./nodes.js";

interface Reply {
  reply: string;
  conversation_id: string;
  slots: Record<string, unknown>;
  products: { id: number; articleType: string; baseColour: string }[];
  order: { orderId: string } | null;
  awaiting_confirmation: boolean;
  state: string | null;
}

const skip = mongoSkip || redisSkip;
const db = testDbName("cluster");

describe("two server nodes on MongoDB and Redis", { skip: skipped(skip) }, () => {
  let redis: RedisServer;
  let a: Node;
  let b: Node;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const env = { MONGODB_URI: mongoUri!, MONGODB_DB: db, REDIS_URL: redis.url };
    // One after the other: the first loads the catalog into the empty database, the second finds it there.
    a = await startNode("A", env);
    b = await startNode("B", env);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await dropTestDb(db);
  });

  const say = async (node: Node, user: string, message: string, conversation?: string): Promise<Reply> => {
    const r = await request(`${node.url}/api/chat`, "POST", { user_id: user, message, ...(conversation ? { conversation_id: conversation } : {}) });
    assert.equal(r.status, 200, `${node.name}: ${JSON.stringify(r.body)}`);
    return r.body as unknown as Reply;
  };

  it("a shopper's turns alternate between the nodes and the conversation continues", async () => {
    const first = await say(a, "alternating", "I want to buy a blue jacket for men");
    const second = await say(b, "alternating", "M", first.conversation_id);
    assert.equal(second.slots.product_type, "Jackets", "node B knows what node A heard");
    assert.equal(second.slots.size, "M");
    assert.ok(second.products.length > 0 && second.products.every((p) => p.articleType === "Jackets"), JSON.stringify(second.products.slice(0, 2)));
    assert.ok(second.awaiting_confirmation, second.reply);
    const third = await say(a, "alternating", "no thanks", first.conversation_id);
    assert.equal(third.awaiting_confirmation, false, third.reply);
    const history = await request(`${b.url}/api/conversations/${encodeURIComponent(first.conversation_id)}/history`, "GET");
    assert.equal((history.body.messages as unknown[]).length, 6, "three whole turns, whichever node stored them");
  });

  it('a "yes" sent to both nodes at once books exactly one order', async () => {
    const user = "double-yes";
    const first = await say(a, user, "I want to buy a blue jacket for men");
    const offer = await say(b, user, "M", first.conversation_id);
    assert.ok(offer.awaiting_confirmation, offer.reply);
    const replies = await Promise.all([say(a, user, "yes", first.conversation_id), say(b, user, "yes", first.conversation_id)]);
    const client = new MongoClient(mongoUri!);
    try {
      await client.connect();
      const orders = await client.db(db).collection<{ _id: string; userId: string }>("orders").find({ userId: user }).toArray();
      assert.equal(orders.length, 1, `${orders.length} orders: ${replies.map((r) => r.reply).join(" | ")}`);
      assert.equal(replies.filter((r) => r.order?.orderId === orders[0]!._id).length, 1, "one of the two replies carries the order");
    } finally {
      await client.close();
    }
  });

  it("a turn on node B and a staff reply on node B reach the shopper's Socket.IO client on node A", async () => {
    const user = "two-devices";
    const phone = await connectSocket(a.url, { userId: user });
    const laptop = await connectSocket(b.url, { userId: user });
    sockets.push(phone, laptop);
    assert.equal((await emitAck(phone, "join", { chatId: "c1" })).ok, true);
    assert.equal((await emitAck(laptop, "join", { chatId: "c1" })).ok, true);
    const seenOnA = nextEvent<{ chatId: string; reply: string; staff: boolean }>(phone, "bot_message", (m) => m.chatId === "c1" && !m.staff);
    await emitAck(laptop, "message", { chatId: "c1", text: "I want to talk to a real person" });
    const answer = await seenOnA;
    assert.ok(answer.reply.length > 0);
    // Staff answer through node B; the shopper's phone is on node A.
    const staffOnA = nextEvent<{ reply: string; staff: boolean }>(phone, "bot_message", (m) => m.staff);
    const staff = await request(`${b.url}/api/handoffs/${encodeURIComponent(`${user}:c1`)}/reply`, "POST", { message: "Hi, this is Priya from the shop." });
    assert.equal(staff.status, 200, JSON.stringify(staff.body));
    assert.equal((await staffOnA).reply, "Hi, this is Priya from the shop.");
  });

  it("node A killed mid-conversation: the client reconnects through the balancer to node B and resumes with nothing lost", async () => {
    let balancer: Balancer | undefined;
    try {
      balancer = await startBalancer(() => [a.port, b.port].filter((_, i) => [a, b][i]!.alive()));
      const socket = await connectSocket(balancer.url, { userId: "failover" });
      sockets.push(socket);
      await emitAck(socket, "join", { chatId: "c1" });
      const asked = nextEvent<{ chatId: string; reply: string }>(socket, "bot_message", (m) => m.chatId === "c1");
      await emitAck(socket, "message", { chatId: "c1", text: "I want to buy a blue jacket for men" });
      await asked;

      const back = new Promise<void>((resolve) => socket.once("disconnect", () => socket.once("connect", () => resolve())));
      await a.kill();
      await back;
      // A killed node writes nothing on its way down, so its Socket.IO session (which a node stores in
      // Redis when a socket disconnects) cannot be recovered; the client joins again, and the
      // conversation comes back from MongoDB: the history and the agent's checkpointed state.
      assert.ok(socket.connected && !a.alive());
      const joined = await emitAck<{ ok: boolean; history: { role: string; content: string }[] }>(socket, "join", { chatId: "c1" });
      assert.deepEqual(joined.history.map((m) => m.role), ["user", "assistant"], "the turn answered by node A is there");
      const offered = nextEvent<{ chatId: string; slots: Record<string, unknown>; products: { articleType: string }[]; awaitingConfirmation: boolean }>(socket, "bot_message", (m) => m.chatId === "c1");
      await emitAck(socket, "message", { chatId: "c1", text: "M" });
      const offer = await offered;
      assert.equal(offer.slots.product_type, "Jackets", "node B continues node A's conversation");
      assert.ok(offer.products.length > 0 && offer.products.every((p) => p.articleType === "Jackets"));
    } finally {
      await balancer?.close();
    }
  });
});
