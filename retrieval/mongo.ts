/**
 * MongoDB connections for the stores. A running agent opens one client for all of its stores and
 * its checkpoints (stores/open.ts); a command-line tool or a test may open one per store. A store
 * holds a lease on its database: releasing it closes the client only when the store owns it.
 */
import { MongoClient, type Db } from "mongodb";

export interface MongoLease {
  db: Db;
  /** Closes the client when this lease owns it; a shared client is closed once, by its opener. */
  release(): Promise<void>;
}

/** Connects, failing fast with the address (its password hidden) when the server is not usable. */
export async function connectMongo(uri: string): Promise<MongoClient> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, connectTimeoutMS: 5000 });
  try {
    await client.connect();
    return client;
  } catch (e) {
    await client.close().catch(() => undefined);
    throw new Error(`MongoDB at ${redact(uri)} is not usable: ${(e as Error).message}`);
  }
}

/** A database on a client of its own, closed with the lease. */
export async function ownLease(uri: string, dbName: string): Promise<MongoLease> {
  const client = await connectMongo(uri);
  return { db: client.db(dbName), release: () => client.close() };
}

/** A database on a shared client, which its opener closes. */
export function sharedLease(client: MongoClient, dbName: string): MongoLease {
  return { db: client.db(dbName), release: () => Promise.resolve() };
}

/** The URI with any password replaced, for messages and logs. */
export function redact(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
