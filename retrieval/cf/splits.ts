/**
 * Offline evaluation protocols on an event log. Both hold out only what a recommender could
 * have known: shoppers and items seen in training. Relevant items are those new to the shopper
 * (already-bought items are excluded from both the recommendations and the truth), the usual
 * implicit-feedback protocol.
 */
import type { FeedbackEvent } from "./dataset.js";

export interface Split {
  train: FeedbackEvent[];
  /** Shopper -> the items they should be recommended. */
  relevant: Map<string, Set<string>>;
}

const DAY = 86_400_000;

/** Training on everything before the last `testDays` days; testing on what shoppers bought then. */
export function timeSplit(events: readonly FeedbackEvent[], testDays = 30): Split & { cutoff: number } {
  let last = -Infinity;
  for (const e of events) last = Math.max(last, e.time);
  const cutoff = last - testDays * DAY;
  const train = events.filter((e) => e.time < cutoff);
  const trainItems = new Set(train.map((e) => e.item));
  const bought = new Map<string, Set<string>>();
  for (const e of train) {
    let s = bought.get(e.user);
    if (!s) bought.set(e.user, (s = new Set()));
    s.add(e.item);
  }
  const relevant = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.time < cutoff) continue;
    const had = bought.get(e.user);
    if (!had || had.has(e.item) || !trainItems.has(e.item)) continue;
    let s = relevant.get(e.user);
    if (!s) relevant.set(e.user, (s = new Set()));
    s.add(e.item);
  }
  return { train, relevant, cutoff };
}

/**
 * Leave-one-out: for every shopper with two or more distinct items, the item they first bought
 * last (ties: the greatest id) is held out with all its events; everything else trains.
 */
export function leaveOneOut(events: readonly FeedbackEvent[]): Split {
  const firstSeen = new Map<string, Map<string, number>>();
  for (const e of events) {
    let m = firstSeen.get(e.user);
    if (!m) firstSeen.set(e.user, (m = new Map<string, number>()));
    const t = m.get(e.item);
    if (t === undefined || e.time < t) m.set(e.item, e.time);
  }
  const heldOut = new Map<string, string>();
  for (const [user, items] of firstSeen) {
    if (items.size < 2) continue;
    let best: [string, number] | undefined;
    for (const [item, t] of items) if (!best || t > best[1] || (t === best[1] && item > best[0])) best = [item, t];
    heldOut.set(user, best![0]);
  }
  const train = events.filter((e) => heldOut.get(e.user) !== e.item);
  const trainItems = new Set(train.map((e) => e.item));
  const relevant = new Map<string, Set<string>>();
  for (const [user, item] of heldOut) if (trainItems.has(item)) relevant.set(user, new Set([item]));
  return { train, relevant };
}
