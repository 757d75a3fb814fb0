/**
 * The lookup-table reader's word lists (retrieval/lexicon_words.json): every group's examples read
 * as stated on the real catalog vocabulary, and its counter-examples show where the group stops.
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { extractLexiconSlots, isEverydayWord, LEXICON_WORDS, type LexiconWordExample } from "../retrieval/lexicon.js";
import { vocabulary } from "./helpers/catalog.js";

function holds(e: LexiconWordExample): void {
  const read = extractLexiconSlots(e.text, vocabulary) as Record<string, unknown>;
  const values = (key: string): unknown[] => (Array.isArray(read[key]) ? (read[key] as unknown[]) : read[key] === undefined ? [] : [read[key]]);
  for (const [key, value] of Object.entries(e.has ?? {})) assert.ok(values(key).includes(value), `${JSON.stringify(e.text)}: ${key} ${value} not in ${JSON.stringify(read)}`);
  for (const [key, value] of Object.entries(e.lacks ?? {})) {
    const bad = value === null ? values(key).length > 0 : values(key).includes(value);
    assert.ok(!bad, `${JSON.stringify(e.text)}: ${key} ${value ?? "(any)"} read: ${JSON.stringify(read)}`);
  }
}

/** Every group of the file (all but its note). */
const groups = Object.entries(LEXICON_WORDS).flatMap(([name, g]) => (typeof g === "string" ? [] : [[name, g] as const]));

describe("the lookup reader's word lists", () => {
  for (const [name, group] of groups) {
    it(`${name}: examples and counter-examples`, () => {
      for (const e of [...group.examples, ...group.counterExamples]) holds(e);
    });
  }
  it("no word is in two groups that pull against each other", () => {
    assert.deepEqual(LEXICON_WORDS.featureWords.words.filter(isEverydayWord), []);
  });
});
