/**
 * Conversations and their messages (seed 002's schema in spirit): every shopper message is kept
 * with its intent, confidence and entities, every bot message with the products it showed, for
 * the history endpoints. MongoDB when configured, the embedded database under DATA_DIR otherwise
 * (a turn's two messages and the conversation's summary commit in one transaction; nothing is
 * held in memory, so the number of conversations is bounded by the disk only).
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Collection } from "mongodb";
import { ownLease, type MongoLease } from "./mongo.js";
import { importJsonLinesOnce, openEmbeddedDb, prefixRange, type EmbeddedDb } from "./embeddedDb.js";
import { ensureIndexes } from "./indexes.js";

export interface StoredMessage {
  messageId: string;
  conversationId: string;
  userId: string;
  role: "user" | "assistant";
  content: string;
  /** Shopper messages: the classified intent, its confidence (0..1) and the extracted entities. */
  intent?: string;
  confidence?: number;
  entities?: Record<string, unknown>;
  /** Shopper messages: the whole reading (nlu/reading.ts TurnReading less the text): intent source and probabilities, entity spans with roles. */
  reading?: Record<string, unknown>;
  /** Bot messages: ids of the products shown with the reply. */
  productIds?: number[];
  /** A reply written by a member of staff while the conversation was handed over. */
  staff?: boolean;
  createdAt: string;
  /** Position in the conversation, for a stable order when timestamps tie. */
  seq: number;
}

export interface Conversation {
  conversationId: string;
  userId: string;
  chatId: string;
  /** The first shopper message, shortened: what the conversation list shows. */
  title: string;
  active: boolean;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
  /** Set while staff have the conversation: since when, and why. */
  handoff?: ConversationHandoff | null;
}

export interface ConversationHandoff {
  since: string;
  reason: "asked" | "accepted" | "escalated";
}

export interface TurnRecord {
  userId: string;
  chatId: string;
  user: { content: string; intent?: string; confidence?: number; entities?: Record<string, unknown>; reading?: Record<string, unknown> };
  /** The agent's answer; absent while staff have the conversation (the agent stays silent). */
  bot?: { content: string; productIds?: number[] };
}

export interface ConversationStore {
  recordTurn(turn: TurnRecord): Promise<void>;
  list(userId: string): Promise<Conversation[]>;
  /** Messages oldest first; `limit` keeps the newest ones. */
  history(userId: string, chatId: string, limit?: number): Promise<StoredMessage[]>;
  get(userId: string, chatId: string): Promise<Conversation | null>;
  closeConversation(userId: string, chatId: string): Promise<boolean>;
  deleteConversation(userId: string, chatId: string): Promise<boolean>;
  /** Marks a conversation handed to staff, or (null) handed back. */
  setHandoff(userId: string, chatId: string, handoff: ConversationHandoff | null): Promise<void>;
  /** Conversations waiting for or with staff, longest waiting first. */
  handoffs(): Promise<Conversation[]>;
  /** Stores a reply a member of staff wrote; null when the conversation does not exist. */
  recordStaffMessage(userId: string, chatId: string, content: string): Promise<StoredMessage | null>;
  close(): Promise<void>;
}

export const conversationIdOf = (userId: string, chatId: string) => `${userId}:${chatId}`;
const TITLE_CHARS = 60;
const titleOf = (text: string) => (text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS - 1)}…` : text);

function messagesOf(turn: TurnRecord, seq: number, now: string): StoredMessage[] {
  const conversationId = conversationIdOf(turn.userId, turn.chatId);
  const base = { conversationId, userId: turn.userId, createdAt: now };
  const user: StoredMessage = { ...base, messageId: randomUUID(), role: "user", seq, ...turn.user };
  return turn.bot ? [user, { ...base, messageId: randomUUID(), role: "assistant", seq: seq + 1, ...turn.bot }] : [user];
}

function staffMessage(userId: string, chatId: string, content: string, seq: number, now: string): StoredMessage {
  return { messageId: randomUUID(), conversationId: conversationIdOf(userId, chatId), userId, role: "assistant", content, staff: true, createdAt: now, seq };
}

const longestWaiting = (a: Conversation, b: Conversation) => (a.handoff?.since ?? "").localeCompare(b.handoff?.since ?? "");

const newestFirst = (a: { updatedAt: string }, b: { updatedAt: string }) => b.updatedAt.localeCompare(a.updatedAt);

type LogEvent =
  | { kind: "turn"; conversation: Conversation; messages: StoredMessage[] }
  | { kind: "close"; conversationId: string; at: string }
  | { kind: "delete"; conversationId: string };

export class EmbeddedConversationStore implements ConversationStore {
  private readonly db: EmbeddedDb;

  constructor(dataDir: string) {
    this.db = openEmbeddedDb(dataDir);
    this.importLegacyLog(path.join(dataDir, "conversations.jsonl"));
  }

  /** An earlier version's event log moves into the database once (then is renamed). */
  private importLegacyLog(file: string): void {
    importJsonLinesOnce(this.db, file, (records) => {
      for (const e of records as LogEvent[]) {
        if (e.kind === "turn") {
          void this.db.conversations.put([e.conversation.userId, e.conversation.chatId], e.conversation);
          for (const m of e.messages) void this.db.messages.put([m.conversationId, m.seq], m);
        } else {
          const [userId = "", ...rest] = e.conversationId.split(":");
          const key = [userId, rest.join(":")];
          const c = this.db.conversations.get(key) as Conversation | undefined;
          if (!c) continue;
          if (e.kind === "close") void this.db.conversations.put(key, { ...c, active: false, updatedAt: e.at });
          else this.removeWithin(c);
        }
      }
    });
  }

  private removeWithin(c: Conversation): void {
    void this.db.conversations.remove([c.userId, c.chatId]);
    void this.db.handoffs.remove([c.userId, c.chatId]);
    for (const key of this.db.messages.getKeys(prefixRange([c.conversationId]))) void this.db.messages.remove(key);
  }

  async recordTurn(turn: TurnRecord): Promise<void> {
    await this.db.root.transaction(() => {
      const key = [turn.userId, turn.chatId];
      const now = new Date().toISOString();
      const old = this.db.conversations.get(key) as Conversation | undefined;
      const messages = messagesOf(turn, old?.messageCount ?? 0, now);
      const conversation: Conversation = old
        ? { ...old, active: true, messageCount: old.messageCount + messages.length, updatedAt: now }
        : { conversationId: conversationIdOf(turn.userId, turn.chatId), userId: turn.userId, chatId: turn.chatId, title: titleOf(turn.user.content), active: true, messageCount: messages.length, createdAt: now, updatedAt: now };
      void this.db.conversations.put(key, conversation);
      for (const m of messages) void this.db.messages.put([m.conversationId, m.seq], m);
    });
  }

  setHandoff(userId: string, chatId: string, handoff: ConversationHandoff | null): Promise<void> {
    return this.db.root.transaction(() => {
      const key = [userId, chatId];
      const c = this.db.conversations.get(key) as Conversation | undefined;
      if (!c) return;
      void this.db.conversations.put(key, { ...c, handoff });
      if (handoff) void this.db.handoffs.put(key, handoff);
      else void this.db.handoffs.remove(key);
    });
  }

  handoffs(): Promise<Conversation[]> {
    const waiting = [...this.db.handoffs.getKeys()].flatMap((key) => (this.db.conversations.get(key) as Conversation | undefined) ?? []);
    return Promise.resolve(waiting.filter((c) => c.handoff).sort(longestWaiting));
  }

  recordStaffMessage(userId: string, chatId: string, content: string): Promise<StoredMessage | null> {
    return this.db.root.transaction(() => {
      const key = [userId, chatId];
      const c = this.db.conversations.get(key) as Conversation | undefined;
      if (!c) return null;
      const now = new Date().toISOString();
      const m = staffMessage(userId, chatId, content, c.messageCount, now);
      void this.db.messages.put([m.conversationId, m.seq], m);
      void this.db.conversations.put(key, { ...c, messageCount: c.messageCount + 1, updatedAt: now });
      return m;
    });
  }

  list(userId: string): Promise<Conversation[]> {
    const mine = [...this.db.conversations.getRange(prefixRange([userId])).map(({ value }) => value as Conversation)];
    return Promise.resolve(mine.sort(newestFirst));
  }

  history(userId: string, chatId: string, limit = 1000): Promise<StoredMessage[]> {
    const { start, end } = prefixRange([conversationIdOf(userId, chatId)]);
    const newest = [...this.db.messages.getRange({ start: end, end: start, reverse: true, limit }).map(({ value }) => value as StoredMessage)];
    return Promise.resolve(newest.reverse());
  }

  get(userId: string, chatId: string): Promise<Conversation | null> {
    return Promise.resolve((this.db.conversations.get([userId, chatId]) as Conversation | undefined) ?? null);
  }

  closeConversation(userId: string, chatId: string): Promise<boolean> {
    return this.db.root.transaction(() => {
      const c = this.db.conversations.get([userId, chatId]) as Conversation | undefined;
      if (!c) return false;
      void this.db.conversations.put([userId, chatId], { ...c, active: false, updatedAt: new Date().toISOString() });
      return true;
    });
  }

  deleteConversation(userId: string, chatId: string): Promise<boolean> {
    return this.db.root.transaction(() => {
      const c = this.db.conversations.get([userId, chatId]) as Conversation | undefined;
      if (!c) return false;
      this.removeWithin(c);
      return true;
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

type ConversationDoc = Conversation & { _id: string };
type MessageDoc = StoredMessage & { _id: string };

export class MongoConversationStore implements ConversationStore {
  private constructor(
    private readonly lease: MongoLease,
    private readonly conversations: Collection<ConversationDoc>,
    private readonly messages: Collection<MessageDoc>,
  ) {}

  static async open(uri: string, dbName: string): Promise<MongoConversationStore> {
    return MongoConversationStore.on(await ownLease(uri, dbName));
  }

  /** The store on a database already connected (stores/open.ts shares one client). */
  static async on(lease: MongoLease): Promise<MongoConversationStore> {
    const db = lease.db;
    const messages = db.collection<MessageDoc>("messages");
    await ensureIndexes(messages, "messages");
    const conversations = db.collection<ConversationDoc>("conversations");
    await ensureIndexes(conversations, "conversations");
    return new MongoConversationStore(lease, conversations, messages);
  }

  async recordTurn(turn: TurnRecord): Promise<void> {
    const id = conversationIdOf(turn.userId, turn.chatId);
    const now = new Date().toISOString();
    // $inc returns the count after this turn, so concurrent turns of one chat get distinct seqs.
    const count = turn.bot ? 2 : 1;
    const updated = await this.conversations.findOneAndUpdate(
      { _id: id },
      {
        $inc: { messageCount: count },
        $set: { active: true, updatedAt: now },
        $setOnInsert: { conversationId: id, userId: turn.userId, chatId: turn.chatId, title: titleOf(turn.user.content), createdAt: now },
      },
      { upsert: true, returnDocument: "after" },
    );
    const seq = (updated?.messageCount ?? count) - count;
    await this.messages.insertMany(messagesOf(turn, seq, now).map((m) => ({ _id: m.messageId, ...m })));
  }

  async setHandoff(userId: string, chatId: string, handoff: ConversationHandoff | null): Promise<void> {
    await this.conversations.updateOne({ _id: { $eq: conversationIdOf(userId, chatId) } }, handoff ? { $set: { handoff } } : { $unset: { handoff: "" } });
  }

  async handoffs(): Promise<Conversation[]> {
    const docs = await this.conversations.find({ "handoff.since": { $exists: true } }).toArray();
    return docs.map(strip).sort(longestWaiting);
  }

  async recordStaffMessage(userId: string, chatId: string, content: string): Promise<StoredMessage | null> {
    const now = new Date().toISOString();
    const updated = await this.conversations.findOneAndUpdate(
      { _id: { $eq: conversationIdOf(userId, chatId) } },
      { $inc: { messageCount: 1 }, $set: { updatedAt: now } },
      { returnDocument: "after" },
    );
    if (!updated) return null;
    const m = staffMessage(userId, chatId, content, updated.messageCount - 1, now);
    await this.messages.insertOne({ _id: m.messageId, ...m });
    return m;
  }

  async list(userId: string): Promise<Conversation[]> {
    const docs = await this.conversations.find({ userId: { $eq: userId } }).toArray();
    return docs.map(strip).sort(newestFirst);
  }

  async history(userId: string, chatId: string, limit = 1000): Promise<StoredMessage[]> {
    const docs = await this.messages.find({ conversationId: { $eq: conversationIdOf(userId, chatId) } }).sort({ seq: 1 }).toArray();
    return docs.slice(Math.max(0, docs.length - limit)).map(strip);
  }

  async get(userId: string, chatId: string): Promise<Conversation | null> {
    const doc = await this.conversations.findOne({ _id: { $eq: conversationIdOf(userId, chatId) } });
    return doc ? strip(doc) : null;
  }

  async closeConversation(userId: string, chatId: string): Promise<boolean> {
    const r = await this.conversations.updateOne({ _id: { $eq: conversationIdOf(userId, chatId) } }, { $set: { active: false, updatedAt: new Date().toISOString() } });
    return r.matchedCount > 0;
  }

  async deleteConversation(userId: string, chatId: string): Promise<boolean> {
    const id = conversationIdOf(userId, chatId);
    const r = await this.conversations.deleteOne({ _id: { $eq: id } });
    await this.messages.deleteMany({ conversationId: { $eq: id } });
    return r.deletedCount > 0;
  }

  async close(): Promise<void> {
    await this.lease.release();
  }
}

/** The stored document without MongoDB's _id (the public ids are fields of their own). */
function strip<T extends { _id: string }>(doc: T): Omit<T, "_id"> {
  const rest: Partial<T> = { ...doc };
  delete rest._id;
  return rest as Omit<T, "_id">;
}
