/**
 * A 150-turn conversation (issue 13): one search held open by side questions, then answered.
 * Before, every turn that reached slot filling failed after about 20 exchanges (unbounded model
 * inputs), and the file checkpointer rewrote the whole history on every save (turns slowed from
 * 0.3 s to 2.7 s). Now no turn fails, the last turns cost what the first ones did (medians within
 * 2x, timed in process, the embedded database on disk), and the search still completes.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { config } from "../../config.js";
import { Agent } from "../../graph/agent.js";

const TURNS = 150;
const SIDE = ["do you take paypal?", "how long does delivery take?", "what's the return policy?", "is shipping free?", "can i pay cash on delivery?"];
const dataDir = mkdtempSync(path.join(tmpdir(), "reliability-long-"));
let agent: Agent;
beforeAll(async () => {
  agent = await Agent.open({ ...config, mongodbUri: undefined, dataDir });
});
afterAll(async () => {
  await agent?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("a 150-turn conversation", () => {
  it("never fails, keeps its pace, and still completes the search", async () => {
    const say = (text: string) => agent.turn({ userId: "long-shopper", chatId: "c1", text });
    const times: number[] = [];
    const first = await say("I want a blue jacket for men");
    assert.equal(first.slots.product_type, "Jackets");
    for (let i = 0; i < TURNS - 2; i++) {
      const t0 = performance.now();
      const r = await say(SIDE[i % SIDE.length]!);
      times.push(performance.now() - t0);
      assert.ok(r.reply.length > 0, `turn ${i + 2}`);
    }
    const last = await say("any brand is fine, size M");
    assert.equal(last.slots.product_type, "Jackets", last.reply);
    assert.ok(last.products.length > 0, last.reply);
    assert.equal(last.products[0]!.articleType, "Jackets");
    const early = median(times.slice(0, 20));
    const late = median(times.slice(-20));
    assert.ok(late <= 2 * early + 10, `first 20 turns median ${early.toFixed(1)} ms, last 20 ${late.toFixed(1)} ms`);
  });
});
