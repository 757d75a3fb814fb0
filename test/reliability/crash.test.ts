/**
 * kill -9 around an order (issue 13): the real server in its own process on one embedded
 * database, a shopper brought to an offer over REST, "yes" sent, and the process killed at a
 * different moment in each trial, from the instant the yes leaves to after the reply. A server
 * restarted on the same directory must start, and the shopper's next "yes" must leave exactly one
 * order whose stock was taken once, whatever the moment: nothing lost, nothing booked twice, and
 * the reply never says "I won't place that order" over an order that exists.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { EmbeddedProductStore } from "../../retrieval/embeddedStore.js";
import { EmbeddedOrderStore } from "../../retrieval/orders.js";
import { request } from "../clients/harness.js";
import { startServerProcess, type ServerProcess } from "../clients/serverProcess.js";

/** Milliseconds between sending "yes" and SIGKILL: before the turn starts, during it, after the reply. */
const MOMENTS = [0, 3, 10, 25, 50, 100, 200, 400];
const SETTINGS = { logLevel: "silent" };

const dataDir = mkdtempSync(path.join(tmpdir(), "reliability-crash-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Body {
  reply?: string;
  conversation_id?: string;
  products?: { id: number; stock: Record<string, number> }[];
  order?: { orderId: string; productId: number } | null;
  awaiting_confirmation?: boolean;
  offered_product_id?: number | null;
}

describe("kill -9 at moments around an order", () => {
  const offered: { user: string; productId: number; before: number }[] = [];
  let server: ServerProcess;

  it(`${MOMENTS.length} trials: a restarted server starts, and the next yes leaves exactly one order`, { timeout: 600_000 }, async () => {
    server = await startServerProcess({ tag: "crash", dataDir, settings: SETTINGS });
    try {
      for (const moment of MOMENTS) {
        const user = `crash-${moment}`;
        const say = (text: string, conversation?: string) => request(`${server.url}/api/chat`, "POST", { user_id: user, message: text, ...(conversation ? { conversation_id: conversation } : {}) });
        const first = await say("I want to buy a blue jacket for men");
        assert.equal(first.status, 200, JSON.stringify(first.body));
        const conversation = (first.body as Body).conversation_id!;
        const offer = (await say("M", conversation)).body as Body;
        const top = offer.products?.[0];
        // An offer waits for a yes about one product (its wording is the response model's).
        assert.ok(top && offer.awaiting_confirmation === true && offer.offered_product_id === top.id, `no offer: ${offer.reply}`);
        offered.push({ user, productId: top.id, before: top.stock.M! });

        const yes = say("yes", conversation).catch(() => null); // the process may die under it
        await sleep(moment);
        await server.kill();
        await yes;
        server = await startServerProcess({ tag: "crash", dataDir, settings: SETTINGS });

        const again = await say("yes", conversation);
        assert.equal(again.status, 200, `moment ${moment} ms: ${JSON.stringify(again.body)}`);
        const reply = (again.body as Body).reply ?? "";
        assert.doesNotMatch(reply, /won't place/, `moment ${moment} ms`);
        // The stored history is whole turns: a shopper message and its answer, never half a turn.
        const history = await request(`${server.url}/api/conversations/${encodeURIComponent(conversation)}/history`, "GET");
        assert.equal(history.status, 200, `moment ${moment} ms: history ${JSON.stringify(history.body)}`);
        const roles = (history.body.messages as { role: string }[]).map((m) => m.role);
        assert.ok(roles.length >= 6 && roles.every((r, i) => r === (i % 2 === 0 ? "user" : "assistant")), `moment ${moment} ms: ${roles.join(",")}`);
      }
    } finally {
      await server.stop();
    }

    // The server is gone: read its database directly.
    const products = EmbeddedProductStore.open(dataDir);
    const orders = new EmbeddedOrderStore(products);
    try {
      const byProduct = new Map<number, number>();
      for (const { user, productId } of offered) {
        const mine = await orders.byUser(user);
        assert.equal(mine.length, 1, `${user}: ${mine.length} orders`);
        assert.equal(mine[0]!.productId, productId);
        byProduct.set(productId, (byProduct.get(productId) ?? 0) + 1);
      }
      for (const [productId, count] of byProduct) {
        const first = offered.find((o) => o.productId === productId)!;
        const [doc] = await products.find({ _id: productId }, { sort: { _id: 1 }, limit: 1 });
        // Offers made after earlier trials' orders saw less stock: count from the first one.
        assert.equal(doc!.stock.M, first.before - count, `product ${productId}: stock taken once per order`);
      }
    } finally {
      await products.close();
    }
  });
});
