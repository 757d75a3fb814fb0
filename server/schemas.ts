/**
 * Request and response schemas of the REST API: they validate what comes in (nothing reaches the
 * agent unvalidated; a message is a string, never an operator object) and generate the OpenAPI
 * document. Socket.IO and WebSocket payloads use the message schemas below too.
 */
import { z } from "zod";
import { ConversationIdSchema, IdSchema } from "./ids.js";

export const messageText = (maxChars: number) =>
  z.string().trim().min(1, "the message is empty").max(maxChars, `the message is longer than ${maxChars} characters`);

export const ChatRequestSchema = (maxChars: number) =>
  z.strictObject({
    user_id: IdSchema.optional().describe("The shopper; ignored in favour of the token's user when AUTH_SECRET is set"),
    message: messageText(maxChars).describe("What the shopper wrote"),
    // One string schema (a union of transforms documented as an empty anyOf in OpenAPI).
    conversation_id: z
      .string()
      .regex(/^(?:[A-Za-z0-9_.@-]{1,64}:)?[A-Za-z0-9_.@-]{1,64}$/, "a conversation id is '<user_id>:<chat_id>' or a chat id: 1-64 letters, digits, '_', '.', '@' or '-'")
      .transform((s): { userId: string | undefined; chatId: string } => {
        const at = s.indexOf(":");
        return at < 0 ? { userId: undefined, chatId: s } : { userId: s.slice(0, at), chatId: s.slice(at + 1) };
      })
      .optional()
      .describe("Continue this conversation ('<user_id>:<chat_id>' as returned, or a bare chat id); omit to start one"),
  });

const SlotsOut = z
  .object({
    product_type: z.string(),
    color: z.string(),
    size: z.string(),
    brand: z.string(),
    gender: z.string(),
    price_min: z.number(),
    price_max: z.number(),
    quantity: z.number(),
    usage: z.string(),
    season: z.string(),
    features: z.array(z.string()),
  })
  .partial();

export const ProductSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  brand: z.string(),
  articleType: z.string(),
  baseColour: z.string().nullable(),
  gender: z.string(),
  usage: z.string().nullable(),
  season: z.string().nullable(),
  price: z.number().describe("USD (synthesized from the product id)"),
  sizes: z.array(z.string()),
  stock: z.record(z.string(), z.number()).describe("Units in stock per size"),
  matchedFeatures: z.array(z.string()),
  rankReason: z.string().optional().describe("Why the product ranks where it does: matched words, similarity to the request, affinity"),
});

export const OrderSchema = z.object({
  orderId: z.string(),
  productId: z.number().int(),
  name: z.string(),
  size: z.string(),
  quantity: z.number().int(),
  total: z.number(),
  status: z.literal("placed"),
  createdAt: z.string(),
});

export const ChatReplySchema = z.object({
  reply: z.string(),
  conversation_id: z.string(),
  intent: z.string(),
  confidence: z.number(),
  entities: z.record(z.string(), z.unknown()).describe("What the models found in this message alone"),
  slots: SlotsOut.describe("Everything the agent holds for the current request"),
  excluded: z.record(z.string(), z.array(z.string())).describe("Slot key -> values the shopper ruled out"),
  dont_care: z.array(z.string()).describe("Slot keys the shopper does not mind"),
  state: z.string().nullable().describe("The graph node that answered"),
  task: z.string().nullable().describe("The structured task sentence, once made"),
  task_source: z.enum(["model", "slots"]).nullable().describe("Whether the task is the context translator's sentence unchanged, or written from the slots"),
  reply_source: z.enum(["model", "data"]).nullable().describe("On a booking turn: whether the response model worded the offer, or the retrieved data alone; on a small-talk turn: whether the chat model wrote the answer (full mode) or the corpus did"),
  products: z.array(ProductSchema),
  order: OrderSchema.nullable(),
  awaiting_confirmation: z.boolean().describe("True while the agent waits for yes or no to an offer"),
  offered_product_id: z.number().int().nullable().describe("The product of that offer (one of `products`); null when nothing is offered"),
});

export const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const MessageSchema = z.object({
  message_id: z.string(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  /** A reply a member of staff wrote while the conversation was handed over. */
  staff: z.boolean().optional(),
  intent: z.string().optional(),
  confidence: z.number().optional(),
  entities: z.record(z.string(), z.unknown()).optional(),
  product_ids: z.array(z.number()).optional(),
  created_at: z.string(),
});

export const ConversationSchema = z.object({
  conversation_id: z.string(),
  user_id: z.string(),
  chat_id: z.string(),
  title: z.string(),
  active: z.boolean(),
  message_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const UserParams = z.strictObject({ user_id: IdSchema });
export const ConversationParams = z.strictObject({ id: ConversationIdSchema });

/** Socket.IO and WebSocket payloads. */
export const JoinPayload = z.strictObject({ chatId: IdSchema });
export const MessagePayload = (maxChars: number) => z.strictObject({ chatId: IdSchema, text: messageText(maxChars) });
export const ConfirmPayload = z.strictObject({ chatId: IdSchema });
export const HandshakeAuth = z.object({ token: z.string().max(4096).optional(), userId: z.unknown().optional() });
