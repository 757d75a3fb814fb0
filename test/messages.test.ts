/** Model inputs stay within what the tools accept however long a search runs (issue: stuck conversation). */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { MODEL_TURN_WINDOW, SEARCH_WORDS_TURNS, searchWords, toTurns } from "../nodes/messages.js";
import { makeModelTools } from "../tools/modelTools.js";
import type { ModelTasks } from "../models/runtime/tasks.js";

describe("toTurns", () => {
  it("keeps the latest turns of a 60-message search, within the tools' schema", async () => {
    const messages = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? new HumanMessage(`do you take paypal? ${i}`) : new AIMessage(`Yes. ${i}`)));
    const turns = toTurns(messages);
    assert.equal(turns.length, MODEL_TURN_WINDOW);
    assert.equal(turns.at(-1)!.text, "Yes. 59");
    // The real tool schema accepts it (a fake model task stands in for ONNX: only the schema is under test).
    const tools = makeModelTools({ askQuestion: () => Promise.resolve(null) } as unknown as ModelTasks);
    assert.equal(await tools.askQuestion.invoke({ turns }), null);
    await assert.rejects(tools.askQuestion.invoke({ turns: Array.from({ length: 41 }, () => turns[0]!) }));
  });
});

describe("searchWords (the words hybrid ranking compares with products)", () => {
  const chat = [
    new HumanMessage("hi"), new AIMessage("Hello!"),
    new HumanMessage("slip-on canvas sneakers for me"), new AIMessage("What size?"),
    new HumanMessage("9"), new AIMessage("Here you go."),
  ];
  it("are the shopper's messages of the current search only, oldest first", () => {
    assert.equal(searchWords(chat, 2), "slip-on canvas sneakers for me. 9");
    assert.equal(searchWords(chat, 0), "hi. slip-on canvas sneakers for me. 9");
  });
  it(`keep the latest ${SEARCH_WORDS_TURNS} turns and at most 500 characters`, () => {
    const long = Array.from({ length: 10 }, (_, i) => new HumanMessage(`${"x".repeat(300)} turn ${i}`));
    const words = searchWords(long, 0);
    assert.ok(words.length <= 500);
    assert.ok(words.endsWith("turn 9"));
    assert.ok(!words.includes("turn 6"));
  });
  it("are empty when the search has no shopper message yet", () => assert.equal(searchWords(chat, 6), ""));
});
