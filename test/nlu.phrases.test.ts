/**
 * The phrase cues kept as data (nlu/rules/phrase_cues.json): each must match the phrasings it was
 * written for and leave alone the ones beside them that mean something else.
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { loadPhraseCues } from "../nlu/rules.js";

const cues = Object.values(loadPhraseCues());

describe("phrase cues", () => {
  for (const cue of cues) {
    it(`${cue.name}: matches its examples and none of its counter-examples`, () => {
      for (const e of cue.examples) assert.ok(cue.re.test(e), `${cue.name} should match ${JSON.stringify(e)}`);
      for (const c of cue.counterExamples) assert.ok(!cue.re.test(c), `${cue.name} must not match ${JSON.stringify(c)}`);
    });
  }
});
