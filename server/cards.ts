/** Product cards for stored messages (a reopened conversation shows what each reply showed). */
import type { ShownProduct } from "../graph/state.js";
import { toShown } from "../nodes/booking.js";
import type { ProductStore } from "../retrieval/store.js";
import type { StoredMessage } from "../retrieval/conversations.js";

/** The most cards a reopened conversation loads (the newest replies' first). */
const MAX_CARDS = 60;

/** Each stored reply with the cards of the products it showed (today's price and stock). */
export async function withCards(store: ProductStore, history: readonly StoredMessage[]): Promise<(StoredMessage & { products?: ShownProduct[] })[]> {
  const ids = [...new Set(history.toReversed().flatMap((m) => m.productIds ?? []))].slice(0, MAX_CARDS);
  // One equality lookup per id: every executor serves `_id` equality from its index (FerretDB
  // pushes it down to PostgreSQL), which an `_id: {$in}` list is not on FerretDB.
  const found = await Promise.all(ids.map((id) => store.find({ _id: id }, { sort: { _id: 1 }, limit: 1 })));
  const byId = new Map(found.flat().map((p) => [p.id, toShown({ ...p, matchedFeatures: [] })]));
  return history.map((m) => {
    const products = (m.productIds ?? []).flatMap((id) => byId.get(id) ?? []);
    return products.length > 0 ? { ...m, products } : m;
  });
}
