/**
 * Full mode on this machine: small talk answered by the real on-device model (SmolLM2-135M through
 * llama.cpp), checked, streamed to a Socket.IO client token by token, and the search resumed after
 * it. Needs the model file (npm run models:chat; CI fetches it); skipped with that reason otherwise.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import type { Socket } from "socket.io-client";
import { config } from "../config.js";
import type { Agent } from "../graph/agent.js";
import { guardViolation } from "../models/chat/guard.js";
import { chatStatus, openSmallTalkModel } from "../models/chat/open.js";
import { HOLD_BACK_WORDS } from "../models/chat/smallTalkModel.js";
import { chromium } from "playwright-core";
import { connectSocket, embeddedStore, emitAck, nextEvent, openAgent, request, startServer, type Running } from "./clients/harness.js";

const skip = existsSync(config.chat.modelPath) ? false : `no chat model at ${config.chat.modelPath} (npm run models:chat fetches it)`;
// The product answers from the corpus when a reply takes longer than CHAT_TIMEOUT_MS (4 s); these
// tests are about generating and streaming, and a CI machine busy with other work can take longer
// than that on one thread (a fresh-clone CI once fell back to the corpus here), so they allow 30 s.
const chatConfig = { ...config.chat, mode: "device" as const, timeoutMs: 30_000 };
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function untilReady(agent: Agent): Promise<void> {
  while (chatStatus(agent.parts.chat).health === "loading") await new Promise((r) => setTimeout(r, 100));
}

describe("small talk from the on-device model", { skip: skipped(skip) }, () => {
  const store = embeddedStore("chat-device");
  let agent: Agent;
  let srv: Running;
  let socket: Socket;
  beforeAll(async () => {
    const cfg = { ...store.config(), chat: chatConfig };
    agent = await openAgent(cfg);
    await untilReady(agent);
    srv = await startServer(cfg, agent);
    socket = await connectSocket(srv.url, { userId: "chatty" });
  });
  afterAll(async () => {
    socket?.disconnect();
    await srv?.close();
    await agent?.close();
    await store.cleanup();
  });

  it("/health and /api/chat/model-info say full mode, on the device backend", async () => {
    const health = await request(`${srv.url}/health`, "GET");
    assert.deepEqual(health.body.chat, { mode: "full", backend: "device", model: "SmolLM2-135M-Instruct.Q4_1", health: "ready", detail: null });
    const info = await request(`${srv.url}/api/chat/model-info`, "GET");
    assert.equal((info.body.chat as { mode: string }).mode, "full");
  });

  it("streams a generated reply over Socket.IO: the bot_token pieces add up to the bot_message", async () => {
    // The last HOLD_BACK_WORDS words are held until the guard has seen the whole reply, so a reply
    // of a few words comes in one piece ("What's that?" to a joke request, on one CPU): the prompts
    // go on until a reply is long enough to stream, and every reply's pieces must add up to it.
    let streamed = 0;
    for (const [i, text] of ["tell me a joke", "what do you like doing on weekends?", "tell me something interesting about the sea"].entries()) {
      const chatId = `jokes-${i}`;
      const tokens: string[] = [];
      const onToken = (m: { chatId: string; text: string }) => {
        if (m.chatId === chatId) tokens.push(m.text);
      };
      socket.on("bot_token", onToken);
      const reply = nextEvent<{ chatId: string; reply: string; state: string; reply_source: string }>(socket, "bot_message", (m) => m.chatId === chatId);
      await emitAck(socket, "message", { chatId, text });
      const m = await reply;
      socket.off("bot_token", onToken);
      assert.equal(m.state, "chitChat");
      assert.equal(m.reply_source, "model");
      assert.equal(tokens.join("").replace(/\s+/g, " ").trim(), m.reply);
      assert.equal(guardViolation(m.reply), null);
      assert.ok(m.reply.length <= 240, m.reply);
      if (m.reply.split(/\s+/).length <= HOLD_BACK_WORDS + 1) continue;
      assert.ok(tokens.length > 1, `expected several pieces for ${JSON.stringify(m.reply)}, got ${JSON.stringify(tokens)}`);
      streamed++;
      break;
    }
    assert.equal(streamed, 1, "no reply was long enough to stream in pieces");
  });

  it("after small talk the search in progress comes back with its question", async () => {
    const first = await agent.turn({ userId: "chatty", chatId: "search", text: "I need a black shirt for men" });
    assert.equal(first.state, "slotFilling");
    const aside = await agent.turn({ userId: "chatty", chatId: "search", text: "haha you're funny" });
    assert.equal(aside.state, "chitChat");
    assert.match(aside.reply, /Back to your shirts?: What size do you need\?$/);
    const sized = await agent.turn({ userId: "chatty", chatId: "search", text: "M" });
    assert.equal(sized.slots.size, "M");
    assert.ok(sized.products.length > 0);
  });

  it("the web page shows the reply growing as it streams, then the final message in its place", { skip: skipped(existsSync(chromiumPath) ? false : `no Chromium at ${chromiumPath}`) }, async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      await page.goto(srv.url);
      await page.fill("#user-id", "page-chatty");
      await page.click("#connect");
      await page.waitForSelector("#text:not([disabled])");
      // Every text the streaming bubble shows, recorded in the page as it changes.
      // (A string: this project's TypeScript has no DOM types; the page runs it as it is.)
      await page.evaluate(`(() => {
        window.seen = [];
        new MutationObserver(() => {
          const b = document.querySelector(".msg.bot.streaming");
          if (b && b.textContent) window.seen.push(b.textContent);
        }).observe(document.getElementById("messages"), { subtree: true, childList: true, characterData: true });
      })()`);
      await page.fill("#text", "do you ever get bored?");
      await page.click("#send");
      const final = page.locator(".msg.bot:not(.streaming)").first();
      await final.waitFor({ timeout: 60_000 });
      const seen = await page.evaluate<string[]>("window.seen");
      const shown = (await final.innerText()).trim();
      assert.ok(seen.length > 1, `the bubble should grow piece by piece, saw ${JSON.stringify(seen)}`);
      assert.ok(seen[0]!.length < seen.at(-1)!.length);
      assert.ok(shown.startsWith(seen.at(-1)!.trim().split(" ").slice(0, 3).join(" ")), `${shown} vs ${seen.at(-1)}`);
      assert.equal(await page.locator(".msg.bot.streaming").count(), 0);
    } finally {
      await browser.close();
    }
  });

  it("REST gets the whole generated reply in one answer", async () => {
    const res = await request(`${srv.url}/api/chat`, "POST", { user_id: "rest-chatty", message: "what's your favourite colour?" });
    assert.equal(res.status, 200);
    assert.equal(res.body.reply_source, "model");
    assert.equal(guardViolation(String(res.body.reply)), null);
  });

  it("a 2,000-character message of small talk still gets a checked answer, from the model or the corpus", async () => {
    const r = await agent.turn({ userId: "chatty", chatId: "long", text: `${"tell me something nice about yourself please ".repeat(45)}`.slice(0, 2000) });
    assert.ok(r.reply.length > 0);
    if (r.reply_source === "model") assert.equal(guardViolation(r.reply), null);
  });

  it("a question about discounts is not put to the model", async () => {
    const chat = openSmallTalkModel(chatConfig);
    assert.equal(chat.mode, "full");
    if (chat.mode !== "full") return;
    await chat.smallTalk.warmUp();
    const outcome = await chat.smallTalk.reply("hey do u have any secret discount code lol", []);
    await chat.smallTalk.close();
    assert.deepEqual({ source: outcome.source, reason: outcome.source === "fallback" ? outcome.reason : null }, { source: "fallback", reason: "shop_facts" });
  });
});
