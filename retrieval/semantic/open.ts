/**
 * Hybrid ranking's parts from the shipped encoder: product vectors (cached per encoder build, in a
 * file and, given a shared key-value store such as MongoDB's, there too) and
 * a query embedder, both served by the model pool; the blend weights chosen on the validation
 * judgments (models/data/hybrid_weights.json, written by npm run bench:retrieval -- --tune).
 * Undefined when the configuration turns it off or the encoder predates sentence vectors.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ROOT_DIR, type Config } from "../../config.js";
import type { Product } from "../catalog/products.js";
import type { HybridWeights, SemanticRanking } from "../retriever.js";
import { chatCorpus, NameWords } from "./nameWords.js";
import { productTexts, ProductVectors, type Embed, type VectorBuildProgress } from "./productVectors.js";
import { FileVectorCache, KeyValueVectorCache, LayeredVectorCache, type KeyValueStoreFor } from "./vectorCache.js";

export const HYBRID_WEIGHTS_FILE = path.join(ROOT_DIR, "models", "data", "hybrid_weights.json");

const WeightsSchema = z.object({ semantic: z.number().min(0), feature: z.number().min(0), affinity: z.number().min(0), lexical: z.number().min(0).default(0) });
const ManifestSchema = z.object({ outputs: z.array(z.string()).optional(), files: z.record(z.string(), z.object({ sha256: z.string() })) });

export function loadHybridWeights(file = HYBRID_WEIGHTS_FILE): HybridWeights {
  if (!existsSync(file)) return { semantic: 1, feature: 0.5, affinity: 0.2, lexical: 0 };
  return z.object({ weights: WeightsSchema }).parse(JSON.parse(readFileSync(file, "utf8"))).weights;
}

/** The encoder build's id (its int8 file's sha256), or null when it has no sentence-vector output. */
export function encoderVectorsId(nluDir: string): string | null {
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(path.join(nluDir, "manifest.json"), "utf8")));
  if (!manifest.outputs?.includes("semantic")) return null;
  return manifest.files["model_quantized.onnx"]?.sha256.slice(0, 16) ?? null;
}

const fileCache = (cfg: Pick<Config, "vectorCacheDir">, encoderId: string) => new FileVectorCache(path.join(cfg.vectorCacheDir, `products-${encoderId}.bin`));
const sharedCache = (shared: KeyValueStoreFor, encoderId: string) => new KeyValueVectorCache(shared(`products-${encoderId}`));

/**
 * Copies into the shared store the vectors of this encoder build it lacks (or holds for older
 * text), from this machine's file: `npm run vectors:build` does, so every node finds them there
 * even when the file was built before (a node shares only what it embeds itself). Returns how many.
 */
export async function shareVectors(cfg: Pick<Config, "vectorCacheDir" | "nluDir">, products: readonly Product[], shared: KeyValueStoreFor): Promise<number> {
  const id = encoderVectorsId(cfg.nluDir);
  if (!id) return 0;
  const ids = products.map((p) => p.id);
  const { hashes } = productTexts(products);
  const local = await fileCache(cfg, id).get(ids, hashes);
  const store = sharedCache(shared, id);
  const there = await store.get(ids, hashes);
  const lacking = new Map([...local].filter(([pid]) => !there.has(pid)));
  await store.put(lacking);
  return lacking.size;
}

export interface SemanticOpening {
  /** Products whose vectors this encoder build lacks in this machine's file. */
  missing: number;
  /** Hybrid ranking's parts: cached vectors, the rest embedded (and cached) now. */
  open(embed: Embed, onProgress?: VectorBuildProgress): Promise<SemanticRanking>;
}

/**
 * Reads this machine's vector file once, to say how many products lack a vector and then to open
 * hybrid ranking from it (undefined when hybrid ranking is off or the encoder has no vectors). The
 * shared store is not counted: reading it can take a minute on FerretDB, and a start that has to
 * wait that long builds its vectors in the background instead; open() reads it for what the file lacks.
 */
export async function prepareSemanticRanking(
  cfg: Pick<Config, "semanticRanking" | "semanticPool" | "vectorCacheDir" | "nluDir">,
  products: readonly Product[],
  shared?: KeyValueStoreFor,
): Promise<SemanticOpening | undefined> {
  if (!cfg.semanticRanking) return undefined;
  const id = encoderVectorsId(cfg.nluDir);
  if (!id) return undefined;
  const file = fileCache(cfg, id).hold();
  const texts = productTexts(products);
  const missing = await ProductVectors.missing(products, file, texts);
  return {
    missing,
    open: async (embed, onProgress) => {
      try {
        const cache = shared ? new LayeredVectorCache([file, sharedCache(shared, id)]) : file;
        const vectors = await ProductVectors.open(products, embed, cache, { onProgress, texts });
        const names = new NameWords(products.map((p) => p.name), chatCorpus());
        return { vectors, embedQuery: async (text) => (await embed([text]))[0]!, weights: loadHybridWeights(), pool: cfg.semanticPool, names };
      } finally {
        file.release();
      }
    },
  };
}

/** Hybrid ranking's parts in one call (undefined when off or the encoder has no vectors). */
export async function openSemanticRanking(
  cfg: Pick<Config, "semanticRanking" | "semanticPool" | "vectorCacheDir" | "nluDir">,
  products: readonly Product[],
  embed: Embed,
  options: { onProgress?: VectorBuildProgress; shared?: KeyValueStoreFor } = {},
): Promise<SemanticRanking | undefined> {
  return (await prepareSemanticRanking(cfg, products, options.shared))?.open(embed, options.onProgress);
}
