/**
 * The embedded checkpointer: LangGraph's in-memory saver, with each thread's checkpoints and
 * pending writes persisted to one JSON file under DATA_DIR/checkpoints (written atomically after
 * every change), so a conversation survives a process restart without a database.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RunnableConfig } from "@langchain/core/runnables";
import { MemorySaver, type Checkpoint, type CheckpointMetadata, type PendingWrite } from "@langchain/langgraph-checkpoint";

type Storage = MemorySaver["storage"];
type Writes = MemorySaver["writes"];

interface ThreadFile {
  threadId: string;
  storage: Storage[string];
  writes: Writes;
}

/** Uint8Array <-> base64 inside JSON. */
const replacer = (_k: string, v: unknown) => (v instanceof Uint8Array ? { $b64: Buffer.from(v).toString("base64") } : v);
const reviver = (_k: string, v: unknown) =>
  v && typeof v === "object" && "$b64" in v && typeof (v).$b64 === "string"
    ? new Uint8Array(Buffer.from((v as { $b64: string }).$b64, "base64"))
    : v;

export class FileCheckpointSaver extends MemorySaver {
  private readonly dir: string;

  constructor(dataDir: string) {
    super();
    this.dir = path.join(dataDir, "checkpoints");
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith(".json")) continue;
      const file = path.join(this.dir, name);
      let data: ThreadFile;
      try {
        data = JSON.parse(readFileSync(file, "utf8"), reviver) as ThreadFile;
      } catch (e) {
        throw new Error(`${file}: unreadable checkpoint file (${(e as Error).message})`);
      }
      this.storage[data.threadId] = data.storage;
      Object.assign(this.writes, data.writes);
    }
  }

  private fileFor(threadId: string): string {
    return path.join(this.dir, `${createHash("sha256").update(threadId).digest("hex").slice(0, 32)}.json`);
  }

  private persist(threadId: string | undefined): void {
    if (threadId === undefined) return;
    const writes: Writes = {};
    for (const [key, value] of Object.entries(this.writes)) {
      if ((JSON.parse(key) as unknown[])[0] === threadId) writes[key] = value;
    }
    const data: ThreadFile = { threadId, storage: this.storage[threadId] ?? {}, writes };
    const file = this.fileFor(threadId);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, replacer));
    renameSync(tmp, file);
  }

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata): Promise<RunnableConfig> {
    const r = await super.put(config, checkpoint, metadata);
    this.persist(config.configurable?.thread_id as string | undefined);
    return r;
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    await super.putWrites(config, writes, taskId, taskPath);
    this.persist(config.configurable?.thread_id as string | undefined);
  }

  override async deleteThread(threadId: string): Promise<void> {
    await super.deleteThread(threadId);
    const file = this.fileFor(threadId);
    if (existsSync(file)) rmSync(file);
  }
}
