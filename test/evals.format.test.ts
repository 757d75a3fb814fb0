/**
 * The dialogue file format: strict validation whose errors name the file and line, catalog
 * vocabulary checks, directory loading, and the public suite itself.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { ROOT_DIR } from "../config.js";
import { DialogueFileError, loadDialogues } from "../evals/load.js";

const dir = mkdtempSync(path.join(tmpdir(), "evals-format-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = { id: "d1", user_id: "u1", turns: [{ user: "hi there", expect: { intent: "greeting" } }] };

function write(name: string, lines: unknown[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
  return file;
}

function problemsOf(file: string): string[] {
  try {
    loadDialogues(file);
  } catch (e) {
    assert.ok(e instanceof DialogueFileError, String(e));
    return e.problems;
  }
  assert.fail("expected a DialogueFileError");
}

describe("dialogue files", () => {
  it("loads DESIGN.md's example as written", () => {
    const file = write("design.jsonl", [
      {
        id: "d1",
        user_id: "u1",
        turns: [
          { user: "hi there", expect: { intent: "greeting" } },
          { user: "I need a navy blue shirt from Turtle", expect: { intent: "find_product", slots: { color: "navy blue", product_type: "shirts", brand: "Turtle" } } },
          { user: "size M", expect: { task_contains: ["navy blue", "shirt"], products_match: { baseColour: "Navy Blue", articleType: "Shirts" } } },
        ],
      },
    ]);
    const [d] = loadDialogues(file);
    assert.equal(d?.turns.length, 3);
    assert.deepEqual(d?.turns[2]?.expect?.products_match, { baseColour: ["Navy Blue"], articleType: ["Shirts"] });
    assert.equal(d?.line, 1);
  });

  it("names the file, the line and the key for an unknown expectation", () => {
    const file = write("unknown.jsonl", [good, { ...good, id: "d2", turns: [{ user: "hi", expect: { intnet: "greeting" } }] }]);
    const problems = problemsOf(file);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2 \\(dialogue "d2"\\): turns\\[0\\]\\.expect: .*"intnet"`));
  });

  it("reports a wrong type with its path", () => {
    const file = write("types.jsonl", [{ ...good, turns: [{ user: "yes", expect: { order_placed: "yes" } }] }]);
    const [p] = problemsOf(file);
    assert.match(p!, /types\.jsonl:1 .*turns\[0\]\.expect\.order_placed: .*boolean/);
  });

  it("rejects unknown top-level keys, intents outside the closed set and states that are not graph nodes", () => {
    const file = write("closed.jsonl", [
      { ...good, speaker: "x" },
      { ...good, id: "d3", turns: [{ user: "hi", expect: { intent: "hello" } }] },
      { ...good, id: "d4", turns: [{ user: "hi", expect: { state: "checkout" } }] },
    ]);
    const problems = problemsOf(file);
    assert.equal(problems.length, 3);
    assert.match(problems[0]!, /:1 .*"speaker"/);
    assert.match(problems[1]!, /:2 .*expect\.intent/);
    assert.match(problems[2]!, /:3 .*expect\.state/);
  });

  it("reports broken JSON with its line and keeps checking the other lines", () => {
    const file = write("json.jsonl", [good, "{not json", { ...good, id: "x", turns: [] }]);
    const problems = problemsOf(file);
    assert.match(problems[0]!, /json\.jsonl:2: invalid JSON/);
    assert.match(problems[1]!, /json\.jsonl:3 .*at least one turn/);
  });

  it("rejects words outside the catalog vocabulary, suggesting the catalog spelling", () => {
    const file = write("vocab.jsonl", [
      { ...good, turns: [{ user: "navy shirt", expect: { slots: { color: "Navy" }, products_match: { articleType: "Shirt" } } }] },
    ]);
    const problems = problemsOf(file);
    assert.ok(problems.some((p) => /vocab\.jsonl:1 .*slots\.color: "Navy" is not a catalog colour \(did you mean "Navy Blue"\?\)/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /products_match\.articleType: "Shirt" is not a catalog article type \(did you mean "Shirts"\?\)/.test(p)), problems.join("\n"));
  });

  it("rejects an upside-down price range and ids the agent would refuse", () => {
    const file = write("misc.jsonl", [
      { ...good, turns: [{ user: "x", expect: { products_match: { price: { min: 50, max: 10 } } } }] },
      { ...good, id: "has space" },
    ]);
    const problems = problemsOf(file);
    assert.match(problems[0]!, /:1 .*min must not exceed max/);
    assert.match(problems[1]!, /:2 .*id: ids are 1-64/);
  });

  it("loads every *.jsonl under a directory and rejects an id used twice, naming both places", () => {
    const sub = path.join(dir, "suite");
    mkdirSync(path.join(sub, "more"), { recursive: true });
    writeFileSync(path.join(sub, "a.jsonl"), JSON.stringify(good) + "\n");
    writeFileSync(path.join(sub, "more", "b.jsonl"), JSON.stringify({ ...good, id: "d9" }) + "\n" + JSON.stringify(good) + "\n");
    writeFileSync(path.join(sub, "notes.txt"), "ignored");
    const problems = (() => {
      try {
        loadDialogues(sub);
        return [];
      } catch (e) {
        return (e as DialogueFileError).problems;
      }
    })();
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /b\.jsonl:2: dialogue id "d1" is already used at .*a\.jsonl:1/);
  });

  it("says so when the path does not exist", () => {
    assert.throws(() => loadDialogues(path.join(dir, "missing")), /no such file or directory/);
  });
});

describe("the public suite", () => {
  const suite = loadDialogues(path.join(ROOT_DIR, "evals", "dialogues"));

  it("validates and has at least 150 dialogues", () => {
    assert.ok(suite.length >= 150, `${suite.length} dialogues`);
  });

  it("covers every intent, every slot key and every graph node that answers", () => {
    const intents = new Set(suite.flatMap((d) => d.turns.map((t) => t.expect?.intent).filter(Boolean)));
    for (const i of ["greeting", "goodbye", "find_product", "buy_product", "find_similar_products", "get_trending_products", "inform", "affirm", "deny", "track_order", "return_product", "complaint", "support", "chit_chat"]) {
      assert.ok(intents.has(i as never), `no turn expects intent ${i}`);
    }
    const slots = new Set(suite.flatMap((d) => d.turns.flatMap((t) => Object.keys(t.expect?.slots ?? {}))));
    for (const k of ["product_type", "color", "size", "brand", "gender", "price_min", "price_max", "quantity", "usage", "season", "features"]) assert.ok(slots.has(k), `no turn expects slot ${k}`);
    const states = new Set(suite.flatMap((d) => d.turns.map((t) => t.expect?.state).filter(Boolean)));
    for (const s of ["greeting", "slotFilling", "booking", "confirmOrder", "reset", "chitChat", "orderSupport", "goodbye"]) assert.ok(states.has(s as never), `no turn expects state ${s}`);
  });
});
