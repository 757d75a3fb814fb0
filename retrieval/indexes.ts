/**
 * Every index the MongoDB path needs, by collection, in one list: created at startup by the store
 * that owns the collection, and checked with `explain` in test/mongo.indexes.test.ts. (The
 * checkpoint collections' indexes belong to the LangGraph saver: `MongoDBSaver.setup()`.)
 */
import { MongoServerError, type Collection, type Document, type IndexDescription } from "mongodb";

export const INDEXES = {
  /** Product search: equality on type, gender and colour, newest first; brand, price and feature clauses. */
  products: [
    { key: { articleType: 1, gender: 1, baseColour: 1 }, name: "type_gender_colour" },
    { key: { brandKey: 1 }, name: "brand" },
    { key: { price: 1 }, name: "price" },
    { key: { features: 1 }, name: "features" },
    { key: { year: -1, _id: 1 }, name: "newest" },
  ],
  /** "Where is my order?": a shopper's orders, newest first (orders are read by _id otherwise). */
  orders: [{ key: { userId: 1, createdAt: -1 }, name: "user_newest" }],
  /** The conversation list of a shopper, most recent first. */
  conversations: [{ key: { userId: 1, updatedAt: -1 }, name: "user_recent" }],
  /** A conversation's messages in order. */
  messages: [{ key: { conversationId: 1, seq: 1 }, name: "conversation_seq" }],
  /** A shopper's interaction events in time order (CF training and affinity). */
  interactions: [{ key: { userId: 1, at: 1 }, name: "user_time" }],
} as const satisfies Record<string, readonly IndexDescription[]>;

export type IndexedCollection = keyof typeof INDEXES;

const keyOf = (key: Document): string => JSON.stringify(key);

/**
 * Creates the collection's missing indexes, one at a time, comparing by key (an index made under
 * another name counts). One at a time: FerretDB 1.24 drops the connection when one createIndexes
 * command names several indexes that already exist.
 */
export async function ensureIndexes<T extends Document>(collection: Collection<T>, name: IndexedCollection): Promise<void> {
  const existing = new Set<string>();
  try {
    for (const i of await collection.indexes()) existing.add(keyOf(i.key));
  } catch (e) {
    // A collection that does not exist yet has no indexes (NamespaceNotFound).
    if (!(e instanceof MongoServerError && e.code === 26)) throw e;
  }
  for (const spec of INDEXES[name]) {
    if (!existing.has(keyOf(spec.key))) await collection.createIndexes([{ key: { ...spec.key }, name: spec.name }]);
  }
}
