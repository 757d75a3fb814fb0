/**
 * The context translator (the decoder on the understanding encoder) in the real agent (graph, encoder, the real catalog on a
 * scratch embedded store): its task sentence is used when it says what the slots say, and the
 * reply tells which source made it.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { config } from "../config.js";
import { Agent } from "../graph/agent.js";
import { taskAgrees } from "../graph/task.js";

describe("the context translator in the agent", () => {
  let agent: Agent;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "context-model-"));
    agent = await Agent.open({ ...config, contextModel: true, mongodbUri: undefined, redisUrl: undefined, dataDir: dir });
  });
  afterAll(async () => {
    await agent?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the task of a complete request, naming what the shopper asked for", async () => {
    const r = await agent.turn({ userId: "ctx", chatId: "one-shot", text: "I want to buy a black Puma t-shirt for men in size M" });
    assert.equal(r.task_source, "model", `${r.task} for ${JSON.stringify(r.slots)}`);
    assert.match(r.task ?? "", /^Buy a black PUMA M t-shirt for men\.$/i);
  });

  it("reads a request given over several turns", async () => {
    const say = (text: string) => agent.turn({ userId: "ctx", chatId: "turns", text });
    const first = await say("looking for casual shoes");
    assert.equal(first.state, "slotFilling", first.reply);
    const r = await say("size 9");
    assert.equal(r.slots.size, "9", r.reply);
    assert.equal(r.task_source, "model", `${r.task} for ${JSON.stringify(r.slots)}`);
    assert.ok(taskAgrees(r.task ?? "", r.slots), r.task ?? "");
  });
});
