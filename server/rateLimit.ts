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

  /** Counts one turn for every key, or throws rate_limited (counting nothing) when any key is spent. */
  take(keys: readonly string[]): void {
    const t = this.now();
    if (this.windows.size > 10_000) this.sweep(t);
    const current = keys.map((k) => {
      const w = this.windows.get(k);
      return w && t - w.start < WINDOW_MS ? w : { start: t, count: 0 };
    });
    const spent = current.findIndex((w) => w.count >= this.perMinute);
    if (spent >= 0) {
      const retry = Math.ceil((current[spent]!.start + WINDOW_MS - t) / 1000);
      throw new ApiError("rate_limited", `too many ${this.what}: at most ${this.perMinute} a minute; try again in ${retry} s`, { retryAfterSeconds: retry });
    }
    keys.forEach((k, i) => this.windows.set(k, { start: current[i]!.start, count: current[i]!.count + 1 }));
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= WINDOW_MS) this.windows.delete(k);
  }
}
