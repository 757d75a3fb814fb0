/**
 * What the graph takes and gives, for callers that run it directly (the LangGraph dev server and
 * Studio, `graph/studio.ts`). Declared as zod objects so the server reads the JSON schemas at run
 * time instead of parsing the TypeScript source in a worker. The full state is `graph/state.ts`.
 */
import { z } from "zod";

const Message = z
  .object({
    role: z.string().optional().describe("user (or human) for the shopper"),
    type: z.string().optional().describe("LangChain message type: human"),
    content: z.union([z.string(), z.array(z.unknown())]).describe("What the shopper wrote (text, or content blocks)"),
  })
  .describe("One shopper message: {role: 'user', content: '...'} or {type: 'human', content: '...'}");

/** One shopper turn: the new message and who is talking (the thread id is the conversation). */
export const AgentInput = z.object({
  messages: z.array(Message).describe("The shopper's new message (one item); the thread keeps the conversation"),
  userId: z.string().describe("The shopper, e.g. studio-user (orders and recommendations are theirs)"),
  chatId: z.string().describe("The conversation, e.g. c1 (use the thread's own id or any stable name)"),
});

const Product = z.object({
  id: z.number(),
  name: z.string(),
  brand: z.string(),
  articleType: z.string(),
  baseColour: z.string().nullable(),
  price: z.number(),
  stock: z.record(z.string(), z.number()),
});

/** What a turn answers. */
export const AgentOutput = z.object({
  reply: z.string().describe("The agent's answer"),
  step: z.string().nullable().describe("The node that answered (greeting, slotFilling, booking, confirmOrder, ...)"),
  intent: z.string().describe("The shopper's intent as read this turn"),
  confidence: z.number(),
  slots: z.record(z.string(), z.unknown()).describe("Everything the agent holds for the current request"),
  excluded: z.record(z.string(), z.array(z.string())).describe("Values the shopper ruled out, by slot key"),
  dontCare: z.array(z.string()).describe("Slot keys the shopper does not mind"),
  pendingQuestion: z.string().nullable().describe("The slot the agent just asked about"),
  task: z.string().nullable().describe("The structured task sentence"),
  products: z.array(Product).describe("Products found for the request"),
  order: z.object({ orderId: z.string(), productId: z.number(), size: z.string(), quantity: z.number(), total: z.number() }).nullable().describe("The order placed this turn"),
});
