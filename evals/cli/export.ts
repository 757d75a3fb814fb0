/**
 * npm run eval:export -- --conversation <userId:chatId> | --user <userId> [--out <file.jsonl>]
 * Exports conversations the agent or server handled (ConversationStore: MongoDB when MONGODB_URI
 * is set, DATA_DIR otherwise) as dialogue files with draft expectations to review. Writes to
 * --out, or to stdout. Exit codes: 0 done, 2 bad input or nothing found.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { config } from "../../config.js";
import { loadCatalog } from "../../retrieval/catalog/products.js";
import type { Conversation } from "../../retrieval/conversations.js";
import { openConversationStore, openOrderStore, openProductStore } from "../../stores/open.js";
import { progressBar } from "../../retrieval/cli/progress.js";
import { draftDialogue, type CatalogFacts } from "../recording.js";
import { loadEvalVocabulary } from "../vocabulary.js";

const USAGE = "usage: npm run eval:export -- --conversation <userId:chatId> | --user <userId> [--out <file.jsonl>]";
const ID = /^[A-Za-z0-9_.@-]{1,64}$/;

class UsageError extends Error {}

function args(argv: string[]) {
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: { conversation: { type: "string" }, user: { type: "string" }, out: { type: "string" }, help: { type: "boolean", default: false } } });
    return values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** "user:chat" -> its parts; user ids cannot contain ":", so the first one separates them. */
export function parseConversationId(raw: string): { userId: string; chatId: string } {
  const at = raw.indexOf(":");
  const userId = raw.slice(0, at);
  const chatId = raw.slice(at + 1);
  if (at <= 0 || !ID.test(userId) || chatId === "" || chatId.length > 64) throw new UsageError(`--conversation takes "<userId>:<chatId>", got ${JSON.stringify(raw)}`);
  return { userId, chatId };
}

async function main(argv: string[]): Promise<number> {
  const o = args(argv);
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if ((o.conversation === undefined) === (o.user === undefined)) throw new UsageError("give exactly one of --conversation or --user");
  if (o.user !== undefined && !ID.test(o.user)) throw new UsageError(`--user takes 1-64 letters, digits, '_', '.', '@' or '-', got ${JSON.stringify(o.user)}`);

  const conversations = await openConversationStore(config);
  const productStore = await openProductStore(config);
  const orders = await openOrderStore(config, productStore);
  try {
    let wanted: Conversation[];
    if (o.conversation !== undefined) {
      const { userId, chatId } = parseConversationId(o.conversation);
      const c = await conversations.get(userId, chatId);
      if (!c) throw new UsageError(`no conversation ${o.conversation} in ${config.mongodbUri ? `MongoDB ${config.mongodbDb}` : config.dataDir}`);
      wanted = [c];
    } else {
      wanted = await conversations.list(o.user!);
      if (wanted.length === 0) throw new UsageError(`user ${o.user} has no conversations in ${config.mongodbUri ? `MongoDB ${config.mongodbDb}` : config.dataDir}`);
    }
    const catalog = loadCatalog(config.catalogPath);
    const facts = new Map<number, CatalogFacts>(catalog.products.map((p) => [p.id, { articleType: p.articleType, baseColour: p.baseColour, gender: p.gender, brand: p.brand }]));
    const vocab = loadEvalVocabulary();
    const bar = progressBar("conversations");
    const lines: string[] = [];
    for (const [i, c] of [...wanted].reverse().entries()) {
      const [messages, placed] = await Promise.all([conversations.history(c.userId, c.chatId), orders.byUser(c.userId)]);
      const { dialogue, warnings } = draftDialogue(c, messages, placed, facts, vocab);
      for (const w of warnings) console.error(`warning: ${w}`);
      if (dialogue) lines.push(JSON.stringify(dialogue));
      bar.update(i + 1, wanted.length);
    }
    bar.stop();
    const text = lines.join("\n") + (lines.length > 0 ? "\n" : "");
    if (o.out) {
      writeFileSync(o.out, text);
      console.error(`wrote ${lines.length} dialogue(s) to ${o.out}: review the draft expectations before adding them to a suite`);
    } else process.stdout.write(text);
    return lines.length > 0 ? 0 : 2;
  } finally {
    await conversations.close();
    await orders.close();
    await productStore.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof UsageError ? `${e.message}\n${USAGE}` : e);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
