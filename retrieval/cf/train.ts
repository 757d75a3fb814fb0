/**
 * Training the reranking model from the interaction store: events become weighted shopper x
 * product pairs (a purchase says more than a view), ALS learns the factors, item-kNN the
 * co-occurrence neighbours, popularity is kept for cold-start shoppers.
 */
import type { Interaction, InteractionKind } from "../interactions.js";
import { ALS_DEFAULTS, trainAls, type AlsOptions } from "./als.js";
import { popularity, trainItemKnn } from "./baselines.js";
import { buildDataset, type FeedbackEvent } from "./dataset.js";
import { KNN_NEIGHBOURS, KNN_WEIGHT } from "./hybrid.js";
import { makeModel, type CfModel } from "./model.js";

/** Event strength per kind, summed per shopper x product before the confidence transform. */
export const EVENT_WEIGHTS: Readonly<Record<InteractionKind, number>> = { view: 1, add_to_cart: 2, purchase: 4 };

export function feedbackOf(events: readonly Interaction[]): FeedbackEvent[] {
  return events.map((e) => ({ user: e.userId, item: String(e.productId), time: Date.parse(e.at), weight: EVENT_WEIGHTS[e.kind] }));
}

export function trainModel(
  events: readonly Interaction[],
  options: Partial<AlsOptions> = {},
  onIteration?: (done: number, total: number) => void,
): CfModel {
  if (events.length === 0) throw new Error("no interactions to train on: record some (or run npm run cf:simulate) first");
  const data = buildDataset(feedbackOf(events));
  const o = { ...ALS_DEFAULTS, ...options };
  const factors = trainAls(data.matrix, o, onIteration);
  const { neighbours } = trainItemKnn(data.matrix, KNN_NEIGHBOURS);
  return makeModel({
    options: o, users: data.users, items: data.items, factors, neighbours, knnWeight: KNN_WEIGHT, popularity: popularity(data.matrix),
    trainedAt: new Date().toISOString(), events: events.length,
  });
}
