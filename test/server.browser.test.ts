/**
 * The web chat page in a real headless Chromium (playwright-core driving the system browser):
 * type a request, answer the follow-up, see product cards, confirm the order. Saves a screenshot
 * under .data/test-results/ (git-ignored). CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { chromium, type Browser } from "playwright-core";
import { ROOT_DIR } from "../config.js";
import type { Agent } from "../graph/agent.js";
import { embeddedStore, openAgent, startServer, type Running } from "./clients/harness.js";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const skip = existsSync(executablePath) ? false : `no Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
const RESULTS = path.join(ROOT_DIR, ".data", "test-results");
const TURN_MS = 120_000;

describe("the web chat page in headless Chromium", { skip: skipped(skip) }, () => {
  const store = embeddedStore("browser");
  let agent: Agent;
  let srv: Running;
  let browser: Browser;
  beforeAll(async () => {
    agent = await openAgent(store.config());
    srv = await startServer(store.config(), agent);
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    await agent?.close();
    await store.cleanup();
  });

  it("asks for the size of a blue jacket, shows Jackets with price and stock, and places the confirmed order", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    try {
      await page.goto(srv.url);
      await page.fill("#user-id", "browser-shopper");
      await page.click("#connect");
      await page.waitForSelector("#status:has-text('connected as browser-shopper')");
      await page.waitForSelector("#text:not([disabled])");

      const say = async (text: string, botCount: number) => {
        await page.fill("#text", text);
        await page.click("#send");
        await page.waitForSelector(`.msg.user:has-text(${JSON.stringify(text)})`);
        const reply = page.locator(".msg.bot").nth(botCount - 1);
        await reply.waitFor({ timeout: TURN_MS });
        return (await reply.innerText()).trim();
      };

      assert.match(await say("I want to buy a blue jacket.", 1), /size/i);
      await say("M", 2);
      const cards = page.locator(".product-card");
      assert.ok((await cards.count()) > 0, "no product cards");
      const first = cards.first();
      assert.match(await first.locator(".price").innerText(), /^\$\d+\.\d{2}$/);
      assert.match(await first.locator(".details").innerText(), /Jackets/);
      assert.match(await first.locator(".stock [data-size='M']").innerText(), /^M: \d+$/);
      assert.ok((await first.locator(".brand").innerText()).length > 0);
      assert.ok(await page.isVisible("#offer"), "no confirm/decline buttons");
      // Each card has a drawing of its kind of product in its colour; the offered one is marked.
      assert.equal(await first.locator("svg.visual").getAttribute("data-kind"), "top");
      assert.match((await first.locator("svg.visual").getAttribute("aria-label")) ?? "", /Jackets/);
      assert.equal(await page.locator(".product-card.offered").count(), 1, "exactly one card is marked as offered");
      assert.match(await page.locator(".product-card.offered .offered-badge").innerText(), /offered/i);
      // Developer details are off for shoppers; the header toggle shows them.
      assert.ok(await page.locator(".msg.bot .meta.dev").first().isHidden(), "intent labels show without the developer toggle");
      await page.check("#dev-toggle");
      assert.match(await page.locator(".msg.bot .meta.dev").first().innerText(), /·|[a-z_]+/);
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS, "chat-page-offer-dev.png"), fullPage: true });
      await page.uncheck("#dev-toggle");

      await page.click("#confirm");
      const order = page.locator(".order-card");
      await order.waitFor({ timeout: TURN_MS });
      assert.match(await order.innerText(), /ORD-[0-9A-F]{8}/);
      assert.ok(await page.isHidden("#offer"));

      // The conversation is listed, titled by its first message.
      await page.waitForSelector("#conversations button:has-text('I want to buy a blue jacket.')");
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS, "chat-page.png"), fullPage: true });

      // Reopened later (a fresh page): the replies come back with their cards, and the order with them.
      const shownIds = await cards.evaluateAll<string[], void>("(cs) => cs.map((c) => c.dataset.productId)");
      const orderId = (await order.innerText()).match(/ORD-[0-9A-F]{8}/)![0];
      const again = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        await again.goto(srv.url);
        await again.fill("#user-id", "browser-shopper");
        await again.click("#connect");
        await again.click("#conversations button:has-text('I want to buy a blue jacket.')");
        await again.locator(".order-card").waitFor({ timeout: TURN_MS });
        const reopened = await again.locator(".product-card").evaluateAll<string[], void>("(cs) => cs.map((c) => c.dataset.productId)");
        assert.deepEqual(reopened, shownIds, "the reopened conversation shows the same cards");
        assert.match(await again.locator(".order-card").innerText(), new RegExp(orderId));
        assert.equal(await again.locator(".product-card.offered").count(), 0, "no offer stands after the order");
        await again.screenshot({ path: path.join(RESULTS, "chat-page-reopened.png"), fullPage: true });
      } finally {
        await again.close();
      }
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("works on a phone (390 px and 360 px): nothing wider than the screen, Send visible, cards readable", async () => {
    for (const width of [390, 360]) {
      const page = await browser.newPage({ viewport: { width, height: 780 }, isMobile: true, hasTouch: true });
      try {
        await page.goto(srv.url);
        await page.fill("#user-id", `phone-${width}`);
        await page.click("#connect");
        await page.waitForSelector("#text:not([disabled])");
        await page.fill("#text", "black socks for men");
        await page.click("#send");
        await page.locator(".product-card").first().waitFor({ timeout: TURN_MS });
        // Evaluated in the page (a string, since this file is compiled without the DOM library).
        const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assert.equal(overflow, 0, `${width} px: the page scrolls sideways by ${overflow} px`);
        const send = await page.locator("#send").boundingBox();
        assert.ok(send && send.x >= 0 && send.x + send.width <= width, `${width} px: Send is off-screen (${JSON.stringify(send)})`);
        const card = await page.locator(".product-card").first().boundingBox();
        assert.ok(card && card.x + card.width <= width, `${width} px: a product card is cut off`);
        mkdirSync(RESULTS, { recursive: true });
        await page.screenshot({ path: path.join(RESULTS, `chat-page-${width}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    }
    const icon = await fetch(`${srv.url}/favicon.ico`);
    assert.equal(icon.status, 200);
  });

  it("the operator page: staff see a shopper who asked for a person, answer them live, and hand them back", async () => {
    const shopper = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const staff = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const problems: string[] = [];
    for (const p of [shopper, staff]) p.on("pageerror", (e) => problems.push(e.message));
    try {
      await shopper.goto(srv.url);
      await shopper.fill("#user-id", "waiting-shopper");
      await shopper.click("#connect");
      await shopper.waitForSelector("#text:not([disabled])");
      await shopper.fill("#text", "this is useless, I want to talk to a real person now");
      await shopper.click("#send");
      await shopper.locator(".msg.bot").first().waitFor({ timeout: TURN_MS });
      assert.match(await shopper.locator(".msg.bot").first().innerText(), /member of our team/i);

      await staff.goto(`${srv.url}/operator`);
      await staff.click("#connect");
      await staff.waitForSelector("#status:has-text('connected as staff')");
      const card = staff.locator(".handoff[data-conversation-id^='waiting-shopper:']");
      await card.waitFor({ timeout: TURN_MS });
      assert.match(await card.locator("h2").innerText(), /asked for a person/);
      assert.match(await card.locator(".log").innerText(), /talk to a real person/);

      // Staff answer: the shopper's page shows it as a message from the team.
      await card.locator("input[name='message']").fill("Hi, this is Priya from the shop. How can I help?");
      await card.locator("button.send").click();
      await shopper.locator(".msg.bot.staff:has-text('Priya')").waitFor({ timeout: TURN_MS });

      // The shopper writes back: the agent stays silent, and the operator page shows it without reloading.
      await shopper.fill("#text", "my parcel never came");
      await shopper.click("#send");
      await card.locator(".log:has-text('my parcel never came')").waitFor({ timeout: TURN_MS });
      assert.match(await card.locator(".msg.staff").innerText(), /^staff: Hi, this is Priya/);
      mkdirSync(RESULTS, { recursive: true });
      await staff.screenshot({ path: path.join(RESULTS, "operator-page.png"), fullPage: true });

      // Handed back: the card goes, the shopper is told, and the assistant answers the next message.
      await card.locator("button.release").click();
      await card.waitFor({ state: "detached", timeout: TURN_MS });
      await shopper.locator(".msg.bot:has-text(\"You're back with the shop's assistant\")").waitFor({ timeout: TURN_MS });
      const before = await shopper.locator(".msg.bot").count();
      await shopper.fill("#text", "black socks for men");
      await shopper.click("#send");
      await shopper.locator(".msg.bot").nth(before).waitFor({ timeout: TURN_MS });
      await shopper.locator(".product-card").first().waitFor({ timeout: TURN_MS });
      assert.deepEqual(problems, []);
    } finally {
      await shopper.close();
      await staff.close();
    }
  });
});
