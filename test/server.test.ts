/**
 * The chat server end to end, with real clients (fetch, socket.io-client, ws) against a started
 * server, on the embedded default and on MongoDB (MONGODB_URI). Dialogue assertions are the
 * trained model's behaviour (seed 000's "I want to buy a blue jacket." → a size question → Jackets
 * with price and stock → an order).
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { Validator } from "@seriousme/openapi-schema-validator";
import WebSocket from "ws";
import type { Agent } from "../graph/agent.js";
import type { ShownProduct } from "../graph/state.js";
import { mongoSkip } from "./helpers/mongo.js";
import { connectSocket, embeddedStore, emitAck, mongoStore, nextEvent, openAgent, request, startServer, type Running, type Store } from "./clients/harness.js";

const ORDER_ID = /^ORD-[0-9A-F]{8}$/;

function assertJacketCards(products: ShownProduct[]) {
  assert.ok(products.length > 0, "no products");
  for (const p of products) {
    assert.equal(p.articleType, "Jackets");
    assert.ok(p.price > 0 && Number.isFinite(p.price), `price ${p.price}`);
    assert.equal(typeof p.stock.M, "number");
  }
}

/** Opens a raw WebSocket and resolves once it is open. */
function openWs(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

/** Sends one text frame and resolves with the next JSON reply. */
function ask(ws: WebSocket, data: string | Buffer): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once("message", (raw: Buffer) => resolve(JSON.parse(raw.toString("utf8")) as Record<string, unknown>));
    ws.send(data);
  });
}

function serverSuite(store: Store, skip: string | false) {
  describe(`server on ${store.name}`, { skip: skipped(skip) }, () => {
    let agent: Agent;
    let srv: Running;
    beforeAll(async () => {
      agent = await openAgent(store.config());
      srv = await startServer(store.config(), agent);
    });
    afterAll(async () => {
      await srv?.close();
      await agent?.close();
      await store.cleanup();
    });

    it("REST: a request, its follow-up and a confirmation continue one conversation; history, list, close, delete", async () => {
      const first = await request(`${srv.url}/api/chat`, "POST", { user_id: "rest-shopper", message: "I want to buy a blue jacket." });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const keys = ["reply", "conversation_id", "intent", "confidence", "entities", "slots", "state", "task", "products", "order"];
      for (const k of keys) assert.ok(k in first.body, `missing ${k}`);
      const conversationId = first.body.conversation_id as string;
      assert.match(conversationId, /^rest-shopper:/);
      assert.match(first.body.reply as string, /size/i);
      assert.equal(first.body.state, "slotFilling");

      const booked = await request(`${srv.url}/api/chat`, "POST", { user_id: "rest-shopper", message: "M", conversation_id: conversationId });
      assert.equal(booked.status, 200);
      assert.equal(booked.body.conversation_id, conversationId);
      assertJacketCards(booked.body.products as ShownProduct[]);
      assert.equal(booked.body.awaiting_confirmation, true);

      const placed = await request(`${srv.url}/api/chat`, "POST", { user_id: "rest-shopper", message: "yes", conversation_id: conversationId });
      const order = placed.body.order as { orderId: string } | null;
      assert.ok(order, JSON.stringify(placed.body));
      assert.match(order.orderId, ORDER_ID);
      assert.ok((placed.body.reply as string).includes(order.orderId));

      const history = await request(`${srv.url}/api/conversations/${encodeURIComponent(conversationId)}/history`, "GET");
      assert.equal(history.status, 200);
      const messages = history.body.messages as { role: string; content: string; intent?: string }[];
      assert.deepEqual(messages.map((m) => m.role), ["user", "assistant", "user", "assistant", "user", "assistant"]);
      assert.equal(messages[0]!.content, "I want to buy a blue jacket.");
      assert.ok(messages[0]!.intent);

      const list = await request(`${srv.url}/api/conversations/rest-shopper`, "GET");
      assert.ok((list.body.conversations as { conversation_id: string }[]).some((c) => c.conversation_id === conversationId));
      const closed = await request(`${srv.url}/api/conversations/${conversationId}/close`, "POST");
      assert.deepEqual(closed.body, { conversation_id: conversationId, active: false });
      const deleted = await request(`${srv.url}/api/conversations/${conversationId}`, "DELETE");
      assert.equal(deleted.status, 200);
      assert.equal((await request(`${srv.url}/api/conversations/${conversationId}/history`, "GET")).status, 404);
      assert.equal((await request(`${srv.url}/api/conversations/${conversationId}`, "DELETE")).status, 404);
    });

    it("Socket.IO: join, typing and progress while models run, bot messages with the load_product payload, the confirm button", async () => {
      const socket = await connectSocket(srv.url, { userId: "sio-shopper" });
      try {
        const joined = await emitAck<{ ok: boolean; history: unknown[] }>(socket, "join", { chatId: "jacket" });
        assert.deepEqual({ ok: joined.ok, history: joined.history }, { ok: true, history: [] });

        const events: string[] = [];
        for (const e of ["user_message", "typing", "progress", "bot_message"]) socket.on(e, () => events.push(e));
        const progress: string[] = [];
        socket.on("progress", (p: { node: string }) => progress.push(p.node));
        const question = nextEvent<Record<string, unknown>>(socket, "bot_message");
        assert.deepEqual(await emitAck(socket, "message", { chatId: "jacket", text: "I want to buy a blue jacket." }), { ok: true });
        const q = await question;
        assert.equal(q.chatId, "jacket");
        assert.match(q.reply as string, /size/i);
        assert.equal(q.awaitingConfirmation, false);
        assert.ok(progress.includes("understand"), progress.join(","));
        assert.equal(events[0], "user_message");
        assert.equal(events.at(-1), "bot_message");
        assert.ok(typeof (q.timings as Record<string, number>).understand === "number");

        const cards = nextEvent<Record<string, unknown>>(socket, "bot_message");
        await emitAck(socket, "message", { chatId: "jacket", text: "M" });
        const booked = await cards;
        const action = booked.action as { action: string; data: ShownProduct[] };
        assert.equal(action.action, "load_product");
        assertJacketCards(action.data);
        assert.equal(booked.awaitingConfirmation, true);

        const placedP = nextEvent<Record<string, unknown>>(socket, "bot_message");
        assert.deepEqual(await emitAck(socket, "confirm", { chatId: "jacket" }), { ok: true });
        const placed = await placedP;
        assert.match((placed.order as { orderId: string }).orderId, ORDER_ID);

        const rejoined = await emitAck<{ ok: boolean; history: { role: string; content: string }[] }>(socket, "join", { chatId: "jacket" });
        assert.equal(rejoined.history.length, 6);
        assert.equal(rejoined.history[4]!.content, "yes");
      } finally {
        socket.disconnect();
      }
    });

    it("Socket.IO: a client that drops and comes back receives what the room said meanwhile (connection-state recovery)", async () => {
      const a = await connectSocket(srv.url, { userId: "recovering" });
      const b = await connectSocket(srv.url, { userId: "recovering" });
      try {
        await emitAck(a, "join", { chatId: "tabs" });
        await emitAck(b, "join", { chatId: "tabs" });
        // Recovery resumes from the last room event the client saw, so let it see one first.
        const seen = [nextEvent(a, "bot_message"), nextEvent(b, "bot_message")];
        await emitAck(b, "message", { chatId: "tabs", text: "hello" });
        await Promise.all(seen);
        a.io.reconnection(false);
        a.io.engine.close(); // the transport drops, as on a network change
        const missedByA = nextEvent<{ chatId: string; reply: string }>(a, "bot_message");
        const answerB = nextEvent<{ reply: string }>(b, "bot_message");
        await emitAck(b, "message", { chatId: "tabs", text: "what can you do?" });
        const sent = await answerB;
        assert.equal(a.connected, false);
        a.connect();
        const got = await missedByA;
        assert.ok(a.recovered, "the session was not recovered");
        assert.equal(got.reply, sent.reply);
      } finally {
        a.disconnect();
        b.disconnect();
      }
    });

    it("raw WebSocket: seed 000's two paths answer text with a JSON reply", async () => {
      const general = await openWs(`${srv.wsUrl}/ws/12345`);
      const hello = await ask(general, "Hello, WebSocket!");
      assert.equal(typeof hello.message, "string");
      assert.equal(hello.chat_id, "general");
      general.close();

      const chat = await openWs(`${srv.wsUrl}/ws/chat/12345/67890`);
      const q = await ask(chat, "I want to buy a blue jacket.");
      assert.match(q.message as string, /size/i);
      const booked = await ask(chat, "M");
      const products = booked.products as { action: string; data: ShownProduct[] };
      assert.equal(products.action, "load_product");
      assertJacketCards(products.data);
      const placed = await ask(chat, "yes");
      assert.match(placed.message as string, /ORD-[0-9A-F]{8}/);
      chat.close();
      const history = await request(`${srv.url}/api/conversations/12345:67890/history`, "GET");
      assert.equal((history.body.messages as unknown[]).length, 6);
    });

    it("refuses bad input on every interface with a clear error, before the agent", async () => {
      const operator = await request(`${srv.url}/api/chat`, "POST", { user_id: "v", message: { $gt: "" } });
      assert.equal(operator.status, 400);
      assert.equal(operator.body.error?.code, "invalid_request");
      assert.match(operator.body.error?.message ?? "", /message/);
      const long = await request(`${srv.url}/api/chat`, "POST", { user_id: "v", message: "x".repeat(1001) });
      assert.equal(long.status, 400);
      assert.match(long.body.error?.message ?? "", /longer than 1000/);
      const extra = await request(`${srv.url}/api/chat`, "POST", { user_id: "v", message: "hi", $where: "1" });
      assert.equal(extra.status, 400);
      const badUser = await request(`${srv.url}/api/chat`, "POST", { user_id: "a/b", message: "hi" });
      assert.equal(badUser.status, 400);
      const noUser = await request(`${srv.url}/api/chat`, "POST", { message: "hi" });
      assert.equal(noUser.status, 400);
      assert.match(noUser.body.error?.message ?? "", /user id is required/);
      const badConversation = await request(`${srv.url}/api/conversations/no-colon/history`, "GET");
      assert.equal(badConversation.status, 400);
      const malformed = await fetch(`${srv.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
      assert.equal(malformed.status, 400);
      assert.equal(((await malformed.json()) as { error: { code: string } }).error.code, "invalid_request");
      assert.equal((await request(`${srv.url}/api/nothing`, "GET")).status, 404);

      const socket = await connectSocket(srv.url, { userId: "v" });
      try {
        const bad = await emitAck<{ ok: boolean; error: { code: string; message: string } }>(socket, "message", { chatId: "c", text: { $ne: null } });
        assert.equal(bad.ok, false);
        assert.equal(bad.error.code, "invalid_request");
        const empty = await emitAck<{ ok: boolean; error: { code: string } }>(socket, "message", { chatId: "c", text: "   " });
        assert.equal(empty.error.code, "invalid_request");
        const badChat = await emitAck<{ ok: boolean; error: { code: string } }>(socket, "join", { chatId: "x:y" });
        assert.equal(badChat.error.code, "invalid_request");
        const noAck = nextEvent<{ code: string }>(socket, "error");
        socket.emit("message", "just a string");
        assert.equal((await noAck).code, "invalid_request");
      } finally {
        socket.disconnect();
      }

      const ws = await openWs(`${srv.wsUrl}/ws/chat/v/c`);
      assert.equal(((await ask(ws, "x".repeat(1001))).error as { code: string }).code, "invalid_request");
      assert.equal(((await ask(ws, Buffer.from([1, 2, 3]))).error as { code: string }).code, "invalid_request");
      ws.close();
      await assert.rejects(openWs(`${srv.wsUrl}/ws/chat/v`), /HTTP 404/);
      await assert.rejects(openWs(`${srv.wsUrl}/ws/bad%2Fid`), /HTTP 400/);
    });

    it("health checks models and database; model info, OpenAPI, metrics and the page are served", async () => {
      const health = await request(`${srv.url}/health`, "GET");
      assert.equal(health.status, 200, JSON.stringify(health.body));
      const checks = health.body.checks as { models: { ok: boolean }; database: { ok: boolean; kind: string } };
      assert.ok(checks.models.ok && checks.database.ok);
      assert.equal(checks.database.kind, store.name === "MongoDB" ? "mongodb" : "embedded");

      const info = await request(`${srv.url}/api/chat/model-info`, "GET");
      assert.equal(info.status, 200);
      assert.ok((info.body.labels as { intent: string[] }).intent.includes("find_product"));
      assert.ok("context" in (info.body.tasks as object), JSON.stringify(info.body.tasks));

      const openapi = await request(`${srv.url}/openapi.json`, "GET");
      const paths = Object.keys(openapi.body.paths as object);
      for (const p of ["/api/chat", "/api/conversations/{user_id}", "/api/conversations/{id}/history", "/api/conversations/{id}", "/api/conversations/{id}/close", "/health", "/api/chat/model-info"]) {
        assert.ok(paths.includes(p), `OpenAPI lacks ${p}: ${paths.join(", ")}`);
      }
      // Every operation has its own operationId, so generated clients get named methods.
      const operations = Object.values(openapi.body.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((byMethod) => Object.values(byMethod));
      const operationIds = operations.map((o) => o.operationId);
      assert.ok(operationIds.every((id) => typeof id === "string" && id.length > 0), JSON.stringify(operationIds));
      assert.equal(new Set(operationIds).size, operationIds.length);
      type Body = { requestBody: { content: Record<string, { schema: { properties: Record<string, { type?: string; anyOf?: unknown[] }> } }> } };
      const chatBody = (openapi.body.paths as Record<string, { post: Body }>)["/api/chat"]!.post.requestBody.content["application/json"]!.schema;
      assert.equal(chatBody.properties.conversation_id?.type, "string", "conversation_id is documented as a string, not an empty anyOf");
      // A standard validator (the OpenAPI 3.0 JSON schema) accepts the whole document, and refuses a broken one.
      const validator = new Validator();
      assert.deepEqual(await validator.validate(openapi.body), { valid: true });
      const broken = structuredClone(openapi.body) as { paths: Record<string, { post: Body }> };
      broken.paths["/api/chat"]!.post.requestBody.content["application/json"]!.schema.properties.conversation_id = { type: "text" };
      assert.equal((await new Validator().validate(broken)).valid, false);
      const docs = await fetch(`${srv.url}/docs`);
      assert.equal(docs.status, 200);
      assert.match(await docs.text(), /swagger-ui/i);

      const metrics = await (await fetch(`${srv.url}/metrics`)).text();
      assert.match(metrics, /agent_node_seconds_count\{node="understand"\} [1-9]/);
      assert.match(metrics, /agent_model_seconds_count\{task="read_turn"\} [1-9]/);
      assert.match(metrics, /agent_turn_seconds_count\{transport="rest",outcome="ok"\} [1-9]/);
      assert.match(metrics, /server_open_sockets\{transport="socketio"\}/);

      const page = await fetch(`${srv.url}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
      assert.match(await page.text(), /\/socket\.io\/socket\.io\.js/);
      assert.equal((await fetch(`${srv.url}/socket.io/socket.io.js`)).status, 200);
      assert.equal((await fetch(`${srv.url}/app.js`)).status, 200);
    });
  });
}

serverSuite(embeddedStore("main"), false);
serverSuite(mongoStore("main"), mongoSkip);

describe("graceful shutdown", () => {
  const store = embeddedStore("shutdown");
  let agent: Agent;
  beforeAll(async () => {
    agent = await openAgent(store.config());
  });
  afterAll(async () => {
    await agent?.close();
    await store.cleanup();
  });

  it("lets a turn in flight finish and deliver its reply, refuses new ones, then closes", async () => {
    const srv = await startServer(store.config(), agent);
    const socket = await connectSocket(srv.url, { userId: "late" });
    socket.io.reconnection(false);
    const typing = nextEvent(socket, "typing", (t: { on: boolean }) => t.on);
    const reply = nextEvent<{ reply: string }>(socket, "bot_message");
    await emitAck(socket, "message", { chatId: "c", text: "hello there" });
    await typing; // the turn is running
    const closing = srv.close();
    const refused = await request(`${srv.url}/api/chat`, "POST", { user_id: "late", message: "one more" }).catch(() => null);
    if (refused) assert.equal(refused.status, 503);
    assert.equal(typeof (await reply).reply, "string");
    await closing;
    assert.equal(socket.connected, false);
    await assert.rejects(fetch(`${srv.url}/health`));
    assert.equal((await agent.parts.conversations.history("late", "c")).length, 2);
  });
});
