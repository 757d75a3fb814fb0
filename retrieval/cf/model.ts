/**
 * The trained reranking model on disk (DATA_DIR/cf/): model.json (ids, options, popularity,
 * kNN weight), factors.bin (little-endian float32: shopper factors, then item factors) and
 * neighbours.bin (the item-kNN lists: int32 row pointers, int32 item indices, float32
 * similarities). The JSON is written last, so a crash mid-save leaves either the old model or
 * none, never a torn one. Version-1 models (ALS only, before item-kNN joined) still load.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ALS_DEFAULTS, gramian, type AlsOptions, type Factors } from "./als.js";
import type { Csr } from "./sparse.js";

export interface CfModel {
  algorithm: "als+item_knn";
  options: AlsOptions;
  /** Shopper ids and item ids (catalog product ids as strings), in factor-row order. */
  users: string[];
  items: string[];
  userIndex: Map<string, number>;
  itemIndex: Map<string, number>;
  factors: Factors;
  /** Distinct shoppers per item: the cold-start ranking. */
  popularity: Float32Array;
  /** Item x item: each item's most similar items (cosine over buyers), for the kNN part. */
  neighbours: Csr;
  /** Weight of the scaled kNN score against the scaled ALS score (hybrid.ts); 0 = ALS only. */
  knnWeight: number;
  /** Item Gramian plus regularization, for folding in shoppers the model has not seen. */
  yty: Float64Array;
  trainedAt: string;
  events: number;
}

const MetaSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  algorithm: z.enum(["als", "als+item_knn"]),
  /** Version 2: entries in neighbours.bin, and the kNN weight. */
  neighbours: z.number().int().nonnegative().optional(),
  knnWeight: z.number().nonnegative().optional(),
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
export const NEIGHBOURS_FILE = "neighbours.bin";

/** An item x item matrix with no entries: what a version-1 (ALS only) model has. */
const noNeighbours = (items: number): Csr => ({ rows: items, cols: items, indptr: new Int32Array(items + 1), indices: new Int32Array(0), values: new Float32Array(0) });

export function makeModel(
  parts: Pick<CfModel, "users" | "items" | "factors" | "popularity" | "trainedAt" | "events"> & Partial<Pick<CfModel, "neighbours" | "knnWeight">> & { options?: AlsOptions },
): CfModel {
  const options = parts.options ?? ALS_DEFAULTS;
  return {
    algorithm: "als+item_knn",
    neighbours: parts.neighbours ?? noNeighbours(parts.items.length),
    knnWeight: parts.neighbours ? (parts.knnWeight ?? 0) : 0,
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
  const nb = model.neighbours;
  const nnz = nb.indices.length;
  const packed = new ArrayBuffer((nb.indptr.length + 2 * nnz) * 4);
  new Int32Array(packed, 0, nb.indptr.length).set(nb.indptr);
  new Int32Array(packed, nb.indptr.length * 4, nnz).set(nb.indices);
  new Float32Array(packed, (nb.indptr.length + nnz) * 4, nnz).set(nb.values);
  atomicWrite(path.join(dir, NEIGHBOURS_FILE), new Uint8Array(packed));
  const meta: z.infer<typeof MetaSchema> = {
    version: 2, algorithm: "als+item_knn", neighbours: nnz, knnWeight: model.knnWeight, options: { ...model.options, factors: k },
    users: model.users, items: model.items, popularity: Array.from(model.popularity), trainedAt: model.trainedAt, events: model.events,
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
    neighbours: meta.version === 2 ? loadNeighbours(dir, meta.items.length, meta.neighbours ?? 0) : undefined,
    knnWeight: meta.knnWeight,
    options: meta.options,
    users: meta.users,
    items: meta.items,
    factors: { k, users: all.subarray(0, meta.users.length * k), items: all.subarray(meta.users.length * k) },
    popularity: Float32Array.from(meta.popularity),
    trainedAt: meta.trainedAt,
    events: meta.events,
  });
}

function loadNeighbours(dir: string, items: number, nnz: number): Csr {
  const file = path.join(dir, NEIGHBOURS_FILE);
  if (!existsSync(file)) throw new Error(`${file}: missing; run npm run cf:train`);
  const raw = readFileSync(file);
  if (raw.byteLength !== (items + 1 + 2 * nnz) * 4) throw new Error(`${file}: size does not match ${MODEL_FILE}; run npm run cf:train`);
  const words = new Int32Array(items + 1 + 2 * nnz);
  new Uint8Array(words.buffer).set(raw);
  const indptr = words.slice(0, items + 1);
  const indices = words.slice(items + 1, items + 1 + nnz);
  const values = new Float32Array(words.buffer.slice((items + 1 + nnz) * 4));
  if (indptr[items] !== nnz || indices.some((j) => j < 0 || j >= items)) throw new Error(`${file}: damaged; run npm run cf:train`);
  return { rows: items, cols: items, indptr, indices, values };
}
