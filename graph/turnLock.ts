/**
 * One turn at a time per conversation. In one process a promise chain does it; with several server
 * nodes a Redis lock does (Rasa's lock store): a lease the holder renews while its turn runs, so a
 * crashed node's lock ends on its own, and a fencing token (a per-conversation counter taken with
 * the lock) that the turn checks before it records anything, so a holder whose lease lapsed (a
 * long pause) cannot write over the next holder's turn. Orders are keyed by the offer, so even a
 * stale holder cannot book twice.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/** What a turn holds while it runs. */
export interface Fence {
  /** Increases with every acquisition of this conversation's lock. */
  readonly token: number;
  /** Throws LeaseLostError when another holder has taken the lock since (this turn must not write). */
  assertHeld(): Promise<void>;
}

export interface TurnLock {
  run<T>(thread: string, work: (fence: Fence) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class LeaseLostError extends Error {
  constructor(thread: string) {
    super(`the turn lock of ${thread} was lost (another node holds it now)`);
  }
}

export class LockTimeoutError extends Error {
  constructor(thread: string, ms: number) {
    super(`the turn lock of ${thread} was not free within ${ms} ms`);
  }
}

/** Queues turns of one conversation inside this process. */
export class LocalTurnLock implements TurnLock {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly tokens = new Map<string, number>();

  run<T>(thread: string, work: (fence: Fence) => Promise<T>): Promise<T> {
    const previous = this.tails.get(thread) ?? Promise.resolve();
    const run = previous.then(() => {
      const token = (this.tokens.get(thread) ?? 0) + 1;
      this.tokens.set(thread, token);
      return work({ token, assertHeld: () => Promise.resolve() });
    });
    const settled = run.then(() => undefined, () => undefined);
    this.tails.set(thread, settled);
    void settled.then(() => {
      if (this.tails.get(thread) === settled) {
        this.tails.delete(thread);
        this.tokens.delete(thread);
      }
    });
    return run;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

// Takes the lock and the next fencing token at once, or nothing.
const ACQUIRE = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return redis.call('INCR', KEYS[2]) end return 0`;
// Renews only one's own lock.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
// Still the holder, and nobody took a newer token.
const HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('GET', KEYS[2]) == ARGV[2] then return 1 end return 0`;
// Releases only one's own lock.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface RedisTurnLockOptions {
  /** Lease length; renewed every third of it while the turn runs. */
  leaseMs: number;
  /** How long a turn waits for another node's turn of the same conversation. */
  waitMs?: number;
  /** Key prefix (tests use their own). */
  prefix?: string;
}

/** The cluster lock: turns of one conversation on any node run one after another. */
export class RedisTurnLock implements TurnLock {
  // Turns of one conversation on this node queue here first, so they do not poll Redis against each other.
  private readonly local = new LocalTurnLock();
  private readonly waitMs: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisTurnLockOptions,
  ) {
    this.waitMs = options.waitMs ?? 60_000;
    this.prefix = options.prefix ?? "turnlock:";
  }

  run<T>(thread: string, work: (fence: Fence) => Promise<T>): Promise<T> {
    return this.local.run(thread, () => this.holding(thread, work));
  }

  private async holding<T>(thread: string, work: (fence: Fence) => Promise<T>): Promise<T> {
    const lockKey = `${this.prefix}${thread}`;
    const fenceKey = `${this.prefix}fence:${thread}`;
    const owner = randomUUID();
    const token = await this.acquire(thread, lockKey, fenceKey, owner);
    const { leaseMs } = this.options;
    const renewal = setInterval(() => void this.redis.eval(RENEW, 1, lockKey, owner, leaseMs).catch(() => undefined), Math.max(200, Math.floor(leaseMs / 3)));
    renewal.unref();
    const fence: Fence = {
      token,
      assertHeld: async () => {
        if ((await this.redis.eval(HELD, 2, lockKey, fenceKey, owner, token)) !== 1) throw new LeaseLostError(thread);
      },
    };
    try {
      return await work(fence);
    } finally {
      clearInterval(renewal);
      await this.redis.eval(RELEASE, 1, lockKey, owner).catch(() => undefined);
    }
  }

  private async acquire(thread: string, lockKey: string, fenceKey: string, owner: string): Promise<number> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const token = Number(await this.redis.eval(ACQUIRE, 2, lockKey, fenceKey, owner, this.options.leaseMs));
      if (token > 0) return token;
      if (Date.now() - started > this.waitMs) throw new LockTimeoutError(thread, this.waitMs);
      // Short waits first (a turn takes tens of milliseconds), with jitter so two waiters do not collide.
      await new Promise((r) => setTimeout(r, Math.min(200, 10 * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random())));
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
