/**
 * Redis, shared by the server nodes (Socket.IO adapter, turn lock, rate limits). Opened only when
 * REDIS_URL is set; fails fast, with the address (password hidden), when the server is unreachable.
 */
import { Redis } from "ioredis";
import { redact } from "./mongo.js";

export type { Redis };

export async function openRedis(url: string): Promise<Redis> {
  // Few retries per command: a turn that cannot reach Redis should fail in seconds, not queue forever.
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 3 });
  client.on("error", () => undefined); // reported by the command that fails; ioredis reconnects on its own
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (e) {
    client.disconnect();
    throw new Error(`Redis at ${redact(url)} is not usable: ${(e as Error).message}`);
  }
}
