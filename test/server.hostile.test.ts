/**
 * What a hostile client finds (issue 13), with real clients on loopback: malformed and oversized
 * raw WebSocket frames (raw bytes over a TCP socket after a real upgrade handshake), Socket.IO
 * connection-state recovery with someone else's session id, framework errors in the documented
 * shape, nosniff, and connections that outlive their token. None of these assertions depends on
 * what the models answer.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { SignJWT } from "jose";
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import type { Agent } from "../graph/agent.js";
import { signShopperToken } from "../server/auth.js";
import { connectSocket, embeddedStore, emitAck, nextEvent, openAgent, request, startServer, type Running } from "./clients/harness.js";
import { startServerProcess, type ServerProcess } from "./clients/serverProcess.js";

const SECRET = "test-secret-of-at-least-thirty-two-characters";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One client frame: FIN, optional RSV1, opcode, masked unless told otherwise. */
function frame(opcode: number, payload: Buffer, opts: { rsv1?: boolean; mask?: boolean } = {}): Buffer {
  const mask = opts.mask ?? true;
  const head = [0x80 | (opts.rsv1 ? 0x40 : 0) | opcode];
  const len = payload.length;
  let ext = Buffer.alloc(0);
  if (len < 126) head.push((mask ? 0x80 : 0) | len);
  else if (len < 65536) {
    head.push((mask ? 0x80 : 0) | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push((mask ? 0x80 : 0) | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

const closePayload = (code: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return b;
};

/**
 * Upgrades `path` with a hand-written handshake, writes `bytes` and resolves with the close code
 * of the server's close frame ("no close frame" if the connection ended without one).
 */
function sendRawFrame(port: number, path: string, bytes: Buffer): Promise<number | "no close frame"> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("no answer within 10 s"));
    }, 10_000);
    const finish = (result: number | "no close frame") => {
      clearTimeout(timer);
      socket.end();
      resolve(result);
    };
    socket.on("error", () => undefined); // the server may close while we are still writing
    socket.on("connect", () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!upgraded) {
        const end = received.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = received.subarray(0, end).toString("latin1");
        if (!head.startsWith("HTTP/1.1 101")) {
          clearTimeout(timer);
          socket.destroy();
          reject(new Error(`upgrade refused: ${head.split("\r\n")[0]}`));
          return;
        }
        upgraded = true;
        received = received.subarray(end + 4);
        socket.write(bytes);
      }
      // The server's frames are unmasked; a close frame is 0x88, length, then the code.
      if (received.length >= 4 && received[0] === 0x88) finish(received.readUInt16BE(2));
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve("no close frame");
    });
  });
}

function openWs(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

/** One normal turn over the raw WebSocket path: the reply's JSON. */
async function wsTurn(url: string, text: string): Promise<Record<string, unknown>> {
  const ws = await openWs(url);
  try {
    return await new Promise((resolve) => {
      ws.once("message", (raw: Buffer) => resolve(JSON.parse(raw.toString("utf8")) as Record<string, unknown>));
      ws.send(text);
    });
  } finally {
    ws.close();
  }
}

describe("raw WebSocket: malformed and oversized frames close that socket, the server keeps serving", () => {
  let srv: ServerProcess;
  let port: number;
  beforeAll(async () => {
    srv = await startServerProcess({ tag: "hostile-ws" });
    port = srv.port;
  });
  afterAll(() => srv?.stop());

  const variants: { name: string; path: string; bytes: () => Buffer; code: number }[] = [
    { name: "a 70 kB text frame (over the 64 kB limit)", path: "/ws/u1", bytes: () => frame(0x1, Buffer.alloc(70_000, "a")), code: 1009 },
    { name: "invalid UTF-8 in a text frame", path: "/ws/u1", bytes: () => frame(0x1, Buffer.from([0x68, 0xff, 0xfe, 0x69])), code: 1007 },
    { name: "a reserved opcode (0x3)", path: "/ws/chat/u1/c1", bytes: () => frame(0x3, Buffer.from("hi")), code: 1002 },
    { name: "RSV1 set without a negotiated extension", path: "/ws/u1", bytes: () => frame(0x1, Buffer.from("hi"), { rsv1: true }), code: 1002 },
    { name: "an unmasked client frame", path: "/ws/chat/u1/c1", bytes: () => frame(0x1, Buffer.from("hi"), { mask: false }), code: 1002 },
    { name: "close code 999", path: "/ws/u1", bytes: () => frame(0x8, closePayload(999)), code: 1002 },
    { name: "a ping of 126 bytes (control frames are at most 125)", path: "/ws/u1", bytes: () => frame(0x9, Buffer.alloc(126, 1)), code: 1002 },
    { name: "a stray continuation frame", path: "/ws/chat/u1/c1", bytes: () => frame(0x0, Buffer.from("hi")), code: 1002 },
  ];
  for (const v of variants) {
    it(`${v.name}: closed with ${v.code}, the next turn is answered`, async () => {
      assert.ok(srv.alive(), "the server process had already died");
      assert.equal(await sendRawFrame(port, v.path, v.bytes()), v.code);
      await sleep(100); // the uncaught 'error' came a tick after the close frame
      assert.ok(srv.alive(), "the server process died");
      const reply = await wsTurn(`${srv.wsUrl}/ws/u2`, "hello");
      assert.equal(typeof reply.message, "string", JSON.stringify(reply));
    });
  }

  it("all eight in a row, then REST and WebSocket still answer", async () => {
    for (const v of variants) assert.equal(await sendRawFrame(port, v.path, v.bytes()), v.code, v.name);
    assert.ok(srv.alive(), "the server process died");
    assert.equal((await request(`${srv.url}/api/chat`, "POST", { user_id: "u3", message: "hello" })).status, 200);
    assert.equal(typeof (await wsTurn(`${srv.wsUrl}/ws/chat/u3/after`, "hello")).message, "string");
  });
});

/** A client that sends whatever auth it is given, and records every packet it receives, connected or not. */
function hostileSocket(url: string, auth: Record<string, unknown>): { socket: Socket; events: string[]; outcome: Promise<string> } {
  const socket = io(url, { auth, transports: ["websocket"], reconnection: false });
  const events: string[] = [];
  socket.io.on("packet", (p: { type: number; data?: unknown }) => {
    if (p.type === 2 && Array.isArray(p.data) && typeof p.data[0] === "string") events.push(p.data[0]);
  });
  const outcome = new Promise<string>((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (e: Error & { data?: { code?: string } }) => resolve(e.data?.code ?? e.message));
  });
  return { socket, events, outcome };
}

describe("server with AUTH_SECRET, hostile clients", () => {
  const store = embeddedStore("hostile-auth");
  let agent: Agent;
  let srv: Running;
  let tokenA: string;
  let tokenB: string;
  beforeAll(async () => {
    agent = await openAgent(store.config());
    srv = await startServer(store.config(), agent, { authSecret: SECRET });
    tokenA = await signShopperToken(SECRET, "shopper-a");
    tokenB = await signShopperToken(SECRET, "shopper-b");
  });
  afterAll(async () => {
    await srv?.close();
    await agent?.close();
    await store.cleanup();
  });

  it("Socket.IO recovery replays A's missed events to A's token only: nothing to an expired, forged (alg none) or B's token", async () => {
    const a = await connectSocket(srv.url, { token: tokenA });
    const tab = await connectSocket(srv.url, { token: tokenA });
    const attackers: Socket[] = [];
    try {
      await emitAck(a, "join", { chatId: "secret" });
      await emitAck(tab, "join", { chatId: "secret" });
      // Recovery resumes from the last room event the client saw, so let A see one first.
      const seen = [nextEvent(a, "bot_message"), nextEvent(tab, "bot_message")];
      await emitAck(tab, "message", { chatId: "secret", text: "hello" });
      await Promise.all(seen);
      // What a thief holding A's session would present (socket.io-client keeps them private).
      const session = a as unknown as { _pid: string; _lastOffset: string };
      const stolen = { pid: session._pid, offset: session._lastOffset };
      assert.equal(typeof stolen.pid, "string");
      assert.equal(typeof stolen.offset, "string");

      a.io.reconnection(false);
      a.io.engine.close(); // A's transport drops: the server keeps A's session for recovery
      const answered = nextEvent<{ reply: string }>(tab, "bot_message");
      await emitAck(tab, "message", { chatId: "secret", text: "what can you do?" });
      const missed = await answered; // stored for A's session, which A has not seen

      const expired = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("shopper-a").setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(SECRET));
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const algNone = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "shopper-a", exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
      for (const [label, token, expected] of [
        ["expired", expired, "unauthorized"],
        ["alg none", algNone, "unauthorized"],
        ["B's token", tokenB, "connected"],
      ] as const) {
        const thief = hostileSocket(srv.url, { token, ...stolen });
        attackers.push(thief.socket);
        assert.equal(await thief.outcome, expected, label);
        await sleep(300); // anything replayed would have arrived by now
        assert.deepEqual(thief.events, [], `${label}: received A's events`);
        thief.socket.disconnect();
      }

      // The rightful owner still gets what it missed.
      const replayed = nextEvent<{ reply: string }>(a, "bot_message");
      a.connect();
      assert.equal((await replayed).reply, missed.reply);
      assert.ok(a.recovered, "A's own session was not recovered");
    } finally {
      for (const s of [a, tab, ...attackers]) s.disconnect();
    }
  });

  it("a Socket.IO connection ends when its token expires, with an unauthorized error", async () => {
    const token = await signShopperToken(SECRET, "shopper-short", "2s");
    const socket = await connectSocket(srv.url, { token });
    try {
      socket.io.reconnection(false);
      const joined = await emitAck<{ ok: boolean }>(socket, "join", { chatId: "c" });
      assert.equal(joined.ok, true);
      await endsWhenTokenExpires(socket);
    } finally {
      socket.disconnect();
    }
  });

  it("an operator's /staff connection ends when the staff token expires", async () => {
    const token = await signShopperToken(SECRET, "staff-short", "2s", "staff");
    const desk = await connectSocket(`${srv.url}/staff`, { token });
    try {
      desk.io.reconnection(false);
      const listed = await emitAck<{ ok: boolean }>(desk, "list", {});
      assert.equal(listed.ok, true);
      await endsWhenTokenExpires(desk);
    } finally {
      desk.disconnect();
    }
  });

  it("a raw WebSocket ends when its token expires: an unauthorized error, then close 1008", async () => {
    const token = await signShopperToken(SECRET, "shopper-short", "2s");
    const ws = await openWs(`${srv.wsUrl}/ws/shopper-short?token=${token}`);
    const messages: { error?: { code: string } }[] = [];
    ws.on("message", (raw: Buffer) => messages.push(JSON.parse(raw.toString("utf8")) as { error?: { code: string } }));
    const code = await Promise.race([new Promise<number>((resolve) => ws.once("close", resolve)), sleep(5000).then(() => "still open 5 s later")]);
    ws.terminate();
    assert.equal(code, 1008);
    assert.deepEqual(messages.map((m) => m.error?.code), ["unauthorized"]);
  });

});

/** The server tells the connection its token expired (unauthorized) and disconnects it. */
async function endsWhenTokenExpires(socket: Socket): Promise<void> {
  const error = nextEvent<{ code: string; message: string }>(socket, "error", () => true, 5000);
  const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
  assert.equal((await error).code, "unauthorized");
  assert.match((await error).message, /expired/);
  assert.equal(await disconnected, "io server disconnect");
}

/** A raw HTTP request; resolves with the status line, headers and body. */
function rawHttp(port: number, bytes: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes, "latin1"));
    let data = "";
    socket.setEncoding("latin1");
    socket.on("data", (c: string) => (data += c));
    socket.on("error", reject);
    socket.on("close", () => {
      const end = data.indexOf("\r\n\r\n");
      resolve({ status: Number(data.split(" ")[1]), headers: data.slice(0, end), body: data.slice(end + 4) });
    });
  });
}

describe("every failure in one shape; nosniff; too long counted in characters", () => {
  const store = embeddedStore("hostile-errors");
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

  const shaped = async (res: Response, status: number, code: string) => {
    const text = await res.text();
    assert.equal(res.status, status, text);
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    assert.deepEqual(Object.keys(body), ["error"], text);
    assert.equal(body.error?.code, code, text);
    assert.equal(typeof body.error?.message, "string", text);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  };

  it("bad percent-encoding and 10,000-character ids are 400 invalid_request, not FST_ERR_BAD_URL or 414", async () => {
    await shaped(await fetch(`${srv.url}/api/conversations/%E0%A4%A/history`), 400, "invalid_request");
    await shaped(await fetch(`${srv.url}/api/conversations/u%zz`), 400, "invalid_request");
    await shaped(await fetch(`${srv.url}/api/conversations/${"a".repeat(10_000)}`), 400, "invalid_request");
    await shaped(await fetch(`${srv.url}/api/conversations/${"a".repeat(10_000)}/history`), 400, "invalid_request");
    await shaped(await fetch(`${srv.url}/api/conversations/${"a".repeat(10_000)}`, { method: "DELETE" }), 400, "invalid_request");
    // The longest valid conversation id (64 + 1 + 64) reaches the route: no such conversation.
    await shaped(await fetch(`${srv.url}/api/conversations/${"a".repeat(64)}:${"b".repeat(64)}/history`), 404, "not_found");
  });

  it("requests Node's HTTP parser refuses (NUL in Content-Type, a broken request line) get the error shape", async () => {
    const port = Number(new URL(srv.url).port);
    for (const bytes of [
      `POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\u0000\r\nContent-Length: 2\r\n\r\n{}`,
      `GET /api/session HTTP/1.1\r\nHost: x\r\nX-Bad\u0000Name: 1\r\n\r\n`,
      `GARBAGE\r\n\r\n`,
    ]) {
      const res = await rawHttp(port, bytes);
      assert.equal(res.status, 400, res.headers);
      const body = JSON.parse(res.body) as { error?: { code?: string; message?: string } };
      assert.equal(body.error?.code, "invalid_request", res.body);
      assert.equal(typeof body.error?.message, "string");
      assert.match(res.headers, /x-content-type-options: nosniff/i);
    }
  });

  it("a body over 64 kB is 413 payload_too_large; wrong content type keeps its status in the shape", async () => {
    const big = await fetch(`${srv.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user_id: "u", message: "x".repeat(70_000) }) });
    await shaped(big, 413, "payload_too_large");
    const xml = await fetch(`${srv.url}/api/chat`, { method: "POST", headers: { "content-type": "application/xml" }, body: "<a/>" });
    await shaped(xml, 415, "invalid_request");
  });

  it("JSON, 404s and the page carry X-Content-Type-Options: nosniff", async () => {
    for (const path of ["/api/session", "/api/nothing", "/", "/openapi.json"]) {
      const res = await fetch(`${srv.url}${path}`);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    }
    for (const path of ["/socket.io/?EIO=4&transport=polling", "/socket.io/?EIO=4&transport=bogus", "/socket.io/socket.io.js"]) {
      const res = await fetch(`${srv.url}${path}`);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    }
  });

  it("'too long' is counted in characters (code points) on every interface: 600 emoji pass, 1001 are 400 invalid_request", async () => {
    const emoji = "\u{1F600}"; // one character, two UTF-16 units
    const ok = await request(`${srv.url}/api/chat`, "POST", { user_id: "emoji", message: emoji.repeat(600) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const long = await request(`${srv.url}/api/chat`, "POST", { user_id: "emoji", message: emoji.repeat(1001) });
    assert.equal(long.status, 400);
    assert.equal(long.body.error?.code, "invalid_request");
    assert.match(long.body.error?.message ?? "", /longer than 1000/);

    assert.equal(typeof (await wsTurn(`${srv.wsUrl}/ws/emoji`, emoji.repeat(600))).message, "string");
    assert.equal(((await wsTurn(`${srv.wsUrl}/ws/emoji`, emoji.repeat(1001))).error as { code: string }).code, "invalid_request");

    const socket = await connectSocket(srv.url, { userId: "emoji" });
    try {
      const answered = nextEvent(socket, "bot_message");
      assert.deepEqual(await emitAck(socket, "message", { chatId: "e", text: emoji.repeat(600) }), { ok: true });
      await answered;
      const refused = await emitAck<{ ok: boolean; error: { code: string } }>(socket, "message", { chatId: "e", text: emoji.repeat(1001) });
      assert.equal(refused.error.code, "invalid_request");
    } finally {
      socket.disconnect();
    }
  });
});

describe("limits: rooms per connection, turns per user with a looser per-address guard, unknown routes counted", () => {
  const store = embeddedStore("hostile-limits");
  let agent: Agent;
  let srv: Running;
  let strict: Running;
  beforeAll(async () => {
    agent = await openAgent(store.config());
    srv = await startServer(store.config(), agent, { maxRoomsPerSocket: 3, rateLimitTurnsPerMinute: 3, rateLimitTurnsPerIpPerMinute: 5 });
    strict = await startServer(store.config(), agent, { rateLimitHttpPerMinute: 5 });
  });
  afterAll(async () => {
    await srv?.close();
    await strict?.close();
    await agent?.close();
    await store.cleanup();
  });

  it("one Socket.IO connection follows at most MAX_ROOMS_PER_SOCKET conversations; leaving one frees a place", async () => {
    const socket = await connectSocket(srv.url, { userId: "room-hoarder" });
    try {
      for (const chatId of ["a", "b", "c"]) assert.equal((await emitAck<{ ok: boolean }>(socket, "join", { chatId })).ok, true);
      const fourth = await emitAck<{ ok: boolean; error?: { code: string; message: string } }>(socket, "join", { chatId: "d" });
      assert.equal(fourth.ok, false);
      assert.equal(fourth.error?.code, "invalid_request");
      assert.match(fourth.error?.message ?? "", /3 conversations/);
      assert.equal((await emitAck<{ ok: boolean }>(socket, "join", { chatId: "a" })).ok, true, "a room already followed is no new one");
      await emitAck(socket, "leave", { chatId: "b" });
      assert.equal((await emitAck<{ ok: boolean }>(socket, "join", { chatId: "d" })).ok, true);
    } finally {
      socket.disconnect();
    }
  });

  it("shoppers sharing one address each get their own turn limit, under a looser limit for the address", async () => {
    const say = (user: string) => request(`${srv.url}/api/chat`, "POST", { user_id: user, message: "hi" });
    for (let i = 0; i < 3; i++) assert.equal((await say("office-1")).status, 200);
    const fourth = await say("office-1");
    assert.equal(fourth.status, 429);
    assert.doesNotMatch(fourth.body.error?.message ?? "", /address/);
    // Before, the address shared the user's limit: a colleague's first message was refused here.
    assert.equal((await say("office-2")).status, 200);
    assert.equal((await say("office-2")).status, 200);
    const guard = await say("office-3");
    assert.equal(guard.status, 429);
    assert.match(guard.body.error?.message ?? "", /from one address: at most 5/);
  });

  it("probing unknown routes counts against the HTTP limit, answered in the one error shape", async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof request>> | undefined;
    for (let i = 0; i < 7; i++) {
      last = await request(`${strict.url}/no-such-route-${i}`, "GET");
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429, 429]);
    assert.equal(last?.body.error?.code, "rate_limited");
  });
});
