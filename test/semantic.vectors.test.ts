/**
 * Product vectors: int8 storage, nearest-neighbour scan, the per-encoder cache file that lets a
 * restart embed only products whose text changed, and the MongoDB store every node shares. The embedder here is a deterministic function
 * of the text (this is the cache's bookkeeping under test, not the model: semantic.ranking.test.ts
 * runs the real encoder).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MongoClient } from "mongodb";
import { afterAll, describe, it } from "vitest";
import type { Product } from "../retrieval/catalog/products.js";
import { cosine, ProductVectors, quantize } from "../retrieval/semantic/productVectors.js";
import { productText } from "../retrieval/semantic/productText.js";
import { FileVectorCache, KeyValueVectorCache, LayeredVectorCache, type VectorCache } from "../retrieval/semantic/vectorCache.js";
import { connectMongo } from "../retrieval/mongo.js";
import { mongoKeyValueStores } from "../stores/open.js";
import { catalog } from "./helpers/catalog.js";
import { dropTestDb, mongoSkip, mongoUri, testDbName } from "./helpers/mongo.js";
import { skipped } from "./helpers/skip.js";

const DIMS = 16;
function unitVectorOf(text: string): Float32Array {
  const v = new Float32Array(DIMS);
  for (let i = 0; i < text.length; i++) v[(text.charCodeAt(i) * 7 + i) % DIMS]! += 1;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe("product vectors", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "vectors-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
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
    const first = await ProductVectors.open(products, embed, new FileVectorCache(file));
    assert.equal(first.size, 300);
    assert.equal(calls, 300);
    calls = 0;
    const again = await ProductVectors.open(products, embed, new FileVectorCache(file));
    assert.equal(calls, 0, "nothing re-embedded after a restart");
    assert.deepEqual(again.get(products[0]!.id), first.get(products[0]!.id));
    const renamed: Product[] = products.map((p, i) => (i === 7 ? { ...p, name: `${p.name} Limited Edition` } : p));
    const third = await ProductVectors.open(renamed, embed, new FileVectorCache(file));
    assert.equal(calls, 1, "only the product whose text changed");
    assert.deepEqual(third.get(products[7]!.id), quantize(unitVectorOf(productText(renamed[7]!))));
  });

  it("rebuild from scratch when the cache file is not theirs (corrupt or foreign)", async () => {
    const file = path.join(dir, "foreign.bin");
    writeFileSync(file, "not a vector cache");
    calls = 0;
    const v = await ProductVectors.open(products.slice(0, 20), embed, new FileVectorCache(file));
    assert.equal(v.size, 20);
    assert.equal(calls, 20);
  });

  it("a held file is read once for counting and opening; after release it is read again", async () => {
    const file = path.join(dir, "held.bin");
    const few = products.slice(0, 30);
    await ProductVectors.open(few.slice(0, 20), embed, new FileVectorCache(file));
    const held = new FileVectorCache(file).hold();
    writeFileSync(file, "replaced after the read");
    assert.equal(await ProductVectors.missing(few, held), 10, "counted from the file as held");
    calls = 0;
    const opened = await ProductVectors.open(few, embed, held);
    assert.equal(calls, 10, "only the missing ten embedded: the held read served the open too");
    assert.equal(opened.size, 30);
    held.release();
    // The file now holds the ten just embedded (a put merges with the file as it is, here the replaced one).
    assert.equal(await ProductVectors.missing(few, held), 20, "after release the file is read again");
  });

  it("find the nearest products first, natively and in JavaScript alike", async () => {
    const v = await ProductVectors.open(products, embed, new FileVectorCache(path.join(dir, "products-test.bin")));
    const target = products[42]!;
    const nearest = await v.nearest(unitVectorOf(productText(target)), 5);
    assert.equal(nearest[0], target.id);
    assert.equal(nearest.length, 5);
    assert.deepEqual(await v.nearest(unitVectorOf(productText(target)), 5, { native: false }), nearest);
    await v.close();
  });

  it("score a whole article type natively, in the order of the exact cosines", async () => {
    const v = await ProductVectors.open(products, embed, new FileVectorCache(path.join(dir, "products-test.bin")));
    const type = products[0]!.articleType;
    const ofType = products.filter((p) => p.articleType === type);
    const query = unitVectorOf(`${type} for the weekend`);
    const score = await v.scoreType(query, type);
    const other = products.find((p) => p.articleType !== type)!;
    assert.equal(score(other.id), -Infinity, "no score for another type's product");
    assert.ok(ofType.every((p) => Number.isFinite(score(p.id))), "every product of the type scored");
    const byNative = ofType.map((p) => [p.id, score(p.id)] as const).sort((a, b) => b[1] - a[1]).map(([id]) => id);
    const byCosine = ofType.map((p) => [p.id, v.similarity(query, p.id)] as const).sort((a, b) => b[1] - a[1]).map(([id]) => id);
    assert.equal(byNative[0], byCosine[0], "the same best product");
    assert.deepEqual(new Set(byNative.slice(0, 5)), new Set(byCosine.slice(0, 5)));
    await v.close();
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
      await ProductVectors.open(all, embed, new FileVectorCache(file));
      const part = all.slice(0, 10).map((p) => ({ ...p, name: `${p.name} New` }));
      await ProductVectors.open(part, embed, new FileVectorCache(file));
      calls = 0;
      await ProductVectors.open(all.slice(10), embed, new FileVectorCache(file));
      assert.equal(calls, 0, "the 90 untouched products are still cached");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("product vectors shared through MongoDB (LangChain's MongoDBStore, as the server wires it)", { skip: skipped(mongoSkip) }, () => {
  const dbName = testDbName("vectors");
  const dirs = [mkdtempSync(path.join(tmpdir(), "vectors-node-a-")), mkdtempSync(path.join(tmpdir(), "vectors-node-b-"))];
  let client: MongoClient;
  afterAll(async () => {
    await client?.close();
    await dropTestDb(dbName);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("a second node with an empty cache directory reads what the first embedded and embeds nothing; a changed product is embedded once", async () => {
    client = await connectMongo(mongoUri!);
    const shared = mongoKeyValueStores(client.db(dbName));
    const nodeCache = (dir: string) => new LayeredVectorCache([new FileVectorCache(path.join(dir, "p.bin")), new KeyValueVectorCache(shared("products-test"))]);
    let calls = 0;
    const embed = (texts: readonly string[]) => {
      calls += texts.length;
      return Promise.resolve(texts.map(unitVectorOf));
    };
    const products = catalog.products.slice(0, 150);
    const cacheA = nodeCache(dirs[0]!);
    const a = await ProductVectors.open(products, embed, cacheA);
    assert.equal(calls, 150, "the first node embeds the catalog");
    await cacheA.flush(); // the shared copy is written in the background
    calls = 0;
    const b = await ProductVectors.open(products, embed, nodeCache(dirs[1]!));
    assert.equal(calls, 0, "the second node embeds nothing");
    for (const p of products) assert.deepEqual(b.get(p.id), a.get(p.id));
    await ProductVectors.open(products, embed, new FileVectorCache(path.join(dirs[1]!, "p.bin")));
    assert.equal(calls, 0, "the second node copied the vectors into its own file");
    const renamed: Product[] = products.map((p, i) => (i === 3 ? { ...p, name: `${p.name} Limited Edition` } : p));
    const cacheB = nodeCache(dirs[1]!);
    await ProductVectors.open(renamed, embed, cacheB);
    assert.equal(calls, 1, "only the changed product is embedded");
    await cacheB.flush();
    // Node A's file holds product 3's old text; the shared store has the new one: A reads it, embeds nothing.
    calls = 0;
    await ProductVectors.open(renamed, embed, nodeCache(dirs[0]!));
    assert.equal(calls, 0, "a stale entry in the file does not hide the current one in MongoDB");
    assert.equal(await ProductVectors.missing(renamed, new KeyValueVectorCache(shared("products-test"))), 0, "and shared again");
    assert.equal(await ProductVectors.missing(renamed, new KeyValueVectorCache(shared("products-other-build"))), 150, "another encoder build shares nothing");
  });
});

describe("a shared vector store that fails", () => {
  it("costs the sharing only: vectors are embedded, kept in the file and ready, and the failure is reported", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vectors-failing-"));
    try {
      const broken: VectorCache = { get: () => Promise.reject(new Error("connection refused")), put: () => Promise.reject(new Error("connection refused")) };
      const reported: string[] = [];
      const cache = new LayeredVectorCache([new FileVectorCache(path.join(dir, "p.bin")), broken], (e) => reported.push((e as Error).message));
      const products = catalog.products.slice(0, 20);
      const v = await ProductVectors.open(products, (texts) => Promise.resolve(texts.map(unitVectorOf)), cache);
      await cache.flush();
      assert.equal(v.size, 20);
      assert.deepEqual(reported, ["connection refused", "connection refused"]);
      assert.equal(await ProductVectors.missing(products, new FileVectorCache(path.join(dir, "p.bin"))), 0, "the file has them all");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
