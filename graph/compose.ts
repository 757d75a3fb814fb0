/**
 * The composition root: from the configuration, the stores (stores/open.ts), the models (one
 * worker pool), the understanding component, small talk, the required-slot data and the
 * checkpointer, wired into the nodes' dependencies. graph/agent.ts runs turns on top of it.
 */
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { Config } from "../config.js";
import { openSmallTalkModel, type ChatMode } from "../models/chat/open.js";
import { ModelPool } from "../models/runtime/pool.js";
import { ModelTasks } from "../models/runtime/tasks.js";
import { loadRuleThreshold } from "../nlu/artifacts.js";
import { Understanding } from "../nlu/understanding.js";
import { loadCatalog } from "../retrieval/catalog/products.js";
import { openReranker } from "../retrieval/cf/open.js";
import type { ConversationStore } from "../retrieval/conversations.js";
import type { InteractionStore } from "../retrieval/interactions.js";
import type { OrderStore } from "../retrieval/orders.js";
import type { ProductRetriever } from "../retrieval/retriever.js";
import { prepareSemanticRanking } from "../retrieval/semantic/open.js";
import { SmallTalk, SMALLTALK_CORPUS } from "../retrieval/smalltalk.js";
import { openStores } from "../stores/open.js";
import { makeAgentTools } from "../tools/index.js";
import { loadRequiredSlots, type AgentDeps, type ColourRange, type RangeFilter } from "./deps.js";

/** The stores and models behind the tools, for callers that need them directly (server, tests). */
export interface AgentParts {
  retriever: ProductRetriever;
  orders: OrderStore;
  models: ModelTasks;
  /** The understanding component: one reading per shopper message. */
  nlu: Understanding;
  conversations: ConversationStore;
  /** Views, offers and purchases, for collaborative-filtering reranking. */
  interactions: InteractionStore;
  /** Small talk: full mode (a generative model, loading in the background) or minimal mode (the corpus), and why. */
  chat: ChatMode;
}

const LETTER_SIZES = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"];
/** Sizes as a shopper reads them: XS before S before M, 6 before 10, letters before numbers. */
function bySize(a: string, b: string): number {
  const rank = (s: string) => (LETTER_SIZES.includes(s) ? LETTER_SIZES.indexOf(s) : Number.isFinite(Number(s)) ? 100 + Number(s) : 1000);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** The article types with the most products, per gender and overall (key ""), largest first. */
function rangesBySize(products: readonly { articleType: string; gender: string; brand: string; baseColour: string | null; usage: string | null; features: readonly string[] }[]): (of?: RangeFilter) => string[] {
  const rank = (of: readonly { articleType: string }[]) => {
    const byType = new Map<string, number>();
    for (const p of of) byType.set(p.articleType, (byType.get(p.articleType) ?? 0) + 1);
    return [...byType].sort((a, b) => b[1] - a[1]).map(([t]) => t);
  };
  const productsOf = new Map<string, (typeof products)[number][]>();
  for (const p of products) (productsOf.get(p.gender) ?? productsOf.set(p.gender, []).get(p.gender)!).push(p);
  const byGender = new Map<string, string[]>([["", rank(products)], ...[...productsOf].map(([g, of]) => [g, rank(of)] as const)]);
  return (of = {}) => {
    // A brand, a colour, an occasion or features narrow the catalog to count on the spot (a few milliseconds, once per question).
    const features = of.features ?? [];
    if (of.brand || of.color || of.usage || features.length > 0) {
      return rank(products.filter((p) => (!of.brand || p.brand === of.brand) && (!of.color || p.baseColour === of.color) && (!of.gender || p.gender === of.gender)
        && (!of.usage || p.usage === of.usage) && (features.length === 0 || features.some((f) => p.features.includes(f)))));
    }
    return byGender.get(of.gender ?? "") ?? byGender.get("") ?? [];
  };
}

/** The colours of a range, most products first: counted on the spot among the type's products (once per question). */
function coloursOfRanges(products: readonly { articleType: string; gender: string; brand: string; baseColour: string | null; sizes: readonly string[] }[]): (range: ColourRange) => string[] {
  const byType = new Map<string, (typeof products)[number][]>();
  for (const p of products) (byType.get(p.articleType) ?? byType.set(p.articleType, []).get(p.articleType)!).push(p);
  return (range) => {
    const count = new Map<string, number>();
    for (const p of byType.get(range.productType) ?? []) {
      if (!p.baseColour || (range.gender && p.gender !== range.gender && p.gender !== "Unisex")) continue;
      if ((range.brand && p.brand !== range.brand) || (range.size && !p.sizes.includes(range.size))) continue;
      count.set(p.baseColour, (count.get(p.baseColour) ?? 0) + 1);
    }
    return [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  };
}

export interface OpenOptions {
  /**
   * When the catalog's vectors are not cached for this encoder build (a first start), embed them
   * in the background and rank without meaning until they are ready, instead of waiting (about
   * two minutes on two cores). The server does; evaluations and tests wait, so their numbers
   * always include hybrid ranking.
   */
  vectorsInBackground?: boolean;
  /** Told when vectors are built in the background, and when they are ready or failed. */
  onVectors?: (event: "building" | "ready" | "failed", detail: string) => void;
  /** Up to this many products to embed, a start waits for them anyway (default 2000: seconds, not minutes). */
  foregroundVectors?: number;
}

/** Below this many products to embed, a start waits for them (seconds) rather than ranking without meaning. */
const FOREGROUND_VECTORS = 2000;

export async function openDeps(
  cfg: Config,
  options: OpenOptions = {},
): Promise<{ deps: AgentDeps; parts: AgentParts; closers: (() => Promise<unknown>)[]; checkpointer: BaseCheckpointSaver }> {
  const closers: (() => Promise<unknown>)[] = [];
  const catalog = loadCatalog(cfg.catalogPath);
  const stores = await openStores(cfg, { catalog });
  closers.push(() => stores.close());
  const { retriever, orders, interactions, conversations } = stores;
  const family = new Map(catalog.products.map((p) => [p.articleType, p.masterCategory]));
  const group = new Map(catalog.products.map((p) => [p.articleType, p.subCategory]));
  const largestRanges = rangesBySize(catalog.products);
  const sizesByType = new Map<string, Set<string>>();
  for (const p of catalog.products) for (const size of p.sizes) (sizesByType.get(p.articleType) ?? sizesByType.set(p.articleType, new Set()).get(p.articleType)!).add(size);
  // Reranking is on when a trained model exists under DATA_DIR (npm run cf:train) and CF_RERANK allows it.
  retriever.setReranker(openReranker(cfg, interactions));
  const pool = await ModelPool.start({ dir: cfg.modelDir, variant: cfg.modelVariant, session: { intraOpThreads: cfg.modelThreads }, workers: cfg.modelWorkers, encoderDir: cfg.nluDir, ...(cfg.contextDir ? { contextDir: cfg.contextDir } : {}) });
  closers.unshift(() => pool.close());
  // Hybrid ranking: product vectors from the same encoder (cached per encoder build; the first start embeds the catalog).
  // On MongoDB the vectors are shared by every node too: a second node reads what the first embedded.
  const opening = await prepareSemanticRanking(cfg, catalog.products, stores.sharedKeyValue);
  const missing = opening?.missing ?? 0;
  const semantic = async () => opening?.open((texts) => pool.embed(texts));
  closers.unshift(() => retriever.closeSemantic());
  if (!options.vectorsInBackground || missing <= (options.foregroundVectors ?? FOREGROUND_VECTORS)) {
    retriever.setSemantic(await semantic());
  } else {
    let closing = false;
    closers.unshift(() => Promise.resolve((closing = true)));
    options.onVectors?.("building", `${missing} product vectors of this encoder build not on this machine (${stores.sharedKeyValue ? "read from MongoDB where another node embedded them, embedded otherwise" : "embedding them"}); ranking without meaning until they are ready (npm run vectors:build does it ahead of time)`);
    void semantic().then(
      (ready) => {
        if (closing) return;
        retriever.setSemantic(ready);
        options.onVectors?.("ready", "product vectors ready: hybrid ranking on");
      },
      (e: unknown) => {
        if (!closing) options.onVectors?.("failed", `product vectors could not be built: ${(e as Error).message}`);
      },
    );
  }
  const nlu = new Understanding(pool, retriever.vocabulary, { rules: cfg.nluRules, ruleThreshold: loadRuleThreshold(cfg.nluDir) });
  // The chat model loads in the background: until it is ready (or if it fails), the corpus answers.
  const chat = openSmallTalkModel(cfg.chat);
  if (chat.mode === "full") {
    void chat.smallTalk.warmUp();
    closers.unshift(() => chat.smallTalk.close());
  }
  const parts: AgentParts = { retriever, orders, conversations, interactions, nlu, chat, models: new ModelTasks(pool, { numBeams: cfg.numBeams }) };
  const deps: AgentDeps = {
    tools: makeAgentTools(parts),
    nluRules: cfg.nluRules,
    contextModel: cfg.contextModel,
    smalltalk: new SmallTalk(SMALLTALK_CORPUS),
    smallTalkModel: chat.mode === "full" ? chat.smallTalk : null,
    requiredSlots: loadRequiredSlots(),
    vocabulary: retriever.vocabulary,
    familyOf: (t) => family.get(t),
    groupOf: (t) => group.get(t),
    largestRanges,
    oneSize: (t) => sizesByType.get(t)?.size === 1,
    sizesOf: (t) => [...(sizesByType.get(t) ?? [])].sort(bySize),
    coloursOf: coloursOfRanges(catalog.products),
  };
  return { deps, parts, closers, checkpointer: stores.checkpointer };
}
