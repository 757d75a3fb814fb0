/**
 * Authentication, isolation between shoppers, and limits, on every interface (REST, Socket.IO,
 * raw WebSocket), with real clients against started servers sharing one agent. None of these
 * assertions depends on what the models answer.
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { SignJWT } from "jose";
import WebSocket from "ws";
import type { Agent } from "../graph/agent.js";
import { signShopperToken } from "../server/auth.js";
import { connectSocket, embeddedStore, emitAck, nextEvent, openAgent, request, startServer, type Running } from "./clients/harness.js";

const SECRET = "test-secret-of-at-least-thirty-two-characters";

/** Resolves with the HTTP status of a refused upgrade, or "open". */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<number | "open"> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once("open", () => {
      ws.close();
      resolve("open");
    });
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.once("error", reject);
  });
}

function wsAsk(url: string, text: string): Promise<Record<string, unknown>> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once("open", () => ws.send(text));
    ws.once("message", (raw: Buffer) => {
      ws.close();
      resolve(JSON.parse(raw.toString("utf8")) as Record<string, unknown>);
    });
    ws.once("error", reject);
  });
}

function openWs(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

function nextWsMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once("message", (raw: Buffer) => resolve(JSON.parse(raw.toString("utf8")) as Record<string, unknown>)));
}

describe("server with AUTH_SECRET", () => {
  const store = embeddedStore("auth");
  let agent: Agent;
  let srv: Running;
  let tokenA: string;
  let tokenB: string;
  let bConversation: string;
  beforeAll(async () => {
    agent = await openAgent(store.config());
    srv = await startServer(store.config(), agent, { authSecret: SECRET });
    tokenA = await signShopperToken(SECRET, "shopper-a");
    tokenB = await signShopperToken(SECRET, "shopper-b");
    const b = await request(`${srv.url}/api/chat`, "POST", { message: "hello", conversation_id: "private" }, tokenB);
    assert.equal(b.status, 200, JSON.stringify(b.body));
    bConversation = b.body.conversation_id as string;
    assert.equal(bConversation, "shopper-b:private");
  });
  afterAll(async () => {
    await srv?.close();
    await agent?.close();
    await store.cleanup();
  });

  it("REST: no token, a forged token or an expired one is refused with 401", async () => {
    assert.equal((await request(`${srv.url}/api/chat`, "POST", { user_id: "shopper-a", message: "hi" })).status, 401);
    const forged = await signShopperToken("another-secret-of-at-least-thirty-two-chars", "shopper-a");
    const refused = await request(`${srv.url}/api/chat`, "POST", { message: "hi" }, forged);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error?.code, "unauthorized");
    const expired = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("shopper-a").setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(SECRET));
    assert.equal((await request(`${srv.url}/api/conversations/shopper-a`, "GET", undefined, expired)).status, 401);
    const noExpiry = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("shopper-a").sign(new TextEncoder().encode(SECRET));
    assert.equal((await request(`${srv.url}/api/conversations/shopper-a`, "GET", undefined, noExpiry)).status, 401);
  });

  it("REST: shopper A cannot read, continue, close or delete shopper B's conversations; A's user_id claim is overridden", async () => {
    assert.equal((await request(`${srv.url}/api/conversations/shopper-b`, "GET", undefined, tokenA)).status, 403);
    assert.equal((await request(`${srv.url}/api/conversations/${bConversation}/history`, "GET", undefined, tokenA)).status, 403);
    assert.equal((await request(`${srv.url}/api/conversations/${bConversation}/close`, "POST", undefined, tokenA)).status, 403);
    assert.equal((await request(`${srv.url}/api/conversations/${bConversation}`, "DELETE", undefined, tokenA)).status, 403);
    const write = await request(`${srv.url}/api/chat`, "POST", { message: "hi", conversation_id: bConversation }, tokenA);
    assert.equal(write.status, 403);
    assert.equal(write.body.error?.code, "forbidden");

    // A names B as user_id: the token wins, the message lands in A's own conversation.
    const claimed = await request(`${srv.url}/api/chat`, "POST", { user_id: "shopper-b", message: "hi", conversation_id: "private" }, tokenA);
    assert.equal(claimed.status, 200);
    assert.equal(claimed.body.conversation_id, "shopper-a:private");

    const bHistory = await request(`${srv.url}/api/conversations/${bConversation}/history`, "GET", undefined, tokenB);
    assert.equal(bHistory.status, 200);
    assert.deepEqual((bHistory.body.messages as { content: string }[]).map((m) => m.content).filter((c) => c === "hi"), []);
    assert.equal((bHistory.body.messages as unknown[]).length, 2);
  });

  it("Socket.IO: the handshake needs a valid token; a shopper's rooms are their own", async () => {
    await assert.rejects(connectSocket(srv.url, { userId: "shopper-b" }), (e: Error & { data?: { code: string } }) => e.data?.code === "unauthorized");
    await assert.rejects(connectSocket(srv.url, { token: "not-a-jwt" }), (e: Error & { data?: { code: string } }) => e.data?.code === "unauthorized");

    const a = await connectSocket(srv.url, { token: tokenA, userId: "shopper-b" });
    const b = await connectSocket(srv.url, { token: tokenB });
    try {
      // A joins "private": A's conversation of that name, never B's.
      const joined = await emitAck<{ ok: boolean; history: { content: string }[] }>(a, "join", { chatId: "private" });
      assert.ok(joined.ok);
      assert.deepEqual(joined.history.map((m) => m.content), ["hi", joined.history[1]!.content]);
      await emitAck(b, "join", { chatId: "private" });
      let bHeard = 0;
      b.on("user_message", () => bHeard++);
      b.on("bot_message", () => bHeard++);
      const refused = await emitAck<{ ok: boolean; error: { code: string } }>(a, "message", { chatId: "private", text: "hi", userId: "shopper-b" });
      assert.equal(refused.ok, false);
      assert.equal(refused.error.code, "invalid_request");
      const answered = nextEvent(a, "bot_message");
      await emitAck(a, "message", { chatId: "private", text: "anything new?" });
      await answered;
      assert.equal(bHeard, 0, "B's room heard A's conversation");
      const bHistory = await agent.parts.conversations.history("shopper-b", "private");
      assert.equal(bHistory.length, 2);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });

  it("raw WebSocket: a token is required and must be the path's shopper", async () => {
    assert.equal(await upgrade(`${srv.wsUrl}/ws/chat/shopper-b/private`), 401);
    assert.equal(await upgrade(`${srv.wsUrl}/ws/chat/shopper-b/private?token=${tokenA}`), 403);
    assert.equal(await upgrade(`${srv.wsUrl}/ws/shopper-b`, { authorization: `Bearer ${tokenA}` }), 403);
    assert.equal(await upgrade(`${srv.wsUrl}/ws/shopper-a`, { authorization: `Bearer ${tokenA}` }), "open");
    const reply = await wsAsk(`${srv.wsUrl}/ws/chat/shopper-a/ws-chat?token=${tokenA}`, "hello");
    assert.equal(typeof reply.message, "string");
    assert.equal((await agent.parts.conversations.history("shopper-a", "ws-chat")).length, 2);
  });
});

describe("limits", () => {
  const store = embeddedStore("limits");
  let agent: Agent;
  beforeAll(async () => {
    agent = await openAgent(store.config());
  });
  afterAll(async () => {
    await agent?.close();
    await store.cleanup();
  });

  it("turns per minute hold across REST, Socket.IO and WebSocket for one shopper", async () => {
    const srv = await startServer(store.config(), agent, { rateLimitTurnsPerMinute: 2 });
    try {
      assert.equal((await request(`${srv.url}/api/chat`, "POST", { user_id: "busy", message: "hello" })).status, 200);
      const socket = await connectSocket(srv.url, { userId: "busy" });
      try {
        const done = nextEvent(socket, "bot_message");
        assert.deepEqual(await emitAck(socket, "message", { chatId: "c", text: "hello" }), { ok: true });
        await done;
        const limited = await emitAck<{ ok: boolean; error: { code: string; message: string } }>(socket, "message", { chatId: "c", text: "hello" });
        assert.equal(limited.ok, false);
        assert.equal(limited.error.code, "rate_limited");
        assert.match(limited.error.message, /at most 2 a minute/);
      } finally {
        socket.disconnect();
      }
      const rest = await request(`${srv.url}/api/chat`, "POST", { user_id: "busy", message: "hello" });
      assert.equal(rest.status, 429);
      assert.equal(rest.body.error?.code, "rate_limited");
      assert.equal(((await wsAsk(`${srv.wsUrl}/ws/busy`, "hello")).error as { code: string }).code, "rate_limited");
      // Another shopper at the same address has a limit of their own (the address has a looser
      // guard of its own: RATE_LIMIT_TURNS_PER_IP_PER_MINUTE, tested in server.hostile.test.ts).
      assert.equal((await request(`${srv.url}/api/chat`, "POST", { user_id: "someone-else", message: "hello" })).status, 200);
      const metrics = await (await fetch(`${srv.url}/metrics`)).text();
      assert.match(metrics, /server_rejected_total\{transport="rest",code="rate_limited"\} 1/);
    } finally {
      await srv.close();
    }
  });

  it("HTTP requests and real-time connections per minute per address are limited with a clear error", async () => {
    const srv = await startServer(store.config(), agent, { rateLimitHttpPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await request(`${srv.url}/api/session`, "GET")).status, 200);
      const limited = await request(`${srv.url}/api/session`, "GET");
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error?.code, "rate_limited");
      const sockets = [await connectSocket(srv.url, { userId: "c1" }), await connectSocket(srv.url, { userId: "c2" })];
      assert.equal(await upgrade(`${srv.wsUrl}/ws/c3`), "open");
      await assert.rejects(connectSocket(srv.url, { userId: "c4" }), (e: Error & { data?: { code: string } }) => e.data?.code === "rate_limited");
      assert.equal(await upgrade(`${srv.wsUrl}/ws/c5`), 429);
      for (const s of sockets) s.disconnect();
    } finally {
      await srv.close();
    }
  });

  it("open mode: a handshake without a user id is refused; CORS answers only configured origins", async () => {
    const srv = await startServer(store.config(), agent, { corsOrigins: ["http://shop.example"] });
    try {
      await assert.rejects(connectSocket(srv.url, {}), (e: Error & { data?: { code: string } }) => e.data?.code === "invalid_request");
      const allowed = await fetch(`${srv.url}/api/session`, { headers: { origin: "http://shop.example" } });
      assert.equal(allowed.headers.get("access-control-allow-origin"), "http://shop.example");
      const other = await fetch(`${srv.url}/api/session`, { headers: { origin: "http://evil.example" } });
      assert.equal(other.headers.get("access-control-allow-origin"), null);
    } finally {
      await srv.close();
    }
  });
});

describe("handoff to staff over REST and Socket.IO, staff tokens only", () => {
  const store = embeddedStore("handoff");
  let agent: Agent;
  let srv: Running;
  beforeAll(async () => {
    agent = await openAgent(store.config());
    srv = await startServer(store.config(), agent, { authSecret: SECRET });
  });
  afterAll(async () => {
    await srv?.close();
    await agent?.close();
    await store.cleanup();
  });

  it("a shopper asks for a person; staff see it, answer over Socket.IO, hand it back; shoppers cannot act as staff", async () => {
    const shopper = await signShopperToken(SECRET, "upset-shopper");
    const staff = await signShopperToken(SECRET, "priya", "1h", "staff");
    const socket = await connectSocket(srv.url, { token: shopper });
    try {
      await emitAck(socket, "join", { chatId: "help" });
      const answered = nextEvent<{ state: string; reply: string }>(socket, "bot_message");
      await emitAck(socket, "message", { chatId: "help", text: "this is useless, I want to speak to a manager" });
      const handed = await answered;
      assert.equal(handed.state, "handoff", handed.reply);

      // Shoppers (their own token, or none) cannot list or answer handoffs.
      assert.equal((await request(`${srv.url}/api/handoffs`, "GET", undefined, shopper)).status, 403);
      assert.equal((await request(`${srv.url}/api/handoffs`, "GET")).status, 401);
      const list = await request(`${srv.url}/api/handoffs`, "GET", undefined, staff);
      assert.equal(list.status, 200);
      const waiting = (list.body.handoffs as { conversation_id: string; reason: string; messages: { content: string }[] }[]).find((h) => h.conversation_id === "upset-shopper:help");
      assert.equal(waiting?.reason, "asked");
      assert.ok(waiting?.messages.some((m) => /manager/.test(m.content)));

      // While staff have it the agent stays silent: the REST reply is empty.
      const silent = await request(`${srv.url}/api/chat`, "POST", { message: "hello?", conversation_id: "help" }, shopper);
      assert.equal(silent.body.reply, "");

      const fromStaff = nextEvent<{ reply: string; staff: boolean }>(socket, "bot_message", (m) => m.staff);
      // The same shopper on a raw WebSocket of this conversation hears staff too (and another conversation's socket does not).
      const raw = await openWs(`${srv.url.replace("http", "ws")}/ws/chat/upset-shopper/help?token=${shopper}`);
      const other = await openWs(`${srv.url.replace("http", "ws")}/ws/chat/upset-shopper/elsewhere?token=${shopper}`);
      const rawStaff = nextWsMessage(raw);
      const otherHeard: unknown[] = [];
      other.on("message", (m: Buffer) => otherHeard.push(JSON.parse(m.toString("utf8"))));
      assert.equal((await request(`${srv.url}/api/handoffs/upset-shopper:help/reply`, "POST", { message: "Hi, Priya here. Sorry about that, let me look." }, shopper)).status, 403);
      const reply = await request(`${srv.url}/api/handoffs/upset-shopper:help/reply`, "POST", { message: "Hi, Priya here. Sorry about that, let me look." }, staff);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal((await fromStaff).reply, "Hi, Priya here. Sorry about that, let me look.");
      assert.deepEqual(await rawStaff, { message: "Hi, Priya here. Sorry about that, let me look.", chat_id: "help", state: "handoff", staff: true });
      raw.close();
      other.close();
      assert.deepEqual(otherHeard, []);
      const history = await request(`${srv.url}/api/conversations/upset-shopper:help/history`, "GET", undefined, shopper);
      assert.ok((history.body.messages as { staff?: boolean }[]).some((m) => m.staff === true));

      assert.equal((await request(`${srv.url}/api/handoffs/upset-shopper:help/release`, "POST", undefined, staff)).status, 200);
      assert.equal((await request(`${srv.url}/api/handoffs/upset-shopper:help/release`, "POST", undefined, staff)).status, 404, "already handed back");
      const back = await request(`${srv.url}/api/chat`, "POST", { message: "I want a blue jacket", conversation_id: "help" }, shopper);
      assert.notEqual(back.body.reply, "");
      assert.equal((back.body.slots as { product_type?: string }).product_type, "Jackets");
    } finally {
      socket.disconnect();
    }
  });

  it("the operator namespace /staff: staff tokens only; list, answer and hand back over Socket.IO, told of every change", async () => {
    const shopperToken = await signShopperToken(SECRET, "angry-shopper");
    const staffToken = await signShopperToken(SECRET, "ravi", "1h", "staff");
    // A shopper's token, or none, is refused at the handshake.
    await assert.rejects(connectSocket(`${srv.url}/staff`, { token: shopperToken }), /only staff/);
    await assert.rejects(connectSocket(`${srv.url}/staff`, {}), /staff bearer token is required/);
    const desk = await connectSocket(`${srv.url}/staff`, { token: staffToken });
    const shopper = await connectSocket(srv.url, { token: shopperToken });
    try {
      await emitAck(shopper, "join", { chatId: "late" });
      const changed = nextEvent<{ conversation_id: string }>(desk, "handoffs_changed", (m) => m.conversation_id === "angry-shopper:late");
      await emitAck(shopper, "message", { chatId: "late", text: "get me a real person NOW" });
      await changed;
      const listed = await emitAck<{ ok: boolean; handoffs: { conversation_id: string }[] }>(desk, "list", {});
      assert.ok(listed.ok && listed.handoffs.some((h) => h.conversation_id === "angry-shopper:late"));
      // Bad payloads get a clear error and change nothing.
      const bad = await emitAck<{ ok: boolean; error: { code: string } }>(desk, "reply", { conversation_id: "angry-shopper:late", message: "" });
      assert.equal(bad.ok, false);
      assert.equal(bad.error.code, "invalid_request");
      const unknown = await emitAck<{ ok: boolean; error: { code: string } }>(desk, "release", { conversation_id: "nobody:here" });
      assert.equal(unknown.error.code, "not_found");

      const toShopper = nextEvent<{ reply: string; staff: boolean }>(shopper, "bot_message", (m) => m.staff);
      const answered = await emitAck<{ ok: boolean }>(desk, "reply", { conversation_id: "angry-shopper:late", message: "Ravi here, checking your order now." });
      assert.ok(answered.ok);
      assert.equal((await toShopper).reply, "Ravi here, checking your order now.");
      const released = await emitAck<{ ok: boolean; released: boolean }>(desk, "release", { conversation_id: "angry-shopper:late" });
      assert.ok(released.ok && released.released);
      const after = await emitAck<{ handoffs: { conversation_id: string }[] }>(desk, "list", {});
      assert.ok(!after.handoffs.some((h) => h.conversation_id === "angry-shopper:late"));
    } finally {
      desk.disconnect();
      shopper.disconnect();
    }
  });
});
