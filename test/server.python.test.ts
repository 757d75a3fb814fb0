/**
 * Seed 000's Python WebSocket client (plain `websockets`, test/clients/ws_client.py) against a
 * started server, on both of its paths. PYTHON_WEBSOCKETS names a Python interpreter that has
 * `websockets` installed (CI sets it; see server/README.md).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { ROOT_DIR } from "../config.js";
import type { Agent } from "../graph/agent.js";
import { embeddedStore, openAgent, startServer, type Running } from "./clients/harness.js";

const python = process.env.PYTHON_WEBSOCKETS;
const skip = python ? false : "PYTHON_WEBSOCKETS is not set (a python3 with websockets==17.4; CI sets it, see server/README.md)";
const CLIENT = path.join(ROOT_DIR, "test", "clients", "ws_client.py");

/** Runs the client; resolves with one parsed JSON object per reply line. */
function runClient(url: string, messages: string[]): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(python!, [CLIENT, url, ...messages], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`ws_client.py exited with ${code}: ${err.trim()}`));
      else resolve(out.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>));
    });
  });
}

describe("seed 000's Python WebSocket client", { skip: skipped(skip) }, () => {
  const store = embeddedStore("python");
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

  it("gets an answer on /ws/{user_id}", async () => {
    const [reply] = await runClient(`${srv.wsUrl}/ws/12345`, ["Hello, WebSocket!"]);
    assert.equal(typeof reply?.message, "string");
    assert.ok((reply!.message as string).length > 0);
  });

  it("books a blue jacket on /ws/chat/{user_id}/{chat_id}: size question, Jackets with price and stock, an order", async () => {
    const [question, booked, placed] = await runClient(`${srv.wsUrl}/ws/chat/12345/67890`, ["I want to buy a blue jacket.", "M", "yes"]);
    assert.match(question!.message as string, /size/i);
    const products = booked!.products as { action: string; data: { articleType: string; price: number; stock: Record<string, number> }[] };
    assert.equal(products.action, "load_product");
    assert.ok(products.data.length > 0);
    for (const p of products.data) {
      assert.equal(p.articleType, "Jackets");
      assert.ok(p.price > 0);
      assert.equal(typeof p.stock.M, "number");
    }
    assert.match(placed!.message as string, /ORD-[0-9A-F]{8}/);
  });

  it("is told clearly when the path is wrong", async () => {
    await assert.rejects(runClient(`${srv.wsUrl}/ws/chat/12345`, ["hi"]), /HTTP 404/);
  });
});
