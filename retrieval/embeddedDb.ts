/**
 * The embedded database: one LMDB environment under DATA_DIR (`agent.lmdb`) holding every store
 * the agent keeps without MongoDB: products (with stock), orders, conversations and messages,
 * LangGraph checkpoints and their pending writes, shopper interactions. LMDB is transactional and copy-on-write: a
 * crash at any moment leaves the last committed transaction, never a torn file, and each write
 * touches only the records it changes (no whole-file rewrites). Commits run off the event loop.
 *
 * One environment per directory and process, shared by the stores that open it and closed
 * when the last of them closes.
 */
import { existsSync, mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { open, type Database, type Key, type RootDatabase } from "lmdb";
import { readJsonLines } from "./jsonl.js";

/** The named sub-databases and what their keys are. */
export interface EmbeddedTables {
  /** product _id -> Product */
  products: Database<unknown, number>;
  /** name -> value (catalog fingerprint, import marks) */
  meta: Database<unknown, string>;
  /** orderId -> Order */
  orders: Database<unknown, string>;
  /** [userId, createdAt, orderId] -> orderId: a shopper's orders in time order */
  ordersByUser: Database<string, Key>;
  /** [userId, chatId] -> Conversation */
  conversations: Database<unknown, Key>;
  /** [userId, chatId] -> handoff, for conversations staff have */
  handoffs: Database<unknown, Key>;
  /** [conversationId, seq] -> StoredMessage */
  messages: Database<unknown, Key>;
  /** [threadId, checkpointNs, checkpointId] -> [checkpoint, metadata, parentId] */
  checkpoints: Database<unknown, Key>;
  /** [threadId, checkpointNs, checkpointId, taskId, idx] -> [taskId, channel, value, taskPath] */
  checkpointWrites: Database<unknown, Key>;
  /** [at, n] -> Interaction (n orders events of the same instant as they came) */
  interactions: Database<unknown, Key>;
  /** [userId, at, n] -> Interaction */
  interactionsByUser: Database<unknown, Key>;
}

export interface EmbeddedDb extends EmbeddedTables {
  readonly root: RootDatabase;
  readonly path: string;
  /** Releases this holder's share; the environment closes with the last one. */
  close(): Promise<void>;
}

/** Upper bound for the last element of a key prefix range ([a, b, MAX_KEY_PART] is after every [a, b, x]). */
export const MAX_KEY_PART = "\uffff";

/** All keys that start with `prefix` (a prefix of an array key). */
export function prefixRange(prefix: readonly Key[]): { start: Key[]; end: Key[] } {
  return { start: [...prefix], end: [...prefix, MAX_KEY_PART] };
}

interface Shared {
  root: RootDatabase;
  tables: EmbeddedTables;
  holders: number;
}
const open_ = new Map<string, Shared>();

export const EMBEDDED_DB_NAME = "agent.lmdb";

export function openEmbeddedDb(dataDir: string): EmbeddedDb {
  const file = path.resolve(dataDir, EMBEDDED_DB_NAME);
  let shared = open_.get(file);
  if (!shared) {
    mkdirSync(dataDir, { recursive: true });
    // Values are msgpack (binary checkpoint blobs round-trip as bytes); the map grows on demand.
    const root = open({ path: file, compression: false });
    const tables: EmbeddedTables = {
      products: root.openDB({ name: "products" }),
      meta: root.openDB({ name: "meta" }),
      orders: root.openDB({ name: "orders" }),
      ordersByUser: root.openDB({ name: "ordersByUser" }),
      conversations: root.openDB({ name: "conversations" }),
      handoffs: root.openDB({ name: "handoffs" }),
      messages: root.openDB({ name: "messages" }),
      checkpoints: root.openDB({ name: "checkpoints" }),
      checkpointWrites: root.openDB({ name: "checkpointWrites" }),
      interactions: root.openDB({ name: "interactions" }),
      interactionsByUser: root.openDB({ name: "interactionsByUser" }),
    };
    shared = { root, tables, holders: 0 };
    open_.set(file, shared);
  }
  shared.holders++;
  const s = shared;
  let closed = false;
  return {
    ...s.tables,
    root: s.root,
    path: file,
    async close() {
      if (closed) return;
      closed = true;
      s.holders--;
      if (s.holders === 0) {
        open_.delete(file);
        await s.root.close();
      }
    },
  };
}

/**
 * An earlier version's JSON Lines file moves into the database once: its complete records (a torn
 * tail is dropped) are written in one transaction by `write`, then the file is renamed `*.imported`.
 */
export function importJsonLinesOnce(db: EmbeddedDb, file: string, write: (records: unknown[]) => void): void {
  if (!existsSync(file)) return;
  const { records } = readJsonLines(file);
  db.root.transactionSync(() => write(records));
  renameSync(file, `${file}.imported`);
}
