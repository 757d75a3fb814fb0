/**
 * The trained reranking model on disk (DATA_DIR/cf/): model.json (ids, options, popularity)
 * and factors.bin (little-endian float32: shopper factors, then item factors). The JSON is
 * written last, so a crash mid-save leaves either the old model or none, never a torn one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ALS_DEFAULTS, gramian, type AlsOptions, type Factors } from "./als.js";

export interface CfModel {
  algorithm: "als";
  options: AlsOptions;
  /** Shopper ids and item ids (catalog product ids as strings), in factor-row order. */
  users: string[];
  items: string[];
  userIndex: Map<string, number>;
  itemIndex: Map<string, number>;
  factors: Factors;
  /** Distinct shoppers per item: the cold-start ranking. */
  popularity: Float32Array;
  /** Item Gramian plus regularization, for folding in shoppers the model has not seen. */
  yty: Float64Array;
  trainedAt: string;
  events: number;
}

const MetaSchema = z.object({
  version: z.literal(1),
  algorithm: z.literal("als"),
  options: z.object({
    factors: z.number().int().min(1).max(1024),
    regularization: z.number().nonnegative(),
    alpha: z.number().nonnegative(),
    epsilon: z.number().positive(),
    iterations: z.number().int().min(0),
    cgSteps: z.number().int().min(1),
    seed: z.number().int(),
  }),
  users: z.array(z.string()),
  items: z.array(z.string()),
  popularity: z.array(z.number().nonnegative()),
  trainedAt: z.string(),
  events: z.number().int().nonnegative(),
});

export const MODEL_FILE = "model.json";
export const FACTORS_FILE = "factors.bin";

export function makeModel(
  parts: Pick<CfModel, "users" | "items" | "factors" | "popularity" | "trainedAt" | "events"> & { options?: AlsOptions },
): CfModel {
  const options = parts.options ?? ALS_DEFAULTS;
  return {
    algorithm: "als",
    options,
    users: parts.users,
    items: parts.items,
    userIndex: new Map(parts.users.map((u, i) => [u, i])),
    itemIndex: new Map(parts.items.map((it, i) => [it, i])),
    factors: parts.factors,
    popularity: parts.popularity,
    yty: gramian(parts.factors.items, parts.items.length, parts.factors.k, options.regularization),
    trainedAt: parts.trainedAt,
    events: parts.events,
  };
}

function atomicWrite(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

export function saveModel(dir: string, model: CfModel): void {
  mkdirSync(dir, { recursive: true });
  const { users, items, k } = { users: model.factors.users, items: model.factors.items, k: model.factors.k };
  const bin = new Float32Array(users.length + items.length);
  bin.set(users, 0);
  bin.set(items, users.length);
  atomicWrite(path.join(dir, FACTORS_FILE), new Uint8Array(bin.buffer));
  const meta: z.infer<typeof MetaSchema> = {
    version: 1, algorithm: "als", options: { ...model.options, factors: k }, users: model.users, items: model.items,
    popularity: Array.from(model.popularity), trainedAt: model.trainedAt, events: model.events,
  };
  atomicWrite(path.join(dir, MODEL_FILE), JSON.stringify(meta));
}

/** The saved model in `dir`, or null when none was trained; a damaged model fails naming the file. */
export function loadModel(dir: string): CfModel | null {
  const metaFile = path.join(dir, MODEL_FILE);
  if (!existsSync(metaFile)) return null;
  const parsed = MetaSchema.safeParse(JSON.parse(readFileSync(metaFile, "utf8")));
  if (!parsed.success) throw new Error(`${metaFile}: not a reranking model (${parsed.error.issues[0]?.message ?? "invalid"}); run npm run cf:train`);
  const meta = parsed.data;
  const k = meta.options.factors;
  const raw = readFileSync(path.join(dir, FACTORS_FILE));
  const expected = (meta.users.length + meta.items.length) * k;
  if (raw.byteLength !== expected * 4 || meta.popularity.length !== meta.items.length) {
    throw new Error(`${path.join(dir, FACTORS_FILE)}: size does not match ${MODEL_FILE}; run npm run cf:train`);
  }
  // Copy into an aligned buffer (Buffer slices may start at any byte offset).
  const all = new Float32Array(expected);
  new Uint8Array(all.buffer).set(raw);
  return makeModel({
    options: meta.options,
    users: meta.users,
    items: meta.items,
    factors: { k, users: all.subarray(0, meta.users.length * k), items: all.subarray(meta.users.length * k) },
    popularity: Float32Array.from(meta.popularity),
    trainedAt: meta.trainedAt,
    events: meta.events,
  });
}
