/**
 * The runner against the real agent (models from MODEL_DIR, the real catalog): a deliberately
 * broken agent makes the suite fail where it should, and the live target (the real server over
 * Socket.IO) sees the same turns as the in-process one.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { config, ROOT_DIR } from "../config.js";
import { Agent } from "../graph/agent.js";
import { INTENTS } from "../contract/index.js";
import { loadCatalog } from "../retrieval/catalog/products.js";
import { EmbeddedProductStore } from "../retrieval/embeddedStore.js";
import { buildServer } from "../server/app.js";
import { loadDialogues } from "../evals/load.js";
import { computeMetrics } from "../evals/metrics.js";
import { playAll } from "../evals/play.js";
import { InProcessTarget, openAgent, type TurnAgent } from "../evals/targets/inprocess.js";
import { SocketTarget } from "../evals/targets/socket.js";

const noModels = existsSync(config.modelDir) ? false : `no trained models at ${config.modelDir} (train them, or set MODEL_DIR)`;
const PICK = new Set(["talk-hello", "app-navy-turtle-shirt", "acc-fossil-watch", "ord-buy-yes", "sup-complaint-angry"]);
const dialogues = () => loadDialogues(path.join(ROOT_DIR, "evals", "dialogues")).filter((d) => PICK.has(d.id));
const cfg = { ...config, mongodbUri: undefined };

describe("a deliberately broken agent fails the suite", { skip: skipped(noModels) }, () => {
  let agent: TurnAgent;
  beforeAll(async () => {
    agent = await openAgent(cfg, "scratch");
  });
  afterAll(async () => {
    await agent?.close();
  });

  it("every intent check fails when the agent reports the wrong intent", async () => {
    // The real agent, with each intent swapped for the next label of the closed set.
    const wrong: TurnAgent = {
      turn: async (input) => {
        const r = await agent.turn(input);
        return { ...r, intent: INTENTS[(INTENTS.indexOf(r.intent as (typeof INTENTS)[number]) + 1) % INTENTS.length]! };
      },
      close: () => Promise.resolve(),
    };
    const records = await playAll(new InProcessTarget(wrong), dialogues(), { runTag: "wrong" });
    const m = computeMetrics(records);
    assert.equal(m.errors, 0);
    assert.ok(m.intent.turns >= 4, `${m.intent.turns} intent checks`);
    assert.equal(m.intent.accuracy, 0);
    // Every dialogue that checks an intent fails.
    const checked = records.filter((d) => d.turns.some((t) => t.expect?.intent !== undefined));
    assert.ok(checked.length >= 4 && checked.every((d) => !d.pass), checked.map((d) => `${d.id}:${d.pass}`).join(" "));
  });
});

describe("an agent whose catalog is empty fails every product expectation", { skip: skipped(noModels) }, () => {
  let agent: TurnAgent;
  const dir = mkdtempSync(path.join(tmpdir(), "evals-empty-"));
  beforeAll(async () => {
    // A real store with every product removed, marked current so nothing is re-ingested.
    const store = EmbeddedProductStore.open(dir);
    await store.setCatalogFingerprint(loadCatalog(cfg.catalogPath).fingerprint);
    await store.close();
    agent = await openAgent({ ...cfg, dataDir: dir }, "configured");
  });
  afterAll(async () => {
    await agent?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports no products where products were expected", async () => {
    const records = await playAll(new InProcessTarget(agent), dialogues(), { runTag: "empty" });
    const productChecks = records.flatMap((d) => d.turns.flatMap((t) => t.checks)).filter((c) => c.key === "products_match");
    assert.ok(productChecks.length >= 3, `${productChecks.length} product checks`);
    assert.ok(productChecks.every((c) => !c.pass && c.got === "no products returned"), JSON.stringify(productChecks.map((c) => c.got)));
    const m = computeMetrics(records);
    assert.equal(m.products.turn_rate, 0);
    assert.ok((m.dialogue_success_rate ?? 1) < 1);
  });
});

describe("the live target over Socket.IO", { skip: skipped(noModels) }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "evals-live-"));
  let agent: Agent;
  let inprocess: TurnAgent;
  let close: () => Promise<void>;
  let url: URL;
  beforeAll(async () => {
    agent = await Agent.open({ ...cfg, dataDir: dir });
    const server = await buildServer({ ...cfg, dataDir: dir, logLevel: "error", authSecret: undefined, rateLimitTurnsPerMinute: 10_000, rateLimitHttpPerMinute: 10_000 }, agent);
    url = new URL(`http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`);
    close = () => server.close();
    inprocess = await openAgent(cfg, "scratch");
  });
  afterAll(async () => {
    await close?.();
    await agent?.close();
    await inprocess?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("plays dialogues against the running server and sees what the agent in process sees", async () => {
    const ds = dialogues();
    const live = await playAll(new SocketTarget(url, { timeoutMs: 120_000 }), ds, { runTag: "live" });
    const local = await playAll(new InProcessTarget(inprocess), ds, { runTag: "local" });
    assert.deepEqual(live.flatMap((d) => d.turns.map((t) => t.error)).filter(Boolean), []);
    const view = (rs: typeof live) => rs.map((d) => d.turns.map((t) => `${t.observation?.intent}/${t.observation?.state}/${t.pass}`));
    assert.deepEqual(view(live), view(local));
    // The server reports per-node timings; the runner keeps them per node.
    const nodes = new Set(live.flatMap((d) => d.turns.flatMap((t) => Object.keys(t.nodeMs))));
    assert.ok(nodes.has("node:understand"), [...nodes].join(", "));
  });

  it("reports a refused connection as a failed dialogue and carries on", async () => {
    const dead = new SocketTarget(new URL("http://127.0.0.1:9"), { timeoutMs: 5_000 });
    const records = await playAll(dead, dialogues().slice(0, 2), { runTag: "dead" });
    assert.equal(records.length, 2);
    assert.ok(records.every((d) => !d.pass && d.turns.every((t) => t.error?.startsWith("could not start the conversation"))));
  });
});
