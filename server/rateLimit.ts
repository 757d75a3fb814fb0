/**
 * Events per minute per key (a user, an IP address), for what @fastify/rate-limit does not see:
 * turns on every interface (so one limit holds everywhere) and Socket.IO/WebSocket connections.
 * Fixed one-minute windows: cheap, and exact enough for abuse protection. Counted in this process,
 * or in Redis when the server runs as several nodes (REDIS_URL), so a limit holds across nodes.
 */
import type { Redis } from "ioredis";
import { ApiError } from "./errors.js";

interface Window {
  start: number;
  count: number;
}

const WINDOW_MS = 60_000;

/** Where the windows live: the first spent key (its index and ms left), or null when all were counted. */
interface WindowStore {
  take(keys: readonly (readonly [string, number])[], now: number): Promise<{ index: number; retryMs: number } | null>;
}

class MemoryWindows implements WindowStore {
  private readonly windows = new Map<string, Window>();

  take(keys: readonly (readonly [string, number])[], t: number) {
    if (this.windows.size > 10_000) this.sweep(t);
    const current = keys.map(([k]) => {
      const w = this.windows.get(k);
      return w && t - w.start < WINDOW_MS ? w : { start: t, count: 0 };
    });
    const spent = current.findIndex((w, i) => w.count >= keys[i]![1]);
    if (spent >= 0) return Promise.resolve({ index: spent, retryMs: current[spent]!.start + WINDOW_MS - t });
    keys.forEach(([k], i) => this.windows.set(k, { start: current[i]!.start, count: current[i]!.count + 1 }));
    return Promise.resolve(null);
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= WINDOW_MS) this.windows.delete(k);
  }
}

// All keys or none: the first spent key's position (1-based) and time left, else every key counted.
const TAKE = `
for i, k in ipairs(KEYS) do
  local c = tonumber(redis.call('GET', k) or '0')
  if c >= tonumber(ARGV[i + 1]) then return {i, redis.call('PTTL', k)} end
end
for _, k in ipairs(KEYS) do
  if redis.call('INCR', k) == 1 then redis.call('PEXPIRE', k, ARGV[1]) end
end
return {0, 0}`;

class RedisWindows implements WindowStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async take(keys: readonly (readonly [string, number])[]) {
    const [index, ttl] = (await this.redis.eval(TAKE, keys.length, ...keys.map(([k]) => this.prefix + k), WINDOW_MS, ...keys.map(([, max]) => max))) as [number, number];
    return index > 0 ? { index: index - 1, retryMs: ttl > 0 ? ttl : WINDOW_MS } : null;
  }
}

export class TurnRateLimiter {
  private readonly store: WindowStore;

  constructor(
    private readonly perMinute: number,
    /** What is counted, for the error message ("messages", "connections"). */
    private readonly what = "messages",
    private readonly now: () => number = Date.now,
    /** Shared windows for several server nodes; in memory when absent. */
    redis?: Redis,
  ) {
    this.store = redis ? new RedisWindows(redis, `ratelimit:${what}:`) : new MemoryWindows();
  }

  /**
   * Counts one event for every key, or throws rate_limited (counting nothing) when any key is
   * spent. A key is a string (this limiter's limit) or [key, its own limit]: a user's turns and,
   * as a looser guard, their address's (many shoppers can share one office or proxy address).
   */
  async take(keys: readonly (string | readonly [string, number])[]): Promise<void> {
    const limited = keys.map((k) => (typeof k === "string" ? ([k, this.perMinute] as const) : k));
    const spent = await this.store.take(limited, this.now());
    if (!spent) return;
    const retry = Math.ceil(spent.retryMs / 1000);
    const [key, max] = limited[spent.index]!;
    const per = key.startsWith("ip:") ? " from one address" : "";
    throw new ApiError("rate_limited", `too many ${this.what}${per}: at most ${max} a minute; try again in ${retry} s`, { retryAfterSeconds: retry });
  }
}
