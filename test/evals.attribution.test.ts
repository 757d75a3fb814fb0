/**
 * Failure attribution on hand-made checks (pure logic): each failing dialogue is charged to the
 * cause of its first failing turn, so a report says how many failures understanding, retrieval,
 * the models and the dialogue policy each own.
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { dialogueCause, failuresByCause, turnCause } from "../evals/attribution.js";
import type { Check } from "../evals/check.js";

const check = (key: string, pass: boolean): Check => ({ key, pass, expected: null, got: null });
const turn = (...checks: Check[]) => ({ error: null, checks });

describe("failure attribution", () => {
  it("a passing turn has no cause", () => {
    assert.equal(turnCause(turn(check("intent", true), check("state", true))), null);
  });

  it("a misread shopper is understanding's, even when the products and the reply are wrong too", () => {
    assert.equal(turnCause(turn(check("slots.color", false), check("products_match", false), check("reply_contains", false))), "understanding");
    assert.equal(turnCause(turn(check("intent", false))), "understanding");
    assert.equal(turnCause(turn(check("excluded.brand", false))), "understanding");
  });

  it("read right but the wrong products is retrieval's; a task sentence short of words is the models'", () => {
    assert.equal(turnCause(turn(check("intent", true), check("products_match", false), check("task_contains", false))), "retrieval");
    assert.equal(turnCause(turn(check("products_exclude", false))), "retrieval");
    assert.equal(turnCause(turn(check("task_contains", false), check("state", false))), "models");
  });

  it("read right, with the right products, but the wrong step, reply or order is the policy's", () => {
    assert.equal(turnCause(turn(check("intent", true), check("order_placed", false))), "policy");
    assert.equal(turnCause(turn(check("state", false), check("reply_contains", false))), "policy");
  });

  it("a turn that got no reply is an error", () => {
    assert.equal(turnCause({ error: "connection refused", checks: [] }), "error");
  });

  it("a dialogue is charged to its first failing turn, not to what failed after it", () => {
    const turns = [turn(check("intent", true)), turn(check("order_placed", false)), turn(check("intent", false))];
    assert.equal(dialogueCause(turns), "policy");
    assert.equal(dialogueCause([turn(check("intent", true))]), null);
  });

  it("groups failing dialogues by cause and lists every cause", () => {
    const by = failuresByCause([
      { id: "a", turns: [turn(check("slots.size", false))] },
      { id: "b", turns: [turn(check("intent", true))] },
      { id: "c", turns: [turn(check("state", false))] },
      { id: "d", turns: [turn(check("intent", false))] },
    ]);
    assert.deepEqual(by, { error: [], understanding: ["a", "d"], retrieval: [], models: [], policy: ["c"] });
  });
});
