/**
 * A hostile-input corpus (issue 13) over all three interfaces of the real server, in a process of
 * its own (a crash is a dead process): every field of every message takes every value of a list
 * of operators, wrong types, prototype keys, control characters, lone surrogates, injections and
 * oversized strings; plus raw bodies, hostile path ids and malformed WebSocket frames (the frame
 * variants are in server.hostile.test.ts). Each answer must be a reply or the documented error
 * shape, never a stack trace; the server must be alive and answering normally at the end.
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { startServerProcess, type ServerProcess } from "../clients/serverProcess.js";

const deep = (n: number): unknown => (n === 0 ? "x" : [deep(n - 1)]);
/** Values a field can take. JSON-serializable, so the same list serves REST, Socket.IO and WebSocket. */
const VALUES: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e21, "", "   ", "\t\n", "x".repeat(1001), "x".repeat(70_000), "\u0000", "a\u0000b", "\ud800", "\udfff\ud800",
  "🙂".repeat(999), "🙂".repeat(1001), { $gt: "" }, { $where: "sleep(1000)" }, { $regex: ".*" }, ["$ne", 1], [], {}, JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  { constructor: { prototype: { polluted: "yes" } } }, "'; DROP TABLE orders; --", "<script>alert(1)</script>", "../../../etc/passwd", "%00%ff%2e%2e",
  "{{constructor.constructor('return process')()}}", "${process.exit(1)}", deep(300), "ORD-$gt", "brand=$ne", "\r\n\r\nHTTP/1.1 200 OK", "a".repeat(129),
];
/** encodeURIComponent, except that a lone surrogate (which it refuses) goes out as the invalid UTF-8 it would be. */
function encodePath(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return `%ED%A0%80${encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ""))}`;
  }
}
const CODES = new Set(["invalid_request", "unauthorized", "forbidden", "not_found", "rate_limited", "payload_too_large", "shutting_down", "turn_failed", "internal"]);
const STACK = /\bat [\w.<>]+ \(|\.ts:\d+|node:internal|Error: .*\n\s+at /;

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ tag: "corpus", settings: { logLevel: "silent" } });
});
afterAll(async () => {
  await server?.stop();
});

/** A reply or the one error shape, and no stack trace. */
function checkAnswer(label: string, text: string): void {
  assert.doesNotMatch(text, STACK, `${label}: a stack trace leaked`);
  let body: { error?: { code?: unknown; message?: unknown } } | null;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    assert.fail(`${label}: not JSON: ${text.slice(0, 200)}`);
  }
  assert.ok(body !== null && typeof body === "object" && !Array.isArray(body), `${label}: not an object: ${text.slice(0, 200)}`);
  if (body.error !== undefined) {
    assert.ok(CODES.has(String(body.error.code)), `${label}: undocumented code ${String(body.error.code)}`);
    assert.equal(typeof body.error.message, "string", label);
  }
}

let sent = 0;

describe("hostile corpus", () => {
  it("REST: every field of /api/chat, raw bodies, wrong content types, hostile path ids", async () => {
    const post = async (label: string, body: string, contentType = "application/json") => {
      const res = await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": contentType }, body });
      sent++;
      assert.ok([200, 400, 401, 403, 404, 413, 415, 429].includes(res.status), `${label}: status ${res.status}`);
      checkAnswer(label, await res.text());
    };
    const valid = { user_id: "corpus-rest", message: "hi", conversation_id: "corpus-rest:c1" };
    for (const field of Object.keys(valid)) {
      for (const [i, v] of VALUES.entries()) await post(`${field}#${i}`, JSON.stringify({ ...valid, [field]: v }));
    }
    for (const [i, v] of VALUES.entries()) await post(`extra#${i}`, JSON.stringify({ ...valid, [`$set${i}`]: v }));
    for (const raw of ["not json", "[]", "null", '"a string"', "{", '{"user_id": "u", "message": "hi"', "\u0000", "{}".repeat(40_000)]) await post(`raw ${raw.slice(0, 12)}`, raw);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16"]) {
      await post(`type ${type}`, JSON.stringify(valid), type);
    }
    for (const [i, v] of VALUES.entries()) {
      const id = typeof v === "string" ? v.slice(0, 2000) : JSON.stringify(v);
      for (const url of [`/api/conversations/${encodePath(id)}`, `/api/conversations/${encodePath(id)}/history`]) {
        const res = await fetch(`${server.url}${url}`);
        sent++;
        assert.ok([200, 400, 401, 403, 404, 414, 429].includes(res.status), `path #${i}: ${res.status}`);
        checkAnswer(`path #${i}`, await res.text());
      }
    }
  });

  it("Socket.IO: every event with every payload and every field", async () => {
    const socket: Socket = io(server.url, { auth: { userId: "corpus-sio" }, transports: ["websocket"], reconnection: true, reconnectionDelay: 100 });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const errors: unknown[] = [];
    socket.on("error", (e: unknown) => errors.push(e));
    const emit = async (label: string, event: string, payload: unknown) => {
      if (!socket.connected) await new Promise<void>((r) => socket.once("connect", () => r())); // an oversized packet drops the socket: it reconnects
      sent++;
      const ack = (await socket.timeout(20_000).emitWithAck(event, payload).catch(() => ({ dropped: true }))) as { ok?: boolean; error?: { code: string; message: string }; dropped?: boolean };
      if (ack.dropped) return; // over the 64 kB packet limit: the server closes that socket, nothing else
      assert.equal(typeof ack.ok, "boolean", `${label}: ${JSON.stringify(ack).slice(0, 200)}`);
      if (!ack.ok) {
        assert.ok(CODES.has(ack.error?.code ?? ""), `${label}: ${JSON.stringify(ack.error)}`);
        assert.doesNotMatch(JSON.stringify(ack), STACK, label);
      }
    };
    try {
      for (const [i, v] of VALUES.entries()) {
        await emit(`message payload #${i}`, "message", v);
        await emit(`message chatId #${i}`, "message", { chatId: v, text: "hi" });
        await emit(`message text #${i}`, "message", { chatId: "c1", text: v });
        await emit(`join #${i}`, "join", { chatId: v });
        await emit(`confirm #${i}`, "confirm", v);
      }
      for (const e of errors) assert.doesNotMatch(JSON.stringify(e), STACK);
    } finally {
      socket.disconnect();
    }
  });

  it("WebSocket: every value as a text frame, and hostile user ids in the path", async () => {
    const exchange = (url: string, frame?: string) =>
      new Promise<{ opened: boolean; message?: string; code?: number }>((resolve) => {
        const ws = new WebSocket(url);
        const out: { opened: boolean; message?: string; code?: number } = { opened: false };
        const timer = setTimeout(() => {
          ws.terminate();
          resolve(out);
        }, 30_000);
        ws.on("open", () => {
          out.opened = true;
          if (frame === undefined) ws.close();
          else ws.send(frame);
        });
        ws.on("message", (m: Buffer) => {
          out.message = m.toString("utf8");
          ws.close();
        });
        ws.on("unexpected-response", (_req, res) => {
          out.code = res.statusCode;
          clearTimeout(timer);
          ws.terminate();
          resolve(out);
        });
        ws.on("error", () => undefined);
        ws.on("close", (code) => {
          clearTimeout(timer);
          out.code ??= code;
          resolve(out);
        });
      });
    for (const [i, v] of VALUES.entries()) {
      const frame = typeof v === "string" ? v : JSON.stringify(v);
      const r = await exchange(`${server.wsUrl}/ws/corpus-ws`, frame);
      sent++;
      assert.ok(r.opened, `frame #${i}: not opened`);
      if (r.message !== undefined) checkAnswer(`frame #${i}`, r.message);
      else assert.ok(r.code === 1009 || r.code === 1007, `frame #${i}: no answer, close ${r.code}`);
    }
    for (const [i, v] of VALUES.entries()) {
      if (typeof v !== "string") continue;
      const r = await exchange(`${server.wsUrl}/ws/chat/${encodePath(v.slice(0, 300))}/c1`);
      sent++;
      assert.ok(r.code !== undefined || r.opened, `path #${i}`);
    }
  });

  it("after all of it: at least 300 payloads, the server alive and answering on every interface", async () => {
    assert.ok(sent >= 300, `only ${sent} payloads`);
    assert.ok(server.alive(), "the server process died");
    const rest = await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user_id: "after", message: "I want a blue jacket" }) });
    assert.equal(rest.status, 200);
    const body = (await rest.json()) as { reply: string; slots: Record<string, unknown> };
    assert.equal(body.slots.product_type, "Jackets");
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
