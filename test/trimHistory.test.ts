/** The bound on the graph state's messages (nodes/trimHistory.ts): pure logic, real message classes. */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { AIMessage, HumanMessage, RemoveMessage } from "@langchain/core/messages";
import { STATE_MESSAGES_KEPT, STATE_MESSAGES_MAX, trimHistory } from "../nodes/trimHistory.js";

const conversation = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? new HumanMessage({ content: `q${i}`, id: `m${i}` }) : new AIMessage({ content: `a${i}`, id: `m${i}` })));

describe("trimHistory", () => {
  it("leaves a conversation up to the bound alone", () => {
    assert.deepEqual(trimHistory({ messages: conversation(STATE_MESSAGES_MAX), searchFrom: 3 }), {});
  });

  it("past the bound removes the oldest down to the kept size and moves the search start with them", () => {
    const n = STATE_MESSAGES_MAX + 1;
    const update = trimHistory({ messages: conversation(n), searchFrom: n - 10 });
    const removed = update.messages as RemoveMessage[];
    assert.equal(removed.length, n - STATE_MESSAGES_KEPT);
    assert.ok(removed.every((m) => m instanceof RemoveMessage));
    assert.deepEqual(removed.map((m) => m.id), conversation(n - STATE_MESSAGES_KEPT).map((m) => m.id));
    assert.equal(update.searchFrom, n - 10 - (n - STATE_MESSAGES_KEPT));
    assert.equal(update.readingFor, -1);
  });

  it("a search that began in the removed part starts at the oldest kept message", () => {
    assert.equal(trimHistory({ messages: conversation(STATE_MESSAGES_MAX + 5), searchFrom: 2 }).searchFrom, 0);
  });
});
