/** Orders as named LangChain tools: placing one (atomic stock reservation, once per offer) and looking them up. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { OrderStore } from "../retrieval/orders.js";
import { MAX_QUANTITY } from "../retrieval/slots.js";

const id = z.string().trim().min(1).max(200);

export function makeOrderTools(orders: OrderStore) {
  return {
    placeOrder: tool((req) => orders.place(req), {
      name: "place_order",
      description: "Places the order for an offer, reserving stock atomically; a repeated offer id returns the first order.",
      schema: z.object({
        offerId: id,
        userId: id,
        chatId: id,
        productId: z.number().int().nonnegative(),
        name: z.string().max(300),
        size: z.string().min(1).max(20),
        quantity: z.number().int().min(1).max(MAX_QUANTITY),
        unitPrice: z.number().nonnegative(),
      }),
    }),
    findOrders: tool(async ({ userId, orderId }) => {
      if (orderId) {
        const order = await orders.get(orderId.toUpperCase());
        // Shoppers only ever see their own orders.
        return order && order.userId === userId ? [order] : [];
      }
      return orders.byUser(userId);
    }, {
      name: "find_orders",
      description: "A shopper's orders, newest first, or the one with the given order id if it is theirs.",
      schema: z.object({ userId: id, orderId: z.string().trim().regex(/^ORD-[0-9A-F]{8}$/i).optional() }),
    }),
  };
}

export type OrderTools = ReturnType<typeof makeOrderTools>;
