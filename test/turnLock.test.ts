/**
 * The per-conversation turn lock across nodes (two RedisTurnLock instances on one real Redis stand
 * for two server nodes) and rate limits shared through Redis.
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { LeaseLostError, LocalTurnLock, RedisTurnLock } from "../graph/turnLock.js";
import { openRedis, type Redis } from "../retrieval/redis.js";
import { TurnRateLimiter } from "../server/rateLimit.js";
import { redisSkip, startRedis, type RedisServer } from "./helpers/redis.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `n` overlapping turns of one conversation and reports the most that ran at the same time. */
async function overlap(runs: ((work: () => Promise<void>) => Promise<void>)[]): Promise<number> {
  let running = 0;
  let most = 0;
  await Promise.all(
    runs.map((run) =>
      run(async () => {
        running++;
        most = Math.max(most, running);
        await sleep(30);
        running--;
      }),
    ),
  );
  return most;
}

describe("LocalTurnLock", () => {
  it("runs turns of one conversation one at a time, of different conversations side by side", async () => {
    const lock = new LocalTurnLock();
    assert.equal(await overlap([1, 2, 3, 4].map(() => (w) => lock.run("u:c", w))), 1);
    assert.equal(await overlap(["a", "b", "c"].map((c) => (w) => lock.run(`u:${c}`, w))), 3);
  });

  it("a failed turn does not block the next", async () => {
    const lock = new LocalTurnLock();
    await assert.rejects(lock.run("u:c", () => Promise.reject(new Error("boom"))), /boom/);
    assert.equal(await lock.run("u:c", () => Promise.resolve(7)), 7);
  });
});

describe("RedisTurnLock and shared rate limits (real Redis)", { skip: skipped(redisSkip) }, () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  const node = async (leaseMs = 5000) => {
    const client = await openRedis(server.url);
    clients.push(client);
    return new RedisTurnLock(client, { leaseMs, waitMs: 10_000 });
  };

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.stop();
  });

  it("two nodes never run turns of one conversation at once; other conversations do not wait", async () => {
    const [a, b] = [await node(), await node()];
    const runs = [a, b, a, b, a, b].map((lock) => (w: () => Promise<void>) => lock.run("u1:c1", w));
    assert.equal(await overlap(runs), 1);
    assert.equal(await overlap([a, b].map((lock, i) => (w: () => Promise<void>) => lock.run(`u1:other${i}`, w))), 2);
  });

  it("fencing tokens increase with every holder", async () => {
    const [a, b] = [await node(), await node()];
    const tokens: number[] = [];
    for (const lock of [a, b, a]) await lock.run("u2:c1", (fence) => Promise.resolve(void tokens.push(fence.token)));
    assert.ok(tokens[0]! < tokens[1]! && tokens[1]! < tokens[2]!, tokens.join(","));
  });

  it("a node that dies holding the lock blocks the conversation only until its lease ends", async () => {
    const dying = await node(600);
    const survivor = await node(600);
    const holding = dying.run("u3:c1", () => new Promise<void>(() => undefined)); // never finishes
    void holding;
    await sleep(50);
    // The dead node's renewals stop with its connection.
    clients[clients.length - 2]!.disconnect();
    const started = Date.now();
    await survivor.run("u3:c1", () => Promise.resolve());
    const waited = Date.now() - started;
    assert.ok(waited >= 300 && waited < 5000, `waited ${waited} ms for a 600 ms lease`);
  });

  it("a holder whose lease lapsed (a stalled process) is fenced off: it may not record its turn", async () => {
    const [stalled, other] = [await node(300), await node(300)];
    await stalled.run("u4:c1", async (fence) => {
      await fence.assertHeld();
      // The process stalls (a long GC pause): no renewal reaches Redis and the lease lapses.
      const until = Date.now() + 700;
      while (Date.now() < until) {
        /* busy: the event loop is stopped */
      }
      // Meanwhile another node takes the conversation; the stalled holder must find out before writing.
      await other.run("u4:c1", async (next) => {
        assert.ok(next.token > fence.token);
        await next.assertHeld();
        await assert.rejects(fence.assertHeld(), LeaseLostError);
      });
      await assert.rejects(fence.assertHeld(), LeaseLostError);
    });
  });

  it("a rate limit holds across nodes: two limiters on one Redis share the window", async () => {
    const [ra, rb] = [await openRedis(server.url), await openRedis(server.url)];
    clients.push(ra, rb);
    const [a, b] = [new TurnRateLimiter(4, "messages", Date.now, ra), new TurnRateLimiter(4, "messages", Date.now, rb)];
    await a.take(["user:x"]);
    await b.take(["user:x"]);
    await a.take(["user:x"]);
    await b.take(["user:x"]);
    await assert.rejects(a.take(["user:x"]), (e: Error) => /at most 4 a minute/.test(e.message));
    await assert.rejects(b.take(["user:x"]), /at most 4 a minute/);
    // All or nothing: a spent second key counts nothing against the first.
    await b.take(["user:y"]);
    await assert.rejects(b.take(["user:z", ["ip:1.2.3.4", 0]]), /from one address/);
    await b.take(["user:z"]);
  });
});
