/**
 * Starts the real server (agent, Fastify, Socket.IO, WebSocket) on a free port for the server
 * tests, and small helpers for the real clients they use (fetch, socket.io-client, ws).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { config, type Config } from "../../config.js";
import { Agent } from "../../graph/agent.js";
import { buildServer, type ChatServer } from "../../server/app.js";
import { dropTestDb, mongoUri, testDbName } from "../helpers/mongo.js";

export interface Store {
  name: string;
  config: () => Config;
  cleanup: () => Promise<void>;
}

/** The embedded default in a fresh directory. */
export function embeddedStore(tag: string): Store {
  const dataDir = mkdtempSync(path.join(tmpdir(), `server-${tag}-`));
  return {
    name: "the embedded default",
    config: () => ({ ...config, mongodbUri: undefined, dataDir }),
    cleanup: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
  };
}

/** A database of its own on MONGODB_URI's server. */
export function mongoStore(tag: string): Store {
  const db = testDbName(`server_${tag}`);
  return { name: "MongoDB", config: () => ({ ...config, mongodbUri: mongoUri, mongodbDb: db }), cleanup: () => dropTestDb(db) };
}

/** Generous defaults so only the rate-limit tests meet the limits. */
const TEST_SETTINGS: Partial<Config> = { logLevel: "error", authSecret: undefined, corsOrigins: [], rateLimitHttpPerMinute: 10_000, rateLimitTurnsPerMinute: 10_000, maxMessageChars: 1000 };

export interface Running {
  server: ChatServer;
  url: string;
  wsUrl: string;
  close: () => Promise<void>;
}

export async function startServer(cfg: Config, agent: Agent, settings: Partial<Config> = {}): Promise<Running> {
  const server = await buildServer({ ...cfg, ...TEST_SETTINGS, ...settings }, agent);
  const port = await server.listen(0, "127.0.0.1");
  return { server, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, close: () => server.close() };
}

export async function openAgent(cfg: Config): Promise<Agent> {
  return Agent.open(cfg);
}

export interface Json {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

export async function request(url: string, method: string, body?: unknown, token?: string): Promise<Json> {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json["body"] };
}

/** A Socket.IO client, connected (or rejected with the server's error). */
export function connectSocket(url: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(url, { auth, transports: ["websocket"], reconnection: true, reconnectionDelay: 100 });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (e: Error & { data?: unknown }) => {
      socket.disconnect();
      reject(e);
    });
  });
}

export function emitAck<T = Record<string, unknown>>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(60_000).emitWithAck(event, payload) as Promise<T>;
}

/** Resolves with the next `event` whose payload passes `match`. */
export function nextEvent<T = Record<string, unknown>>(socket: Socket, event: string, match: (p: T) => boolean = () => true, timeoutMs = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(p);
    };
    socket.on(event, listener);
  });
}

export { mongoUri };
