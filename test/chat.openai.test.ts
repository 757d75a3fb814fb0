/**
 * The OpenAI-compatible backend against a real server speaking that API: llama-cpp-python's
 * server (from PyPI, built by test/servers/llamaCppInstall.sh) serving the same GGUF, started
 * here. LLAMA_CPP_SERVER_VENV names that venv (CI sets it); skipped with the reason otherwise.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { config, ROOT_DIR } from "../config.js";
import type { Agent } from "../graph/agent.js";
import { guardViolation } from "../models/chat/guard.js";
import { chatStatus } from "../models/chat/open.js";
import { OpenAICompatibleChat } from "../models/chat/openaiCompatible.js";
import { embeddedStore, openAgent } from "./clients/harness.js";

const venv = process.env.LLAMA_CPP_SERVER_VENV;
const skip = !venv
  ? "LLAMA_CPP_SERVER_VENV is not set (a venv made by test/servers/llamaCppInstall.sh; CI sets it)"
  : !existsSync(config.chat.modelPath)
    ? `no chat model at ${config.chat.modelPath} (npm run models:chat fetches it)`
    : false;

// The product falls back to the corpus after CHAT_TIMEOUT_MS (4 s); these tests are about the
// backend answering, and a CI machine busy with other work can be slower than that on one thread.
const REPLY_TIMEOUT_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe("small talk through an OpenAI-compatible server (llama-cpp-python)", { skip: skipped(skip) }, () => {
  let server: ChildProcess;
  let baseUrl: string;
  const store = embeddedStore("chat-openai");
  let agent: Agent;
  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}/v1`;
    server = spawn("bash", [path.join(ROOT_DIR, "test", "servers", "llamaCppServe.sh"), config.chat.modelPath, String(port)], {
      env: { ...process.env, LCP_VENV: venv, LCP_MODEL_ALIAS: "smollm2" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    server.stderr?.on("data", (d: Buffer) => (log = (log + d.toString("utf8")).slice(-2000)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the server exited (${server.exitCode ?? server.signalCode}): ${log}`);
      const up = await fetch(`${baseUrl}/models`).then((r) => r.ok, () => false);
      if (up) break;
      if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s: ${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const cfg = { ...store.config(), chat: { ...config.chat, mode: "openai" as const, timeoutMs: REPLY_TIMEOUT_MS, openai: { baseUrl, apiKey: "test-key", model: "smollm2" } } };
    agent = await openAgent(cfg);
    while (chatStatus(agent.parts.chat).health === "loading") await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await agent?.close();
    await store.cleanup();
    // A server killed by a signal (SIGILL on a CPU feature the VM traps) has a signalCode and no exitCode: it is gone already.
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
  });

  it("streams text from the server in pieces", async () => {
    const chat = new OpenAICompatibleChat({ baseUrl, apiKey: "test-key", model: "smollm2", timeoutMs: REPLY_TIMEOUT_MS, maxTokens: 40 });
    await chat.ready();
    const pieces: string[] = [];
    const text = await chat.generate({ history: [], message: "hi, how is your day going?", maxTokens: 40, onText: (p) => pieces.push(p) });
    assert.ok(text.trim().length > 0);
    assert.ok(pieces.length > 1, `expected a stream, got ${pieces.length} piece(s)`);
    assert.equal(pieces.join(""), text);
  });

  it("the agent answers small talk through it, in full mode", async () => {
    assert.deepEqual(chatStatus(agent.parts.chat), { mode: "full", backend: "openai", model: "smollm2", health: "ready", detail: null });
    const tokens: string[] = [];
    const r = await agent.turn({ userId: "remote", chatId: "c1", text: "tell me a joke" }, { onToken: (t) => tokens.push(t) });
    assert.equal(r.state, "chitChat");
    assert.equal(r.reply_source, "model");
    assert.equal(guardViolation(r.reply), null);
    assert.equal(tokens.join("").replace(/\s+/g, " ").trim(), r.reply);
  });

  it("a server that is down leaves the agent in minimal mode, answering from the corpus", async () => {
    const down = embeddedStore("chat-openai-down");
    const port = await freePort();
    const cfg = { ...down.config(), chat: { ...config.chat, mode: "openai" as const, openai: { baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: "k", model: "smollm2" } } };
    const offline = await openAgent(cfg);
    try {
      while (chatStatus(offline.parts.chat).health === "loading") await new Promise((r) => setTimeout(r, 100));
      const status = chatStatus(offline.parts.chat);
      assert.equal(status.mode, "minimal");
      assert.equal(status.health, "failed");
      const r = await offline.turn({ userId: "remote", chatId: "c2", text: "tell me a joke" });
      assert.equal(r.state, "chitChat");
      assert.equal(r.reply_source, "data");
      assert.ok(r.reply.length > 0);
    } finally {
      await offline.close();
      await down.cleanup();
    }
  });
});
