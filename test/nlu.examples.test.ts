/**
 * The misreadings that started the understanding work (issue: "rain jacket for wet weather" was
 * a complaint, "anything but X" set brand X, "wassup" was a no...), read by the shipped encoder
 * alone: rules off, so the model itself must get them right.
 */
import assert from "node:assert/strict";
import { beforeAll, describe, it } from "vitest";
import { config } from "../config.js";
import { EncoderModel } from "../models/runtime/encoder.js";
import type { ReadingContext } from "../nlu/reading.js";
import { Understanding } from "../nlu/understanding.js";
import { vocabulary } from "./helpers/catalog.js";

const NONE: ReadingContext = { kind: "none" };
const CASES: { text: string; context?: ReadingContext; intent: string; has?: [string, string, unknown][]; lacks?: [string, unknown][]; todo?: string }[] = [
  { text: "I need a rain jacket for wet weather", intent: "find_product", has: [["product_type", "wanted", "Rain Jacket"]] },
  { text: "looking for a return gift for my sister", intent: "find_product", has: [["gender", "wanted", "Women"]] },
  { text: "you did a fantastic job", intent: "chit_chat" },
  { text: "thats all i need, a black belt", intent: "find_product", has: [["product_type", "wanted", "Belts"], ["color", "wanted", "Black"]] },
  { text: "running shoes, anything but nike", intent: "find_product", has: [["brand", "excluded", "Nike"]], lacks: [["brand", "Nike"]] },
  { text: "nothing in red please, she can't stand red", context: { kind: "question", slot: "color" }, intent: "inform", has: [["color", "excluded", "Red"]], lacks: [["color", "Red"]] },
  { text: "I'm not fussy about the colour", context: { kind: "question", slot: "color" }, intent: "inform", has: [["color", "dont_care", null]], todo: "the encoder (third round, 2026-11-29) reads inform but leaves 'colour' untagged in exactly this wording under a colour question ('not fussy about the colour', 'i'm not fussy about colour' and the same words with no question pending are tagged don't-care); the rules do not catch it either; the agent asks no colour question today (models/data/required_slots.json), so the dialogue does not meet this context" },
  { text: "colour", intent: "find_product", lacks: [["product_type", "Hair Colour"]] },
  { text: "no, in blue please", context: { kind: "offer", product: "roadster men blue jacket" }, intent: "inform", has: [["color", "wanted", "Blue"]] },
  { text: "wassup", intent: "chit_chat" },
  { text: "do you ever sleep?", intent: "chit_chat" },
  { text: "THIS IS RIDICULOUS get me a real person NOW", intent: "support", lacks: [["product_type", undefined]] },
];

describe("the issue's misreadings, read by the encoder alone", () => {
  let nlu: Understanding;
  beforeAll(async () => {
    nlu = new Understanding(await EncoderModel.open(config.nluDir), vocabulary, { rules: false, ruleThreshold: 1 });
  });
  for (const c of CASES) {
    // A known misreading runs as an expected failure: vitest reports it, and fails the run the day it
    // reads right, so the case is then promoted to a plain test.
    it(JSON.stringify(c.text), { fails: Boolean(c.todo) }, async () => {
      const r = await nlu.read(c.text, c.context ?? NONE);
      assert.equal(r.intent.label, c.intent);
      assert.equal(r.intent.source, "model");
      const found = r.entities.map((e) => [e.key, e.role, e.value]);
      for (const h of c.has ?? []) assert.ok(found.some((f) => f[0] === h[0] && f[1] === h[1] && f[2] === h[2]), `${JSON.stringify(h)} not in ${JSON.stringify(found)}`);
      for (const [key, value] of c.lacks ?? []) {
        assert.ok(!r.entities.some((e) => e.key === key && e.role === "wanted" && (value === undefined || e.value === value)), `${key}=${String(value)} wanted: ${JSON.stringify(found)}`);
      }
    });
  }
});
