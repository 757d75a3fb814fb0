/** Valid-BIO decoding of the encoder's word tags (models/runtime/tagDecoding.ts). */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { decodeTags, follows } from "../models/runtime/tagDecoding.js";

const tags = ["O", "B-color-wanted", "I-color-wanted", "B-product_type-wanted", "I-product_type-wanted"];
/** Logits, one row per word. */
function logits(rows: number[][]): Float32Array {
  return Float32Array.from(rows.flat());
}

describe("decodeTags", () => {
  it("an I tag only continues its own key and role", () => {
    assert.equal(follows(null, "I-color-wanted"), false);
    assert.equal(follows("O", "I-color-wanted"), false);
    assert.equal(follows("B-color-wanted", "I-color-wanted"), true);
    assert.equal(follows("B-product_type-wanted", "I-color-wanted"), false);
    assert.equal(follows("O", "B-color-wanted"), true);
  });

  it("keeps a valid argmax sequence as it is", () => {
    const l = logits([[0, 5, 0, 0, 0], [0, 0, 0, 5, 0], [0, 0, 0, 0, 5]]);
    assert.deepEqual(decodeTags(l, 3, tags, { oBias: 0, invalidTransitionPenalty: 1e9 }), [1, 3, 4]);
  });

  it("repairs a stray I tag: 'navy blue' read B-product_type then I-color becomes one colour span", () => {
    // Word 1: B-product_type 2.0 vs B-color 1.9; word 2: I-color 3.0. Argmax would give B-product_type, I-color.
    const l = logits([[0, 1.9, 0, 2.0, 0], [0, 0, 3.0, 0, 0]]);
    assert.deepEqual(decodeTags(l, 2, tags, { oBias: 0, invalidTransitionPenalty: 1e9 }), [1, 2]);
  });

  it("a finite penalty keeps a sure stray I tag a slip instead of rewriting the word before it", () => {
    // "I wear L." : "L" B-color at 0.9, "." I-product_type at 0.95; B-product_type for "L" is unlikely.
    const l = logits([[0, 5, 0, 0.5, 0], [0, 0, 0, 0, 6]]);
    assert.deepEqual(decodeTags(l, 2, tags, { oBias: 0, invalidTransitionPenalty: 2 }), [1, 4]);
    assert.deepEqual(decodeTags(l, 2, tags, { oBias: 0, invalidTransitionPenalty: 1e9 }), [3, 4]);
  });

  it("the O bias drops an unsure span and keeps a clear one", () => {
    const unsure = logits([[1.0, 1.2, 0, 0, 0]]);
    assert.deepEqual(decodeTags(unsure, 1, tags, { oBias: 0, invalidTransitionPenalty: 1e9 }), [1]);
    assert.deepEqual(decodeTags(unsure, 1, tags, { oBias: 1, invalidTransitionPenalty: 1e9 }), [0]);
    assert.deepEqual(decodeTags(logits([[0, 6, 0, 0, 0]]), 1, tags, { oBias: 1, invalidTransitionPenalty: 1e9 }), [1]);
    assert.deepEqual(decodeTags(new Float32Array(0), 0, tags, { oBias: 1, invalidTransitionPenalty: 1e9 }), []);
  });
});
