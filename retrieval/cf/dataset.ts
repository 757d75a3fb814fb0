/**
 * From an event log (shopper, item, time, weight) to the indexed shopper x item matrix the
 * models train on. Ids stay strings here, so the UCI log's stock codes and the catalog's
 * numeric product ids go through the same code.
 */
import { csrFromTriples, type Csr } from "./sparse.js";

export interface FeedbackEvent {
  user: string;
  item: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** Strength of the signal (a purchase counts more than a view). */
  weight: number;
}

export interface Dataset {
  users: string[];
  items: string[];
  userIndex: Map<string, number>;
  itemIndex: Map<string, number>;
  /** Shopper x item, summed weights. */
  matrix: Csr;
}

/** Indexes every user and item in `events`, in order of first appearance, and sums weights per pair. */
export function buildDataset(events: readonly FeedbackEvent[]): Dataset {
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const r = new Int32Array(events.length);
  const c = new Int32Array(events.length);
  const v = new Float32Array(events.length);
  events.forEach((e, k) => {
    let u = userIndex.get(e.user);
    if (u === undefined) userIndex.set(e.user, (u = userIndex.size));
    let i = itemIndex.get(e.item);
    if (i === undefined) itemIndex.set(e.item, (i = itemIndex.size));
    r[k] = u;
    c[k] = i;
    v[k] = e.weight;
  });
  return {
    users: [...userIndex.keys()],
    items: [...itemIndex.keys()],
    userIndex,
    itemIndex,
    matrix: csrFromTriples(userIndex.size, itemIndex.size, r, c, v),
  };
}
