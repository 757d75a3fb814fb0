/**
 * Product vectors: int8 storage, nearest-neighbour scan and the per-encoder cache file that lets
 * a restart embed only products whose text changed. The embedder here is a deterministic function
 * of the text (this is the cache's bookkeeping under test, not the model: semantic.ranking.test.ts
 * runs the real encoder).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import type { Product } from "../retrieval/catalog/products.js";
import { cosine, ProductVectors, quantize } from "../retrieval/semantic/productVectors.js";
import { productText } from "../retrieval/semantic/productText.js";
import { catalog } from "./helpers/catalog.js";

const DIMS = 16;
function unitVectorOf(text: string): Float32Array {
  const v = new Float32Array(DIMS);
  for (let i = 0; i < text.length; i++) v[(text.charCodeAt(i) * 7 + i) % DIMS]! += 1;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe("product vectors", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "vectors-test-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const products = catalog.products.slice(0, 300);
  let calls = 0;
  const embed = (texts: readonly string[]) => {
    calls += texts.length;
    return Promise.resolve(texts.map(unitVectorOf));
  };

  it("keep a cosine within 0.02 of the float one after int8 quantization", () => {
    const a = unitVectorOf("Turtle Check Men Navy Blue Shirt");
    const b = unitVectorOf("Puma Men Black Running Shoes");
    const exact = a.reduce((s, x, i) => s + x * b[i]!, 0);
    assert.ok(Math.abs(cosine(a, quantize(b)) - exact) < 0.02);
  });

  it("embed every product once, then reuse the cache; a changed text is embedded again", async () => {
    const file = path.join(dir, "products-test.bin");
    const first = await ProductVectors.open(products, embed, file);
    assert.equal(first.size, 300);
    assert.equal(calls, 300);
    calls = 0;
    const again = await ProductVectors.open(products, embed, file);
    assert.equal(calls, 0, "nothing re-embedded after a restart");
    assert.deepEqual(again.get(products[0]!.id), first.get(products[0]!.id));
    const renamed: Product[] = products.map((p, i) => (i === 7 ? { ...p, name: `${p.name} Limited Edition` } : p));
    const third = await ProductVectors.open(renamed, embed, file);
    assert.equal(calls, 1, "only the product whose text changed");
    assert.deepEqual(third.get(products[7]!.id), quantize(unitVectorOf(productText(renamed[7]!))));
  });

  it("rebuild from scratch when the cache file is not theirs (corrupt or foreign)", async () => {
    const file = path.join(dir, "foreign.bin");
    writeFileSync(file, "not a vector cache");
    calls = 0;
    const v = await ProductVectors.open(products.slice(0, 20), embed, file);
    assert.equal(v.size, 20);
    assert.equal(calls, 20);
  });

  it("find the nearest products first", async () => {
    const v = await ProductVectors.open(products, embed, path.join(dir, "products-test.bin"));
    const target = products[42]!;
    const nearest = v.nearest(unitVectorOf(productText(target)), 5);
    assert.equal(nearest[0], target.id);
    assert.equal(nearest.length, 5);
  });
});

describe("product vectors of part of the catalog", () => {
  it("leave the other products' cached vectors in the file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vectors-part-"));
    try {
      const file = path.join(dir, "p.bin");
      let calls = 0;
      const embed = (texts: readonly string[]) => {
        calls += texts.length;
        return Promise.resolve(texts.map(unitVectorOf));
      };
      const all = catalog.products.slice(0, 100);
      await ProductVectors.open(all, embed, file);
      const part = all.slice(0, 10).map((p) => ({ ...p, name: `${p.name} New` }));
      await ProductVectors.open(part, embed, file);
      calls = 0;
      await ProductVectors.open(all.slice(10), embed, file);
      assert.equal(calls, 0, "the 90 untouched products are still cached");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
