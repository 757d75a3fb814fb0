/**
 * Where product vectors are kept between starts: keyed by product id, each with the hash of the
 * text it was embedded from, so a product whose text changed is embedded again and the rest are
 * reused.
 *  - `FileVectorCache`: one file per encoder build (every store; a restart reads its 18 MB once, in
 *    about 0.15 s).
 *  - `KeyValueVectorCache`: any LangChain key-value store. On MongoDB that is `MongoDBStore` from
 *    `@langchain/mongodb` (stores/open.ts): one collection every node of a cluster shares, so a
 *    second node reads what the first embedded instead of embedding the catalog again (about two
 *    minutes on two cores).
 *  - `LayeredVectorCache`: the file first, then the shared store; what only the shared store held is
 *    copied into the file, and what was embedded goes to both: to the file before open() returns,
 *    to the shared store in the background (a slow or failing MongoDB never holds up or turns off
 *    hybrid ranking; `flush()` waits for it, as `npm run vectors:build` does).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BaseStore } from "@langchain/core/stores";

export interface CachedVector {
  /** sha1 of the product text the vector was embedded from (20 bytes). */
  hash: Buffer;
  /** The unit vector as int8 (components times 127). */
  vector: Int8Array;
}

export interface VectorCache {
  /**
   * The cached entries among these product ids (an id the cache lacks is absent from the map).
   * With `hashes`, an entry embedded from other text counts as absent (a layered cache then asks
   * the next layer for it).
   */
  get(ids: readonly number[], hashes?: ReadonlyMap<number, Buffer>): Promise<Map<number, CachedVector>>;
  /** Adds or replaces entries; entries of other products stay. */
  put(entries: ReadonlyMap<number, CachedVector>): Promise<void>;
}

/** A key-value store per namespace (LangChain's interface): how stores/open.ts hands over MongoDB's. */
export type KeyValueStoreFor = (namespace: string) => BaseStore<string, Uint8Array>;

const HASH_BYTES = 20;

/** Record layout of the file: product id (u32), text hash (20 bytes), vector (int8 x dims), after a 9-byte header. */
const MAGIC = "PVEC1";

export class FileVectorCache implements VectorCache {
  /** The file as read by hold(), served to every get until release() or a put. */
  private held: Map<number, CachedVector> | undefined;

  constructor(readonly file: string) {}

  /** Reads the file once for several gets (a start counts what is missing, then opens); release() frees it. */
  hold(): this {
    this.held = this.readAll();
    return this;
  }

  release(): void {
    this.held = undefined;
  }

  get(ids: readonly number[], hashes?: ReadonlyMap<number, Buffer>): Promise<Map<number, CachedVector>> {
    const all = this.held ?? this.readAll();
    const out = new Map<number, CachedVector>();
    for (const id of ids) {
      const e = all.get(id);
      if (e && current(e, id, hashes)) out.set(id, e);
    }
    return Promise.resolve(out);
  }

  put(entries: ReadonlyMap<number, CachedVector>): Promise<void> {
    if (entries.size === 0) return Promise.resolve();
    // Every cached entry stays in the file (a store holding part of the catalog must not shrink it).
    const all = this.readAll();
    this.held = undefined;
    for (const [id, e] of entries) all.set(id, e);
    this.writeAll(all);
    return Promise.resolve();
  }

  private readAll(): Map<number, CachedVector> {
    const out = new Map<number, CachedVector>();
    if (!existsSync(this.file)) return out;
    const buf = readFileSync(this.file);
    if (buf.length < 9 || buf.subarray(0, 5).toString("latin1") !== MAGIC) return out; // not ours: rebuilt
    const dims = buf.readUInt32LE(5);
    const record = 4 + HASH_BYTES + dims;
    for (let at = 9; at + record <= buf.length; at += record) {
      const id = buf.readUInt32LE(at);
      const hash = Buffer.from(buf.subarray(at + 4, at + 4 + HASH_BYTES));
      const vector = new Int8Array(buf.buffer.slice(buf.byteOffset + at + 4 + HASH_BYTES, buf.byteOffset + at + record));
      out.set(id, { hash, vector });
    }
    return out;
  }

  /** Written to a temporary file and renamed: a crash leaves the old cache or the new one, never half. */
  private writeAll(all: Map<number, CachedVector>): void {
    const dims = all.values().next().value?.vector.length ?? 0;
    // Every record has the same size: an entry of another length (another encoder's) is left out, and embedded again.
    const entries = new Map([...all].filter(([, e]) => e.vector.length === dims && e.hash.length === HASH_BYTES));
    const record = 4 + HASH_BYTES + dims;
    const buf = Buffer.alloc(9 + record * entries.size);
    buf.write(MAGIC, 0, "latin1");
    buf.writeUInt32LE(dims, 5);
    let at = 9;
    for (const [id, e] of entries) {
      buf.writeUInt32LE(id, at);
      e.hash.copy(buf, at + 4);
      Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength).copy(buf, at + 4 + HASH_BYTES);
      at += record;
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, buf);
    renameSync(tmp, this.file);
  }
}

/**
 * Keys are read in batches of this many (one `$in` query each on MongoDB) and written in batches of
 * WRITE_BATCH (one bulk write each). FerretDB does not push `$in` down to PostgreSQL, so each read
 * scans the collection: fewer, larger reads are faster there (the whole catalog read back in 120 s
 * in batches of 1,000, 54 s in batches of 15,000; a 15,000-key filter is about 400 KB); on MongoDB
 * `$in` on `_id` uses the index.
 */
const READ_BATCH = 15000;
const WRITE_BATCH = 1000;

/**
 * A LangChain key-value store as a vector cache: key = product id, value = base64 of hash and
 * vector. (MongoDBStore keeps values as text, so the bytes travel as base64: about 540 characters a
 * product.) The store's namespace should name the encoder build.
 */
export class KeyValueVectorCache implements VectorCache {
  constructor(private readonly store: BaseStore<string, Uint8Array>) {}

  async get(ids: readonly number[], hashes?: ReadonlyMap<number, Buffer>): Promise<Map<number, CachedVector>> {
    const out = new Map<number, CachedVector>();
    const text = new TextDecoder();
    for (let i = 0; i < ids.length; i += READ_BATCH) {
      const batch = ids.slice(i, i + READ_BATCH);
      const values = await this.store.mget(batch.map(String));
      values.forEach((v, j) => {
        const e = v && decodeEntry(text.decode(v));
        if (e && current(e, batch[j]!, hashes)) out.set(batch[j]!, e);
      });
    }
    return out;
  }

  async put(entries: ReadonlyMap<number, CachedVector>): Promise<void> {
    const text = new TextEncoder();
    const pairs = [...entries].map(([id, e]): [string, Uint8Array] => [String(id), text.encode(encodeEntry(e))]);
    for (let i = 0; i < pairs.length; i += WRITE_BATCH) await this.store.mset(pairs.slice(i, i + WRITE_BATCH));
  }
}

function encodeEntry(e: CachedVector): string {
  return Buffer.concat([e.hash, Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength)]).toString("base64");
}

/** Null for a value that is not one of ours (too short): treated as not cached, so it is embedded again. */
function decodeEntry(value: string): CachedVector | null {
  const buf = Buffer.from(value, "base64");
  const dims = buf.length - HASH_BYTES;
  if (dims < 8 || dims > 4096) return null;
  return { hash: Buffer.from(buf.subarray(0, HASH_BYTES)), vector: new Int8Array(buf.buffer.slice(buf.byteOffset + HASH_BYTES, buf.byteOffset + buf.length)) };
}

/** Whether `e` was embedded from the product's current text (always, when the caller gave no hashes). */
function current(e: CachedVector, id: number, hashes?: ReadonlyMap<number, Buffer>): boolean {
  const want = hashes?.get(id);
  return !want || e.hash.equals(want);
}

/**
 * The first cache that holds a current entry answers; an entry found only further down is copied
 * into the caches above it (a node fills its own file from the shared store once). The first layer
 * (the local file) is written before put() returns; the others in the background, where a failure
 * is reported to `onError` and costs nothing but the sharing. A lower layer that cannot be read is
 * treated as empty.
 */
export class LayeredVectorCache implements VectorCache {
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly layers: readonly VectorCache[],
    private readonly onError: (e: unknown) => void = (e) => console.warn(`shared product vectors: ${(e as Error).message}`),
  ) {}

  async get(ids: readonly number[], hashes?: ReadonlyMap<number, Buffer>): Promise<Map<number, CachedVector>> {
    const out = new Map<number, CachedVector>();
    let wanted = ids;
    for (const [depth, layer] of this.layers.entries()) {
      if (wanted.length === 0) break;
      let found: Map<number, CachedVector>;
      try {
        found = await layer.get(wanted, hashes);
      } catch (e) {
        if (depth === 0) throw e;
        this.onError(e);
        continue;
      }
      if (found.size === 0) continue;
      for (const [id, e] of found) out.set(id, e);
      if (depth > 0) await this.layers[0]!.put(found);
      wanted = wanted.filter((id) => !found.has(id));
    }
    return out;
  }

  async put(entries: ReadonlyMap<number, CachedVector>): Promise<void> {
    const [first, ...rest] = this.layers;
    await first?.put(entries);
    for (const layer of rest) this.pending = this.pending.then(() => layer.put(entries)).catch(this.onError);
  }

  /** Waits for the background writes to the lower layers. */
  flush(): Promise<void> {
    return this.pending;
  }
}
