/**
 * Events per minute per key (a user, an IP address), for what @fastify/rate-limit does not see:
 * turns on every interface (so one limit holds everywhere) and Socket.IO/WebSocket connections.
 * Fixed one-minute windows: cheap, and exact enough for abuse protection.
 */
import { ApiError } from "./errors.js";

interface Window {
  start: number;
  count: number;
}

const WINDOW_MS = 60_000;

export class TurnRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly perMinute: number,
    /** What is counted, for the error message ("messages", "connections"). */
    private readonly what = "messages",
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts one event for every key, or throws rate_limited (counting nothing) when any key is
   * spent. A key is a string (this limiter's limit) or [key, its own limit]: a user's turns and,
   * as a looser guard, their address's (many shoppers can share one office or proxy address).
   */
  take(keys: readonly (string | readonly [string, number])[]): void {
    const t = this.now();
    if (this.windows.size > 10_000) this.sweep(t);
    const limited = keys.map((k) => (typeof k === "string" ? ([k, this.perMinute] as const) : k));
    const current = limited.map(([k]) => {
      const w = this.windows.get(k);
      return w && t - w.start < WINDOW_MS ? w : { start: t, count: 0 };
    });
    const spent = current.findIndex((w, i) => w.count >= limited[i]![1]);
    if (spent >= 0) {
      const retry = Math.ceil((current[spent]!.start + WINDOW_MS - t) / 1000);
      const [key, max] = limited[spent]!;
      const per = key.startsWith("ip:") ? " from one address" : "";
      throw new ApiError("rate_limited", `too many ${this.what}${per}: at most ${max} a minute; try again in ${retry} s`, { retryAfterSeconds: retry });
    }
    limited.forEach(([k], i) => this.windows.set(k, { start: current[i]!.start, count: current[i]!.count + 1 }));
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= WINDOW_MS) this.windows.delete(k);
  }
}
