/**
 * Assembles the running agent from the configuration: retriever, orders, models (worker pool),
 * small talk, required-slot data and a checkpointer (MongoDB when MONGODB_URI is set, files under
 * DATA_DIR otherwise), and runs one shopper turn at a time.
 */
import path from "node:path";
import { HumanMessage } from "@langchain/core/messages";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { Command } from "@langchain/langgraph";
import { MongoDBSaver } from "@langchain/langgraph-checkpoint-mongodb";
import { MongoClient } from "mongodb";
import { ROOT_DIR, type Config } from "../config.js";
import { ModelPool } from "../models/runtime/pool.js";
import { ModelTasks } from "../models/runtime/tasks.js";
import { loadCatalog } from "../retrieval/catalog/products.js";
import { openRetriever } from "../retrieval/open.js";
import { EmbeddedOrderStore, MongoOrderStore, type OrderStore } from "../retrieval/orders.js";
import { SmallTalk } from "../retrieval/smalltalk.js";
import { buildAgentGraph } from "./builder.js";
import { loadRequiredSlots, type AgentDeps } from "./deps.js";
import { FileCheckpointSaver } from "./fileCheckpointer.js";
import type { AgentStateType, PlacedOrder, ShownProduct } from "./state.js";

export interface TurnInput {
  userId: string;
  chatId: string;
  text: string;
}

/** One reply, in the shape `npm run chat -- --json` prints. */
export interface TurnResult {
  reply: string;
  intent: string;
  confidence: number;
  slots: AgentStateType["slots"];
  state: string | null;
  task: string | null;
  products: ShownProduct[];
  order: PlacedOrder | null;
  /** True while the agent waits for a yes/no to an offer. */
  awaitingConfirmation: boolean;
}

export const threadIdOf = (userId: string, chatId: string) => `${userId}:${chatId}`;

export type AgentGraph = ReturnType<ReturnType<typeof buildAgentGraph>["compile"]>;

/** The nodes' dependencies from the configuration, with the functions that release them. */
export async function openDeps(cfg: Config): Promise<{ deps: AgentDeps; closers: (() => Promise<unknown>)[] }> {
  const closers: (() => Promise<unknown>)[] = [];
  const retriever = await openRetriever(cfg);
  closers.push(() => retriever.store.close());
  const catalog = loadCatalog(cfg.catalogPath);
  const family = new Map(catalog.products.map((p) => [p.articleType, p.masterCategory]));
  const orders: OrderStore = cfg.mongodbUri
    ? await MongoOrderStore.open(cfg.mongodbUri, cfg.mongodbDb, retriever.store)
    : new EmbeddedOrderStore(cfg.dataDir, retriever.store);
  closers.push(() => orders.close());
  const pool = await ModelPool.start({ dir: cfg.modelDir, variant: cfg.modelVariant, session: { intraOpThreads: cfg.modelThreads }, workers: cfg.modelWorkers });
  closers.unshift(() => pool.close());
  const deps: AgentDeps = {
    models: new ModelTasks(pool, retriever.vocabulary, { numBeams: cfg.numBeams }),
    retriever,
    orders,
    smalltalk: new SmallTalk(path.join(ROOT_DIR, "data", "smalltalk", "qna_chitchat_the_professional.tsv")),
    requiredSlots: loadRequiredSlots(),
    familyOf: (t) => family.get(t),
  };
  return { deps, closers };
}

export class Agent {
  private constructor(
    readonly graph: AgentGraph,
    readonly deps: AgentDeps,
    private readonly closers: (() => Promise<unknown>)[],
  ) {}

  static async open(cfg: Config): Promise<Agent> {
    const { deps, closers } = await openDeps(cfg);
    let checkpointer: BaseCheckpointSaver;
    if (cfg.mongodbUri) {
      const client = new MongoClient(cfg.mongodbUri, { serverSelectionTimeoutMS: 5000 });
      await client.connect();
      closers.push(() => client.close());
      checkpointer = new MongoDBSaver({ client, dbName: cfg.mongodbDb });
    } else {
      checkpointer = new FileCheckpointSaver(cfg.dataDir);
    }
    return new Agent(buildAgentGraph(deps).compile({ checkpointer }), deps, closers);
  }

  /** Runs one shopper turn; a turn that answers a pending confirmation resumes the interrupted graph. */
  async turn(input: TurnInput): Promise<TurnResult> {
    const config = { configurable: { thread_id: threadIdOf(input.userId, input.chatId) } };
    const current = await this.graph.getState(config);
    const waiting = current.tasks.some((t) => t.interrupts.length > 0);
    const values = waiting
      ? await this.graph.invoke(new Command({ resume: input.text }), config)
      : await this.graph.invoke({ messages: [new HumanMessage(input.text)], userId: input.userId, chatId: input.chatId }, config);
    const after = await this.graph.getState(config);
    return {
      reply: values.reply,
      intent: values.intent,
      confidence: values.confidence,
      slots: values.slots,
      state: values.step,
      task: values.task,
      products: values.step === "booking" ? values.products : [],
      order: values.step === "confirmOrder" ? values.order : null,
      awaitingConfirmation: after.tasks.some((t) => t.interrupts.length > 0),
    };
  }

  async close(): Promise<void> {
    for (const close of this.closers) await close();
  }
}
