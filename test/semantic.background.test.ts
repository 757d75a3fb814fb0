/**
 * A first start of an encoder build (no cached product vectors): the server's agent opens at once,
 * ranks without meaning, embeds the catalog in the background and switches hybrid ranking on when
 * the vectors are ready (the real encoder on a 300-product slice of the real catalog).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { config } from "../config.js";
import { Agent } from "../graph/agent.js";
import { semanticSkip } from "./helpers/semantic.js";

const dir = mkdtempSync(path.join(tmpdir(), "vectors-background-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("product vectors built in the background on a first start", { skip: skipped(semanticSkip) }, () => {
  it("opens before the vectors exist, ranks by meaning once they are ready, and caches them", async () => {
    const lines = readFileSync(config.catalogPath, "utf8").split("\n");
    const catalogPath = path.join(dir, "styles.csv");
    writeFileSync(catalogPath, lines.slice(0, 301).join("\n") + "\n");
    const cfg = { ...config, mongodbUri: undefined, redisUrl: undefined, catalogPath, dataDir: path.join(dir, "data"), vectorCacheDir: path.join(dir, "vectors") };
    const events: string[] = [];
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    const agent = await Agent.open(cfg, {
      vectorsInBackground: true,
      foregroundVectors: 0,
      onVectors: (event) => {
        events.push(event);
        if (event !== "building") ready();
      },
    });
    try {
      assert.deepEqual(events, ["building"], "the agent opened while the vectors were still being built");
      const ask = () => agent.parts.retriever.retrieve({ product_type: "Tshirts" }, 5, { query: "striped cotton tee" });
      const before = await ask();
      assert.ok(before.products.length > 0);
      assert.ok(before.products.every((p) => !/similarity/.test(p.rankReason ?? "")), "no meaning-based ranking before the vectors exist");
      await isReady;
      assert.deepEqual(events, ["building", "ready"]);
      const afterReady = await ask();
      assert.ok(afterReady.products.every((p) => /similarity \d\.\d\d/.test(p.rankReason ?? "")), JSON.stringify(afterReady.products.map((p) => p.rankReason)));
    } finally {
      await agent.close();
    }
    // The next start finds them cached and waits for nothing.
    const again: string[] = [];
    const second = await Agent.open(cfg, { vectorsInBackground: true, foregroundVectors: 0, onVectors: (e) => again.push(e) });
    try {
      assert.deepEqual(again, []);
      const r = await second.parts.retriever.retrieve({ product_type: "Tshirts" }, 5, { query: "striped cotton tee" });
      assert.ok(r.products.every((p) => /similarity/.test(p.rankReason ?? "")));
    } finally {
      await second.close();
    }
  });
});
