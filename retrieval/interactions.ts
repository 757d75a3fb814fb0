/**
 * Shopper interactions (view, add to cart, purchase): the implicit feedback the collaborative
 * filtering reranker learns from. MongoDB when configured, the embedded database under DATA_DIR
 * otherwise. Every event is validated: the ids come from the agent, the server and the
 * simulator, and a user id is only ever compared by equality.
 */
import path from "node:path";
import { importJsonLinesOnce, openEmbeddedDb, prefixRange, type EmbeddedDb } from "./embeddedDb.js";
import type { Collection } from "mongodb";
import { ownLease, type MongoLease } from "./mongo.js";
import { z } from "zod";
import { ensureIndexes } from "./indexes.js";

export const INTERACTION_KINDS = ["view", "add_to_cart", "purchase"] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export interface Interaction {
  userId: string;
  productId: number;
  kind: InteractionKind;
  /** ISO 8601 time of the event. */
  at: string;
}

const UserId = z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters");

const InteractionSchema = z
  .object({
    userId: UserId,
    productId: z.number().int("must be a whole number").positive("must be positive").max(2 ** 31 - 1),
    kind: z.enum(INTERACTION_KINDS),
    /** Defaults to now; accepted as an ISO string or a Date. */
    at: z.union([z.iso.datetime({ offset: true }), z.date()]).optional(),
  })
  .strict();

export type InteractionInput = z.input<typeof InteractionSchema>;

export class InteractionInputError extends Error {
  constructor(readonly issues: { key: string; message: string }[]) {
    super(`invalid interaction: ${issues.map((i) => (i.key ? `${i.key}: ${i.message}` : i.message)).join("; ")}`);
    this.name = "InteractionInputError";
  }
}

/** Validates one event (throws InteractionInputError naming each bad field). */
export function parseInteraction(input: unknown, now: () => Date = () => new Date()): Interaction {
  const r = InteractionSchema.safeParse(input);
  if (!r.success) throw new InteractionInputError(r.error.issues.map((i) => ({ key: i.path.join("."), message: i.message })));
  const at = r.data.at === undefined ? now() : new Date(r.data.at);
  return { userId: r.data.userId, productId: r.data.productId, kind: r.data.kind, at: at.toISOString() };
}

function parseUserId(userId: unknown): string {
  const r = UserId.safeParse(userId);
  if (!r.success) throw new InteractionInputError(r.error.issues.map((i) => ({ key: "userId", message: i.message })));
  return r.data;
}

export interface InteractionStore {
  /** Validates and stores one event; returns it as stored. */
  record(input: unknown): Promise<Interaction>;
  /** Validates every event first, then stores them all (nothing is stored when any is invalid). */
  recordMany(inputs: readonly unknown[]): Promise<number>;
  /** One shopper's events, oldest first. */
  byUser(userId: string): Promise<Interaction[]>;
  /** Every event, oldest first (for training). */
  all(): Promise<Interaction[]>;
  count(): Promise<number>;
  close(): Promise<void>;
}


/** Runs synchronous work as a promise, so bad input rejects like it does on MongoDB instead of throwing. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

export class EmbeddedInteractionStore implements InteractionStore {
  private readonly db: EmbeddedDb;
  /** Orders events of the same instant; continues from the stored count. */
  private n: number;

  /** `dataDir` may hold an earlier version's interactions.jsonl: imported once (a torn tail dropped), then renamed. */
  constructor(dataDir: string) {
    this.db = openEmbeddedDb(dataDir);
    this.n = this.db.interactions.getCount();
    const legacy = path.join(dataDir, "interactions.jsonl");
    importJsonLinesOnce(this.db, legacy, (records) =>
      this.write(
        records.map((r, i) => {
          try {
            return parseInteraction(r);
          } catch (e) {
            throw new Error(`${legacy}: record ${i + 1}: ${(e as Error).message}`);
          }
        }),
      ),
    );
  }

  private write(events: readonly Interaction[]): void {
    for (const e of events) {
      const n = this.n++;
      void this.db.interactions.put([e.at, n], e);
      void this.db.interactionsByUser.put([e.userId, e.at, n], e);
    }
  }

  async record(input: unknown): Promise<Interaction> {
    const e = await settle(() => parseInteraction(input));
    await this.db.root.transaction(() => this.write([e]));
    return e;
  }

  /** Every event is validated before any is stored; then all commit in one transaction. */
  async recordMany(inputs: readonly unknown[]): Promise<number> {
    const events = await settle(() => inputs.map((x) => parseInteraction(x)));
    await this.db.root.transaction(() => this.write(events));
    return events.length;
  }

  byUser(userId: string): Promise<Interaction[]> {
    return settle(() => [...this.db.interactionsByUser.getRange(prefixRange([parseUserId(userId)])).map(({ value }) => value as Interaction)]);
  }

  all(): Promise<Interaction[]> {
    return Promise.resolve([...this.db.interactions.getRange().map(({ value }) => value as Interaction)]);
  }

  count(): Promise<number> {
    return Promise.resolve(this.db.interactions.getCount());
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

const BATCH = 1000;

export class MongoInteractionStore implements InteractionStore {
  private constructor(
    private readonly lease: MongoLease,
    private readonly events: Collection<Interaction>,
  ) {}

  static async open(uri: string, dbName: string): Promise<MongoInteractionStore> {
    return MongoInteractionStore.on(await ownLease(uri, dbName));
  }

  /** The store on a database already connected (stores/open.ts shares one client). */
  static async on(lease: MongoLease): Promise<MongoInteractionStore> {
    const events = lease.db.collection<Interaction>("interactions");
    await ensureIndexes(events, "interactions");
    return new MongoInteractionStore(lease, events);
  }

  async record(input: unknown): Promise<Interaction> {
    const e = parseInteraction(input);
    // insertOne adds _id to the object it is given: insert a copy, return the clean event.
    await this.events.insertOne({ ...e });
    return e;
  }

  async recordMany(inputs: readonly unknown[]): Promise<number> {
    const events = inputs.map((x) => parseInteraction(x));
    for (let i = 0; i < events.length; i += BATCH) {
      await this.events.insertMany(events.slice(i, i + BATCH).map((e) => ({ ...e })), { ordered: true });
    }
    return events.length;
  }

  async byUser(userId: string): Promise<Interaction[]> {
    return this.events.find({ userId: { $eq: parseUserId(userId) } }, { projection: { _id: 0 } }).sort({ at: 1 }).toArray();
  }

  async all(): Promise<Interaction[]> {
    return this.events.find({}, { projection: { _id: 0 } }).sort({ at: 1 }).toArray();
  }

  count(): Promise<number> {
    return this.events.countDocuments({});
  }

  close(): Promise<void> {
    return this.lease.release();
  }
}
