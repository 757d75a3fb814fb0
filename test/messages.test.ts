/** Model inputs stay within what the tools accept however long a search runs (issue: stuck conversation). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { MODEL_TURN_WINDOW, toTurns } from "../nodes/messages.js";
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
