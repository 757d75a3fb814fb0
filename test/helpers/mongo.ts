/**
 * MongoDB test wiring. With MONGODB_URI set (CI starts FerretDB and sets it) the MongoDB tests
 * run and fail when the server is unreachable; without it they are skipped, with the reason.
 */
import { MongoClient } from "mongodb";
import { config } from "../../config.js";

export const mongoUri = config.mongodbUri;
export const mongoSkip: string | false = mongoUri ? false : "MONGODB_URI is not set (CI sets it; see README)";

/** A database name unique to this test process, dropped by dropTestDb. */
export function testDbName(tag: string): string {
  return `test_${tag}_${process.pid}`;
}

export async function dropTestDb(name: string): Promise<void> {
  if (!mongoUri) return;
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}
