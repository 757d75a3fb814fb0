/**
 * The MongoDB path's indexes: created at startup by each store, and the main query shapes checked
 * with `explain`. On a real MongoDB the winning plan must not be a collection scan. FerretDB 1.24
 * cannot report index use: on PostgreSQL it plans every filter as a sequential scan (its filters are
 * jsonb containment, which the btree indexes it builds on `_jsonb->'field'` cannot serve), so there
 * the test asserts what it can report: the filter is pushed down to the backend (rows that do not
 * match are never decoded), and the indexes exist for the day the backend uses them.
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { MongoDBSaver } from "@langchain/langgraph-checkpoint-mongodb";
import { MongoClient, type Document, type Filter } from "mongodb";
import { MongoConversationStore } from "../retrieval/conversations.js";
import { ensureIndexes, INDEXES, type IndexedCollection } from "../retrieval/indexes.js";
import { MongoInteractionStore } from "../retrieval/interactions.js";
import { MongoProductStore } from "../retrieval/mongoStore.js";
import { MongoOrderStore } from "../retrieval/orders.js";
import { buildFilter, RESULT_SORT } from "../retrieval/query.js";
import { catalogSlice } from "./helpers/catalog.js";
import { dropTestDb, mongoSkip, mongoUri, testDbName } from "./helpers/mongo.js";

interface Shape {
  name: string;
  collection: string;
  filter: Document;
  sort: Record<string, 1 | -1>;
  limit: number;
}

/** The queries each request runs, as the stores and the LangGraph saver issue them. */
const SHAPES: Shape[] = [
  { name: "product search by type, gender and colour", collection: "products", filter: buildFilter({ product_type: "Shirts", gender: "Men", color: "Blue" }), sort: { ...RESULT_SORT }, limit: 40 },
  { name: "product search by brand", collection: "products", filter: buildFilter({ product_type: "Watches", brand: "Titan" }), sort: { ...RESULT_SORT }, limit: 40 },
  { name: "product search under a price", collection: "products", filter: buildFilter({ product_type: "Tshirts", price_max: 40 }), sort: { ...RESULT_SORT }, limit: 40 },
  { name: "a shopper's orders", collection: "orders", filter: { userId: "u-1" }, sort: { createdAt: -1 }, limit: 0 },
  { name: "a shopper's conversations", collection: "conversations", filter: { userId: "u-1" }, sort: { updatedAt: -1 }, limit: 20 },
  { name: "a conversation's messages", collection: "messages", filter: { conversationId: "u-1:c-1" }, sort: { seq: 1 }, limit: 0 },
  { name: "a shopper's interactions", collection: "interactions", filter: { userId: "u-1" }, sort: { at: 1 }, limit: 0 },
  { name: "the latest checkpoint of a thread", collection: "checkpoints", filter: { thread_id: "u-1:c-1", checkpoint_ns: "" }, sort: { checkpoint_id: -1 }, limit: 1 },
];

function stagesOf(plan: unknown, out: string[] = []): string[] {
  if (Array.isArray(plan)) for (const p of plan) stagesOf(p, out);
  else if (plan && typeof plan === "object") {
    for (const [k, v] of Object.entries(plan)) {
      if (k === "stage" && typeof v === "string") out.push(v);
      else stagesOf(v, out);
    }
  }
  return out;
}

describe("MongoDB indexes and query plans", { skip: skipped(mongoSkip) }, () => {
  const db = testDbName("indexes");
  let client: MongoClient;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const products = await MongoProductStore.open(mongoUri!, db);
    await products.upsertMany(catalogSlice.slice(0, 300));
    const orders = await MongoOrderStore.open(mongoUri!, db, products);
    const conversations = await MongoConversationStore.open(mongoUri!, db);
    const interactions = await MongoInteractionStore.open(mongoUri!, db);
    closers.push(() => products.close(), () => orders.close(), () => conversations.close(), () => interactions.close());
    client = new MongoClient(mongoUri!, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    assert.deepEqual(await new MongoDBSaver({ client, dbName: db }).setup(), []);
    // One document in each collection, so that every plan is made against a real table.
    for (const s of SHAPES.filter((x) => x.collection !== "products")) {
      await client.db(db).collection(s.collection).insertOne({ ...s.filter, [Object.keys(s.sort)[0]!]: 1 });
    }
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await client?.close();
    await dropTestDb(db);
  });

  it("each store creates its indexes at startup, and again finds them by key (not by name)", async () => {
    for (const [name, specs] of Object.entries(INDEXES) as [IndexedCollection, (typeof INDEXES)[IndexedCollection]][]) {
      const keys = (await client.db(db).collection(name).indexes()).map((i) => JSON.stringify(i.key));
      for (const spec of specs) assert.ok(keys.includes(JSON.stringify(spec.key)), `${name} lacks ${JSON.stringify(spec.key)}`);
      await ensureIndexes(client.db(db).collection(name), name);
      assert.equal((await client.db(db).collection(name).indexes()).length, keys.length, `${name}: a second start adds nothing`);
    }
    const checkpointKeys = (await client.db(db).collection("checkpoints").indexes()).map((i) => JSON.stringify(i.key));
    assert.ok(checkpointKeys.includes(JSON.stringify({ thread_id: 1, checkpoint_ns: 1, checkpoint_id: -1 })), "the saver's checkpoint index");
  });

  it("the main query shapes are served by an index (MongoDB) or pushed down to the backend (FerretDB)", async () => {
    for (const s of SHAPES) {
      let cursor = client.db(db).collection(s.collection).find(s.filter as Filter<Document>).sort(s.sort);
      if (s.limit) cursor = cursor.limit(s.limit);
      const plan = await cursor.explain();
      const ferret = typeof (plan.serverInfo as Document | undefined)?.ferretdbVersion === "string";
      if (ferret) {
        assert.equal(plan.filterPushdown, true, `${s.name}: FerretDB decodes every document (filter not pushed down)`);
      } else {
        const stages = stagesOf(plan.queryPlanner);
        assert.ok(stages.length > 0, `${s.name}: explain reported no stages`);
        assert.ok(!stages.includes("COLLSCAN"), `${s.name}: collection scan (${stages.join(" > ")})`);
      }
    }
  });
});
