/**
 * The embedded checkpointer: every checkpoint and pending write is one record in the embedded
 * database (`retrieval/embeddedDb.ts`), written as it happens, the way LangGraph's SQLite and
 * MongoDB savers do, so a save costs the same on turn 1 and turn 500 and a crash loses nothing
 * committed. LangGraph's in-memory saver answers reads from a bounded cache: the most recently
 * used threads (CHECKPOINT_CACHE_THREADS), each with its newest checkpoints
 * (CHECKPOINT_CACHE_PER_THREAD); anything older is read from the database when asked for.
 */
import { existsSync, readdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  MemorySaver,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import { openEmbeddedDb, prefixRange, type EmbeddedDb } from "../retrieval/embeddedDb.js";

type Storage = MemorySaver["storage"];
type Writes = MemorySaver["writes"];
type SavedCheckpoint = Storage[string][string][string];
type SavedWrite = Writes[string][string];

export interface CheckpointCacheLimits {
  /** Threads kept in memory (least recently used ones leave first). */
  threads: number;
  /** Newest checkpoints kept in memory per thread. */
  perThread: number;
}

/** MemorySaver's key of one checkpoint's writes. */
const writesKey = (threadId: string, ns: string, checkpointId: string) => JSON.stringify([threadId, ns, checkpointId]);

const threadOf = (config: RunnableConfig) => config.configurable?.thread_id as string | undefined;

export class EmbeddedCheckpointSaver extends MemorySaver {
  private readonly db: EmbeddedDb;
  /** Threads in memory, least recently used first. */
  private readonly cached = new Set<string>();

  constructor(dataDir: string, private readonly limits: CheckpointCacheLimits) {
    super();
    this.db = openEmbeddedDb(dataDir);
    this.importLegacyFiles(path.join(dataDir, "checkpoints"));
  }

  /** Reads one thread's newest `limit` checkpoints (all when Infinity) and their writes from the database into `into`. */
  private load(into: MemorySaver, threadId: string, limit: number): void {
    const storage: Storage[string] = Object.create(null) as Storage[string];
    const { start, end } = prefixRange([threadId]);
    const newest = this.db.checkpoints.getRange({ start: end, end: start, reverse: true, ...(Number.isFinite(limit) ? { limit } : {}) });
    for (const { key, value } of newest) {
      const [, ns, id] = key as [string, string, string];
      (storage[ns] ??= Object.create(null) as Storage[string][string])[id] = value as SavedCheckpoint;
      const writes: Writes[string] = Object.create(null) as Writes[string];
      for (const w of this.db.checkpointWrites.getRange(prefixRange([threadId, ns, id]))) {
        const [, , , taskId, idx] = w.key as [string, string, string, string, number];
        writes[`${taskId},${idx}`] = w.value as SavedWrite;
      }
      if (Object.keys(writes).length > 0) into.writes[writesKey(threadId, ns, id)] = writes;
    }
    if (Object.keys(storage).length > 0) into.storage[threadId] = storage;
  }

  private forget(threadId: string): void {
    this.cached.delete(threadId);
    const storage = this.storage[threadId];
    if (storage) for (const [ns, checkpoints] of Object.entries(storage)) for (const id of Object.keys(checkpoints)) delete this.writes[writesKey(threadId, ns, id)];
    delete this.storage[threadId];
  }

  /** Brings a thread into the cache (loading it when absent) and marks it most recently used. */
  private touch(threadId: string | undefined): void {
    if (threadId === undefined) return;
    if (this.cached.delete(threadId)) {
      this.cached.add(threadId);
      return;
    }
    this.forget(threadId);
    this.load(this, threadId, this.limits.perThread);
    this.cached.add(threadId);
    for (const oldest of this.cached) {
      if (this.cached.size <= this.limits.threads) break;
      this.forget(oldest);
    }
  }

  /** Keeps the thread's newest checkpoints in memory (the database keeps them all). */
  private trim(threadId: string): void {
    for (const [ns, checkpoints] of Object.entries(this.storage[threadId] ?? {})) {
      const ids = Object.keys(checkpoints).sort();
      for (const id of ids.slice(0, Math.max(0, ids.length - this.limits.perThread))) {
        delete checkpoints[id];
        delete this.writes[writesKey(threadId, ns, id)];
      }
    }
  }

  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    this.touch(threadOf(config));
    const found = await super.getTuple(config);
    const threadId = threadOf(config);
    if (found || threadId === undefined || !config.configurable?.checkpoint_id) return found;
    // An older checkpoint than the cache keeps: read the thread whole for this one answer.
    const whole = new MemorySaver();
    this.load(whole, threadId, Infinity);
    return whole.getTuple(config);
  }

  /** A thread's history comes from the database (complete); without a thread, the cached threads. */
  override async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    const threadId = threadOf(config);
    if (threadId === undefined) {
      yield* super.list(config, options);
      return;
    }
    const whole = new MemorySaver();
    this.load(whole, threadId, Infinity);
    yield* whole.list(config, options);
  }

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata): Promise<RunnableConfig> {
    const threadId = threadOf(config);
    this.touch(threadId);
    const r = await super.put(config, checkpoint, metadata);
    const ns = (r.configurable?.checkpoint_ns as string | undefined) ?? "";
    const saved = threadId === undefined ? undefined : this.storage[threadId]?.[ns]?.[checkpoint.id];
    if (threadId !== undefined && saved) {
      await this.db.checkpoints.put([threadId, ns, checkpoint.id], saved);
      this.touch(threadId);
      this.trim(threadId);
    }
    return r;
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const threadId = threadOf(config);
    this.touch(threadId);
    await super.putWrites(config, writes, taskId, taskPath);
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (threadId === undefined || checkpointId === undefined) return;
    const stored = this.writes[writesKey(threadId, ns, checkpointId)] ?? {};
    await this.db.root.transaction(() => {
      for (const [inner, record] of Object.entries(stored)) {
        if (record[0] !== taskId) continue;
        const comma = inner.lastIndexOf(",");
        void this.db.checkpointWrites.put([threadId, ns, checkpointId, inner.slice(0, comma), Number(inner.slice(comma + 1))], record);
      }
    });
    this.touch(threadId);
  }

  override async deleteThread(threadId: string): Promise<void> {
    await super.deleteThread(threadId);
    this.forget(threadId);
    await this.db.root.transaction(() => {
      for (const key of this.db.checkpoints.getKeys(prefixRange([threadId]))) void this.db.checkpoints.remove(key);
      for (const key of this.db.checkpointWrites.getKeys(prefixRange([threadId]))) void this.db.checkpointWrites.remove(key);
    });
  }

  /** Earlier versions kept one JSON file per thread under DATA_DIR/checkpoints: imported once, the folder renamed. */
  private importLegacyFiles(dir: string): void {
    if (!existsSync(dir)) return;
    const reviver = (_k: string, v: unknown) =>
      v && typeof v === "object" && "$b64" in v && typeof v.$b64 === "string" ? new Uint8Array(Buffer.from(v.$b64, "base64")) : v;
    this.db.root.transactionSync(() => {
      for (const name of readdirSync(dir)) {
        if (!name.endsWith(".json")) continue;
        let data: { threadId: string; storage: Storage[string]; writes: Writes };
        try {
          data = JSON.parse(readFileSync(path.join(dir, name), "utf8"), reviver) as typeof data;
        } catch {
          continue; // a torn file from a crash mid-write: that one thread starts over
        }
        for (const [ns, checkpoints] of Object.entries(data.storage)) {
          for (const [id, saved] of Object.entries(checkpoints)) void this.db.checkpoints.put([data.threadId, ns, id], saved);
        }
        for (const [outer, inner] of Object.entries(data.writes)) {
          const [threadId, ns, checkpointId] = JSON.parse(outer) as [string, string, string];
          for (const [k, record] of Object.entries(inner)) {
            const comma = k.lastIndexOf(",");
            void this.db.checkpointWrites.put([threadId, ns, checkpointId, k.slice(0, comma), Number(k.slice(comma + 1))], record);
          }
        }
      }
    });
    renameSync(dir, `${dir}.imported`);
  }

  /** Releases the database (the agent closes it with the other stores). */
  close(): Promise<void> {
    return this.db.close();
  }
}
