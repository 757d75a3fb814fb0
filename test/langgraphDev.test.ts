/**
 * The LangGraph CLI dev server (langgraph.json) starts offline with the real graph, models and
 * catalog, and runs a conversation through its HTTP API: /threads, then /threads/{id}/runs/wait.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ROOT_DIR } from "../config.js";
import { freePort } from "./helpers/ports.js";

async function waitReady(base: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dev server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/ok`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`dev server not ready after ${ms} ms`);
}

interface RunValues {
  reply: string;
  step: string;
  intent: string;
  slots: Record<string, unknown>;
  pendingQuestion: string | null;
}

describe("LangGraph CLI dev server", { timeout: 600_000 }, () => {
  let child: ChildProcess;
  let base: string;
  let output = "";
  const dataDir = mkdtempSync(path.join(tmpdir(), "langgraph-dev-"));

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn("npx", ["langgraphjs", "dev", "--port", String(port), "--host", "127.0.0.1", "--no-browser"], {
      cwd: ROOT_DIR,
      env: { ...process.env, DATA_DIR: dataDir, LANGSMITH_TRACING: "false", BROWSER: "none" },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    try {
      await waitReady(base, child, 300_000);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${output.slice(-3000)}`);
    }
  });

  afterAll(() => {
    if (child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async <T>(url: string, body: unknown): Promise<T> => {
    const res = await fetch(`${base}${url}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as T;
  };

  it("runs a greeting and a slot-filling turn on one thread", async () => {
    const { thread_id } = await post<{ thread_id: string }>("/threads", {});
    const say = (text: string) =>
      post<RunValues>(`/threads/${thread_id}/runs/wait`, {
        assistant_id: "shopping_agent",
        input: { messages: [{ type: "human", content: text }], userId: "studio-user", chatId: "c1" },
      });
    const hello = await say("hi there");
    assert.equal(hello.step, "greeting");
    assert.equal(hello.intent, "greeting");
    const jacket = await say("I want to buy a blue jacket.");
    assert.equal(jacket.step, "slotFilling");
    assert.equal(jacket.slots.product_type, "Jackets");
    assert.equal(jacket.pendingQuestion, "size");
    assert.match(jacket.reply, /size/i);
  });

  it("describes the graph's input and output (schemas read at run time, no TypeScript parsing)", async () => {
    const { assistant_id } = ((await (await fetch(`${base}/assistants/search`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ graph_id: "shopping_agent" }) })).json()) as { assistant_id: string }[])[0]!;
    const started = performance.now();
    const res = await fetch(`${base}/assistants/${assistant_id}/schemas`);
    const took = performance.now() - started;
    assert.equal(res.status, 200, await res.clone().text());
    const schemas = (await res.json()) as { input_schema: { properties: Record<string, unknown> }; output_schema: { properties: Record<string, unknown> } };
    assert.deepEqual(Object.keys(schemas.input_schema.properties).sort(), ["chatId", "messages", "userId"]);
    for (const key of ["reply", "step", "intent", "slots", "products", "order"]) assert.ok(key in schemas.output_schema.properties, key);
    console.log(`schemas answered in ${took.toFixed(0)} ms`);
  });
});
