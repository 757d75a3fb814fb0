/**
 * npm run chat -- [--json] [--user ID] [--chat ID]
 * A terminal chat with the agent. Reads one shopper message per line (/quit or exit ends it); with
 * --json prints one object per reply: {"reply", "intent", "confidence", "slots", "state", "task", "products", "order"}.
 */
import { createInterface } from "node:readline";
import { config } from "../../config.js";
import { exitWithUsage, slotCommandLine } from "../../retrieval/cli/args.js";
import { Agent, TurnInputSchema } from "../agent.js";

const USAGE = `npm run chat -- [--json] [--user ID] [--chat ID]
  A terminal chat with the agent on the configured store. One message per line; /quit, exit or Ctrl-D ends it.
  --json       one JSON object per reply (reply, intent, confidence, slots, state, task, products, order)
  --user ID    the shopper (default local-user); --chat ID the conversation (default terminal)`;
const { flags, slots } = slotCommandLine(USAGE, ["json", "user", "chat"], ["user", "chat"]);
if (Object.keys(slots).length > 0) exitWithUsage(USAGE, "the chat takes no key=value arguments (type messages once it starts)");
const json = flags.has("json");
const userId = String(flags.get("user") ?? "local-user");
const chatId = String(flags.get("chat") ?? "terminal");
const ids = TurnInputSchema.pick({ userId: true, chatId: true }).safeParse({ userId, chatId });
if (!ids.success) exitWithUsage(USAGE, `--user and --chat: ${ids.error.issues.map((i) => i.message).join("; ")}`);

const agent = await Agent.open(config);
const interactive = process.stdin.isTTY;
const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
if (interactive) {
  console.log(`Chatting as ${userId} in ${chatId}. /quit (or Ctrl-D) to end.`);
  rl.setPrompt("you> ");
  rl.prompt();
}
for await (const line of rl) {
  const text = line.trim();
  if (/^(\/quit|\/exit|exit|quit)$/i.test(text)) break;
  if (text === "") {
    if (interactive) rl.prompt();
    continue;
  }
  if (text.length > 2000) {
    console.error("message too long (2000 characters at most)");
    continue;
  }
  const r = await agent.turn({ userId, chatId, text });
  if (json) {
    const { reply, intent, confidence, slots, state, task, products, order } = r;
    console.log(JSON.stringify({ reply, intent, confidence, slots, state, task, products, order }));
  } else {
    console.log(`bot> ${r.reply}`);
    for (const p of r.products) console.log(`     - ${p.name} | $${p.price.toFixed(2)} | ${Object.entries(p.stock).map(([s, q]) => `${s}:${q}`).join(" ")}`);
  }
  if (interactive) rl.prompt();
}
await agent.close();
