/**
 * npm run bench:load -- --shoppers 50 --turns 4 [--long 150] [--workers N] [--nodes 1,2]
 *
 * The real server (`server/main.ts`) in processes of their own on loopback, and N Socket.IO
 * shoppers running scripted conversations at once (searches, questions, orders). Prints per-turn
 * latency as clients see it (p50/p95/max), errors, replies that reached the wrong shopper, the
 * longest a request needing only the event loop waited while orders were being placed, and the
 * server's RSS before and after. `--long T` then runs one conversation of T turns alone and
 * compares its first and last 20 turns. Bounded: every wait has a timeout.
 *
 * `--chat` measures full mode instead (needs npm run models:chat): a few shoppers search alone, then
 * again while others keep the small-talk model generating; it prints their turn latency both ways
 * and the small-talk replies' first streamed piece (bot_token) and whole-reply times.
 *
 * One node runs on a scratch embedded database. `--nodes 1,2` (with MONGODB_URI and REDIS_URL set)
 * runs the same load against one node and then two nodes sharing a scratch MongoDB database and
 * Redis, shoppers spread over the nodes in turn, and prints turns per second side by side.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { parseFlags } from "../../retrieval/cli/args.js";
import { progressBar } from "../../retrieval/cli/progress.js";
import { startNodeProcess, type NodeProcess } from "./nodeProcess.js";

const Flags = z.object({
  shoppers: z.coerce.number().int().min(1).max(500).default(50),
  turns: z.coerce.number().int().min(1).max(20).default(4),
  long: z.coerce.number().int().min(0).max(1000).default(0),
  workers: z.coerce.number().int().min(1).max(8).optional(),
  chat: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean()).default(false),
  nodes: z
    .string()
    .regex(/^[1-8](,[1-8])*$/, "--nodes is a list of node counts, e.g. 1,2")
    .default("1")
    .transform((v) => v.split(",").map(Number)),
}).strict();
const flags = parseFlags(process.argv.slice(2), Flags, "npm run bench:load -- [--shoppers=50] [--turns=4] [--long=150] [--workers=N] [--nodes=1,2] [--chat]", ["chat"]);
if (!flags) process.exit(2);

/** Conversations a shopper might have; shopper i runs script i mod n, cut or repeated to --turns. */
const SCRIPTS = [
  ["hi", "I want a blue jacket for men", "M", "yes please"],
  ["black socks for men", "yes", "where is my order?", "thanks, bye"],
  ["show me red kurtas for women", "size L", "anything cheaper?", "no thanks"],
  ["do you take paypal?", "a brown leather wallet for my dad", "yes", "thank you"],
  ["white sneakers size 9", "do you have it in black?", "yes", "bye"],
  ["tell me a joke", "sunglasses for women", "not fastrack", "no"],
];
const LONG_SIDE_QUESTIONS = ["do you take paypal?", "how long does delivery take?", "what's the return policy?", "is shipping free?"];
const TURN_TIMEOUT_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

type Server = NodeProcess;

/** A node on the embedded store in `dataDir`, or on the shared MongoDB database and Redis. */
function startServer(store: { dataDir: string } | { mongodbDb: string }): Promise<Server> {
  return startNodeProcess({
    ...("dataDir" in store ? { DATA_DIR: store.dataDir, MONGODB_URI: "", REDIS_URL: "" } : { MONGODB_DB: store.mongodbDb }), AUTH_SECRET: "",
    RATE_LIMIT_HTTP_PER_MINUTE: "100000", RATE_LIMIT_TURNS_PER_MINUTE: "100000", RATE_LIMIT_TURNS_PER_IP_PER_MINUTE: "100000",
    ...(flags!.workers ? { MODEL_WORKERS: String(flags!.workers) } : {}),
    ...(flags!.chat ? { CHAT_MODEL: "device" } : {}),
  });
}

function connect(url: string, userId: string): Promise<Socket> {
  const socket = io(url, { auth: { userId }, transports: ["websocket"], reconnection: false, timeout: 30_000 });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

interface Tally {
  latencies: number[];
  errors: string[];
  misrouted: number;
  orders: number;
}

/** One shopper's conversation: each message waits for its bot_message (or an error) before the next. */
async function converse(url: string, userId: string, chatId: string, texts: readonly string[], tally: Tally, onTurn: () => void): Promise<number[]> {
  const socket = await connect(url, userId);
  const mine: number[] = [];
  socket.on("bot_message", (m: { chatId?: string; order?: { userId?: string } | null }) => {
    if (m.chatId !== chatId || (m.order && m.order.userId !== userId)) tally.misrouted++;
  });
  try {
    for (const text of texts) {
      const t0 = performance.now();
      const reply = new Promise<{ order?: unknown }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply within ${TURN_TIMEOUT_MS} ms`)), TURN_TIMEOUT_MS);
        const done = (m: { chatId?: string; order?: unknown }) => {
          if (m.chatId !== chatId) return;
          clearTimeout(timer);
          socket.off("bot_message", done);
          socket.off("error", failed);
          resolve(m);
        };
        const failed = (e: { code?: string; message?: string }) => {
          clearTimeout(timer);
          socket.off("bot_message", done);
          socket.off("error", failed);
          reject(new Error(`${e.code ?? "error"}: ${e.message ?? ""}`));
        };
        socket.on("bot_message", done);
        socket.on("error", failed);
      });
      const ack = (await socket.timeout(30_000).emitWithAck("message", { chatId, text })) as { ok: boolean; error?: { code: string; message: string } };
      if (!ack.ok) throw new Error(`${ack.error?.code}: ${ack.error?.message}`);
      const m = await reply;
      const took = performance.now() - t0;
      mine.push(took);
      tally.latencies.push(took);
      if (m.order) tally.orders++;
      onTurn();
    }
  } catch (e) {
    tally.errors.push(`${userId}: ${(e as Error).message}`);
  } finally {
    socket.disconnect();
  }
  return mine;
}

/**
 * A request that needs only the event loop (GET /api/session: no model, no database) every 100 ms
 * while `during` runs: the slowest answer shows whether anything (an order's write) blocks the loop.
 */
async function probeWhile<T>(url: string, during: Promise<T>): Promise<{ result: T; worstMs: number; probes: number }> {
  let worstMs = 0;
  let probes = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await fetch(`${url}/api/session`).then((r) => r.arrayBuffer(), () => undefined);
      worstMs = Math.max(worstMs, performance.now() - t0);
      probes++;
      await sleep(100);
    }
  })();
  const result = await during;
  running = false;
  await loop;
  return { result, worstMs, probes };
}

interface Run {
  nodes: number;
  answered: number;
  wall: number;
  latencies: number[];
  errors: number;
}

/** The load against `servers` (shopper i on node i mod n); prints its lines and returns its numbers. */
async function load(servers: Server[], store: string): Promise<Run> {
  const { shoppers, turns, long } = flags!;
  // Warm each node's models once, so the first shoppers do not measure start-up.
  for (const [i, server] of servers.entries()) {
    await converse(server.url, `warmup-${i}`, "w", ["hi", "blue jeans size 32"], { latencies: [], errors: [], misrouted: 0, orders: 0 }, () => undefined);
  }
  const rssBefore = servers.map((s) => s.rssMb());
  const tally: Tally = { latencies: [], errors: [], misrouted: 0, orders: 0 };
  const bar = progressBar(`turns (${servers.length} node${servers.length > 1 ? "s" : ""})`);
  let done = 0;
  const total = shoppers * turns;
  const t0 = performance.now();
  const all = Promise.all(
    Array.from({ length: shoppers }, (_, i) => {
      const script = SCRIPTS[i % SCRIPTS.length]!;
      const texts = Array.from({ length: turns }, (_, k) => script[k % script.length]!);
      return converse(servers[i % servers.length]!.url, `load-${i}`, `chat-${i}`, texts, tally, () => bar.update(++done, total));
    }),
  );
  const { worstMs, probes } = await probeWhile(servers[0]!.url, all);
  bar.stop();
  const wall = (performance.now() - t0) / 1000;
  const rssAfter = servers.map((s) => s.rssMb());
  const mb = (xs: number[]) => xs.map((x) => `${x.toFixed(0)} MB`).join(" + ");
  console.log(`bench:load  ${shoppers} Socket.IO shoppers x ${turns} turns, all at once (loopback, ${servers.length} node(s), ${store}, MODEL_WORKERS=${flags!.workers ?? "default"})`);
  console.log(`  turns answered   ${tally.latencies.length}/${total} in ${wall.toFixed(1)} s (${(tally.latencies.length / wall).toFixed(1)} turns/s); orders placed ${tally.orders}`);
  console.log(`  turn latency     p50 ${ms(pct(tally.latencies, 50))}  p95 ${ms(pct(tally.latencies, 95))}  max ${ms(Math.max(...tally.latencies))}`);
  console.log(`  errors           ${tally.errors.length}${tally.errors.length ? `  (${tally.errors.slice(0, 3).join("; ")})` : ""}`);
  console.log(`  misrouted        ${tally.misrouted}`);
  console.log(`  event loop       slowest GET /api/session ${ms(worstMs)} over ${probes} probes during the load (orders included)`);
  console.log(`  server RSS       ${mb(rssBefore)} before, ${mb(rssAfter)} after`);
  if (long > 0) {
    const server = servers[0]!;
    const texts = ["I want a blue jacket for men", ...Array.from({ length: long - 2 }, (_, k) => LONG_SIDE_QUESTIONS[k % LONG_SIDE_QUESTIONS.length]!), "any brand is fine, size M"];
    const longTally: Tally = { latencies: [], errors: [], misrouted: 0, orders: 0 };
    const lbar = progressBar("long conversation");
    let n = 0;
    const per = await converse(server.url, "long-shopper", "long", texts, longTally, () => lbar.update(++n, texts.length));
    lbar.stop();
    // Like with like: the side questions only (the first turn starts a search, the last one books).
    const side = per.slice(1, -1);
    const first = side.slice(0, 20);
    const last = side.slice(-20);
    console.log(`  long conversation ${per.length}/${texts.length} turns, errors ${longTally.errors.length}${longTally.errors.length ? ` (${longTally.errors[0]})` : ""}`);
    console.log(`    side questions: first 20 turns p50 ${ms(pct(first, 50))} p95 ${ms(pct(first, 95))}; last 20 turns p50 ${ms(pct(last, 50))} p95 ${ms(pct(last, 95))} (ratio of p95 ${(pct(last, 95) / pct(first, 95)).toFixed(2)})`);
    console.log(`    server RSS after ${server.rssMb().toFixed(0)} MB`);
  }
  if (tally.errors.length > 0 || tally.misrouted > 0) process.exitCode = 1;
  return { nodes: servers.length, answered: tally.latencies.length, wall, latencies: tally.latencies, errors: tally.errors.length };
}

const SMALL_TALK = ["tell me a joke", "what's your favourite colour?", "do you ever get bored?", "haha you're funny", "what music do you like?", "how's your day going?"];
const SEARCHES = [["I want a blue jacket for men", "M", "no thanks"], ["show me red kurtas for women", "size L", "no"], ["white sneakers size 9", "no thanks"]];

/** Small talk in a loop until `stop`: each reply's first bot_token and its bot_message, timed from the send. */
async function chatter(url: string, userId: string, stop: () => boolean, firsts: number[], replies: number[], generated: { model: number; corpus: number }): Promise<void> {
  const socket = await connect(url, userId);
  try {
    for (let k = 0; !stop(); k++) {
      const t0 = performance.now();
      let first: number | null = null;
      const onToken = () => (first ??= performance.now() - t0);
      socket.on("bot_token", onToken);
      const reply = new Promise<{ reply_source?: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply within ${TURN_TIMEOUT_MS} ms`)), TURN_TIMEOUT_MS);
        socket.once("bot_message", (m: { reply_source?: string }) => {
          clearTimeout(timer);
          resolve(m);
        });
      });
      await socket.timeout(30_000).emitWithAck("message", { chatId: "chat", text: SMALL_TALK[k % SMALL_TALK.length]! });
      const m = await reply;
      socket.off("bot_token", onToken);
      if (m.reply_source === "model") {
        generated.model++;
        replies.push(performance.now() - t0);
        if (first !== null) firsts.push(first);
      } else generated.corpus++;
    }
  } finally {
    socket.disconnect();
  }
}

/** Searches alone, then the same searches while `chatters` shoppers keep the small-talk model busy. */
async function chatLoad(server: Server): Promise<void> {
  const searchers = Math.max(1, Math.min(flags!.shoppers, 8));
  const chatters = 2;
  await converse(server.url, "warmup", "w", ["hi", "blue jeans size 32", "tell me a joke"], { latencies: [], errors: [], misrouted: 0, orders: 0 }, () => undefined);
  const searchRound = async (tag: string) => {
    const tally: Tally = { latencies: [], errors: [], misrouted: 0, orders: 0 };
    for (let round = 0; round < flags!.turns; round++) {
      await Promise.all(Array.from({ length: searchers }, (_, i) => converse(server.url, `${tag}-${i}`, `s-${round}`, SEARCHES[(i + round) % SEARCHES.length]!, tally, () => undefined)));
    }
    return tally;
  };
  const alone = await searchRound("alone");
  let stopping = false;
  const firsts: number[] = [];
  const replies: number[] = [];
  const generated = { model: 0, corpus: 0 };
  const talk = Promise.all(Array.from({ length: chatters }, (_, i) => chatter(server.url, `chatter-${i}`, () => stopping, firsts, replies, generated)));
  await sleep(500);
  const { result: during, worstMs } = await probeWhile(server.url, searchRound("during"));
  stopping = true;
  await talk;
  const line = (t: Tally) => `p50 ${ms(pct(t.latencies, 50))}  p95 ${ms(pct(t.latencies, 95))}  (${t.latencies.length} turns, ${t.errors.length} errors)`;
  console.log(`bench:load --chat  ${searchers} searching shoppers x ${flags!.turns} rounds; ${chatters} shoppers making small talk meanwhile (full mode, on-device model, CHAT_THREADS=1)`);
  console.log(`  search turns alone            ${line(alone)}`);
  console.log(`  search turns during small talk ${line(during)}`);
  console.log(`  small talk replies            generated ${generated.model}, corpus ${generated.corpus}`);
  console.log(`  small talk first piece        p50 ${ms(pct(firsts, 50))}  p95 ${ms(pct(firsts, 95))}`);
  console.log(`  small talk whole reply        p50 ${ms(pct(replies, 50))}  p95 ${ms(pct(replies, 95))}`);
  console.log(`  event loop                    slowest GET /api/session ${ms(worstMs)} during small talk`);
  if (alone.errors.length > 0 || during.errors.length > 0) process.exitCode = 1;
}

const shared = flags.nodes.some((n) => n > 1);
if (shared && (!process.env.MONGODB_URI || !process.env.REDIS_URL)) {
  console.error("--nodes above 1 needs MONGODB_URI and REDIS_URL: the nodes share a MongoDB database and Redis");
  process.exit(2);
}
const runs: Run[] = [];
if (!shared) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-load-"));
  const server = await startServer({ dataDir });
  try {
    if (flags.chat) await chatLoad(server);
    else runs.push(await load([server], "embedded store"));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
} else {
  const mongodbDb = `bench_load_${process.pid}`;
  try {
    for (const count of flags.nodes) {
      // One node first: it loads the catalog into the scratch database; the others find it there.
      const servers: Server[] = [];
      try {
        for (let i = 0; i < count; i++) servers.push(await startServer({ mongodbDb }));
        runs.push(await load(servers, "MongoDB + Redis"));
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
  } finally {
    const { MongoClient } = await import("mongodb");
    const client = new MongoClient(process.env.MONGODB_URI!);
    await client.connect();
    await client.db(mongodbDb).dropDatabase();
    await client.close();
  }
  const base = runs[0]!;
  console.log("\nnodes  turns/s  p50      p95      errors  scaling");
  for (const r of runs) {
    const rate = r.answered / r.wall;
    console.log(`${String(r.nodes).padEnd(6)} ${rate.toFixed(1).padEnd(8)} ${ms(pct(r.latencies, 50)).padEnd(8)} ${ms(pct(r.latencies, 95)).padEnd(8)} ${String(r.errors).padEnd(7)} ${(rate / (base.answered / base.wall)).toFixed(2)}x`);
  }
}
