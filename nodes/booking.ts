/**
 * Booking: the task and slots go to the retriever; the booking-response model words the answer
 * with placeholders filled from the retrieved product (so prices and stock are never invented);
 * the product payload is seed 000's {action: "load_product", data}. An in-stock product becomes
 * an offer that confirmOrder asks the shopper to confirm.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType, PendingOrder, ShownProduct } from "../graph/state.js";
import type { Relaxation } from "../retrieval/query.js";
import { summarize, type RankedProduct, type RetrievalResult } from "../retrieval/retriever.js";
import type { NormalizedSlots } from "../retrieval/slots.js";
import type { AlternativeRequest } from "../nlu/phrasings.js";
import { lastOffered } from "../graph/alternatives.js";
import { namesWord } from "../retrieval/catalog/text.js";
import { cappedOffer, withQuantity } from "../graph/offers.js";
import { CLOSING_QUESTION, MISSED_DETAIL, NOTHING_FOUND, replies, sideAnswer, UNCLEAR_REQUEST } from "../graph/replies.js";
import { readableSizes, typeNoun, typeStem } from "../graph/task.js";
import { isSearchInputError, searchRequest } from "./searchRequest.js";
import { botSays, lastUserText } from "./messages.js";
import { agreeInNumber } from "../models/runtime/placeholders.js";

const SHOWN = 5;

const STEP_SLOT: Record<Relaxation["step"], string> = {
  season: "season", usage: "usage", gender_unisex: "gender", stock: "size", size: "size", brand: "brand", color: "color", price: "price", gender: "gender",
};


/** Words that name the detail a relaxation dropped, so a reply about a miss names the right one. */
const RELAXED_WORDS: Record<Relaxation["step"], RegExp> = {
  season: /\b(season|summer|winter|fall|autumn|spring)\b/i,
  usage: /\b(usage|occasion|casual|formal|sports?|ethnic|party|smart casual|travel|home)\b/i,
  gender_unisex: /\b(men|women|boys|girls|kids|unisex|gender)\b/i,
  gender: /\b(men|women|boys|girls|kids|unisex|gender)\b/i,
  stock: /\b(stock|units?|many|quantity|left)\b/i,
  size: /\bsizes?\b/i,
  // A brand miss names the word "brand" (or the brand itself, checked below): any capitalised word once passed ("We don't have...").
  brand: /\bbrands?\b/i,
  color: /\bcolou?rs?\b|\b(black|white|blue|red|green|grey|brown|pink|navy|yellow|purple|beige|silver|gold|orange|maroon)\b/i,
  price: /\b(price|budget|cost|cheap|expensive|afford)|\$/i,
};

/**
 * Whether a reply about a miss names the detail missed where it tells the miss, before its "but"
 * (or the brand itself, for a brand miss): "That brand is unavailable, but I found a sports shoes
 * ..." names no occasion miss, though "sports" stands in the type's name (blind round 49).
 */
export function namesTheMiss(reply: string, missed: Relaxation["step"], brand: string | undefined): boolean {
  const told = reply.split(/\bbut\b/i)[0]!;
  return RELAXED_WORDS[missed].test(told) || (missed === "brand" && brand !== undefined && told.toLowerCase().includes(brand.toLowerCase()));
}

/** Words of a reply that says the request could not be met as asked. */
const MISS_WORDS = /\b(don'?t have|do not have|unavailable|sold out|out of stock|couldn'?t find|could not find|no longer|nothing matched|outside your budget|don'?t carry|have no)\b/i;

export function toShown(p: RankedProduct): ShownProduct {
  return {
    id: p.id, name: p.name, brand: p.brand, articleType: p.articleType, baseColour: p.baseColour, gender: p.gender,
    usage: p.usage, season: p.season, price: p.price, sizes: p.sizes, stock: p.stock, matchedFeatures: p.matchedFeatures,
    ...(p.rankReason ? { rankReason: p.rankReason } : {}),
  };
}

/** The response model's "Retrieved:" field for this result; `departures` are missedBy's. */
function retrievedFields(r: RetrievalResult, slots: NormalizedSlots, departures: readonly Relaxation[]): Record<string, string> {
  const top = r.products[0];
  if (!top) return { available: "NONE" };
  const available = r.summary.available === "0" ? "0" : "<AVAILABLE>";
  const fields: Record<string, string> = { available };
  if (available !== "0") fields.price = "<PRICE>";
  if (slots.size) fields.size = "<SIZE>";
  if (slots.color) fields.color = "<COLOR>";
  if (slots.brand) fields.brand = "<BRAND>";
  if (slots.features?.length) fields.features = slots.features.join("|");
  // Out of stock is its own case (the model learned it without a relaxed constraint; given both it
  // wrote "your size is sold out, but we have 0 of ...").
  // The detail the product offered departs from, not the first step let go of: a search that let the
  // size go, then the colour, and found a red pair in the size, missed the colour ("your size is sold
  // out, but we have 7 of the red ..." was the model told relaxed=size).
  const firstMissed = departures[0];
  if (firstMissed && available !== "0") fields.relaxed = STEP_SLOT[firstMissed.step];
  return fields;
}

const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

/**
 * The relaxations the product offered actually departs from: a search that let unisex watches in
 * and then offered a men's watch did not miss "for men", and the reply must not say it did.
 */
export function missedBy(relaxed: readonly Relaxation[], top: RankedProduct, slots: NormalizedSlots): Relaxation[] {
  return relaxed.filter((x) => {
    switch (x.step) {
      case "gender": case "gender_unisex": return !same(top.gender, slots.gender);
      case "brand": return !same(top.brand, slots.brand);
      case "color": return !same(top.baseColour, slots.color);
      case "usage": return !same(top.usage, slots.usage);
      case "season": return !same(top.season, slots.season);
      case "price": return (slots.price_max !== undefined && top.price > slots.price_max) || (slots.price_min !== undefined && top.price < slots.price_min);
      case "size": case "stock": return slots.size !== undefined && (top.stock[slots.size] ?? 0) < (slots.quantity ?? 1);
    }
  });
}

/** A reply from the data alone, when the model's reply cannot be filled; `departures` are missedBy's. */
function dataReply(r: RetrievalResult, slots: NormalizedSlots, departures: readonly Relaxation[]): string {
  const top = r.products[0];
  if (!top || r.summary.available === "NONE") return NOTHING_FOUND;
  const missed = departures.map((x) => MISSED_DETAIL[x.step]);
  // "out of stock in size L" says the size miss itself ("I couldn't match your size, but ... is out of stock in size L" read twice).
  if (r.summary.available === "0") return replies.outOfStock(missed.filter((m) => m !== MISSED_DETAIL.size && m !== MISSED_DETAIL.stock), top, slots.size);
  return replies.found(missed, top, "size" in r.summary ? r.summary.size : "", r.summary.available);
}

/**
 * When the shopper asks for something other than what was offered ("another colour?", "anything
 * similar?"), the first product not yet offered leads, differing from the last offer in the
 * detail they named; with none left, the result stays as retrieved.
 */
export function preferNewOffer(result: RetrievalResult, state: Pick<AgentStateType, "offered" | "products">, asked: AlternativeRequest | null): RetrievalResult {
  const alternative = state.offered.length > 0 ? asked : null;
  if (!alternative) return result;
  const last = lastOffered(state);
  const differs = (p: RankedProduct) =>
    !last || alternative.differ === null || (alternative.differ === "color" ? p.baseColour !== last.baseColour : p.brand !== last.brand);
  return leadWith(result, result.products.filter((p) => !state.offered.includes(p.id) && differs(p)));
}

/** The result with `lead` first (in order) and its summary about the new top; unchanged when `lead` is empty. */
function leadWith(result: RetrievalResult, lead: RankedProduct[]): RetrievalResult {
  if (lead.length === 0) return result;
  const products = [...lead, ...result.products.filter((p) => !lead.includes(p))];
  return { ...result, products, summary: summarize(products[0], result.slots) };
}

/**
 * An offer ends by asking to buy: a "yes" places the order. A generated reply that ends on another
 * question ("Would you like to see more details?") or none gets the buying question instead.
 */
export function asksToBuy(reply: string): string {
  const last = CLOSING_QUESTION.exec(reply);
  if (last && /\b(buy|purchase|order|proceed|take it|have it)\b/i.test(last[0])) return reply;
  return `${(last ? reply.slice(0, last.index) : reply).trimEnd()}${replies.buyIt}`;
}

const GENDER_WORDS: Record<string, RegExp> = { Men: /\b(men|men's|mens|him|his)\b/i, Women: /\b(women|women's|womens|her|ladies)\b/i, Boys: /\bboys?\b/i, Girls: /\bgirls?\b/i };

/** A reply names no gender but the product's own (a unisex product may be described for anyone). */
export function sameGenderWords(reply: string, gender: string): boolean {
  if (gender === "Unisex") return true;
  return Object.entries(GENDER_WORDS).every(([g, re]) => g === gender || !re.test(reply));
}

const forKids = (p: RankedProduct) => p.gender === "Boys" || p.gender === "Girls";

/**
 * A yes to "Shall I look for something similar?" (the last search's product was sold out): the same
 * request without the brand, a preference, or else without the colour, so that the size, a need,
 * still holds; the dropped detail is reported as relaxed, so the reply names it. Null otherwise
 * (a yes used to repeat the same sold-out answer: blind round 24).
 */
export function similarAfterSoldOut(state: Pick<AgentStateType, "summary" | "reading">, slots: NormalizedSlots): { slots: NormalizedSlots; dropped: Relaxation } | null {
  if (state.summary?.available !== "0" || state.reading?.intent.label !== "affirm") return null;
  const key = slots.brand !== undefined ? "brand" : slots.color !== undefined ? "color" : null;
  if (key === null) return null;
  const { [key]: requested, ...rest } = slots;
  return { slots: rest, dropped: { step: key, requested: String(requested) } };
}

/**
 * With no gender stated, adults' products lead ("white tshirt size m" had offered kidswear first,
 * the newest in the catalog); a shopper asking for a child says so ("for my son" = Boys).
 */
export function preferAdults(result: RetrievalResult): RetrievalResult {
  const top = result.products[0];
  if (result.slots.gender || !top || !forKids(top)) return result;
  return leadWith(result, result.products.filter((p) => !forKids(p)));
}

export function makeBooking(deps: AgentDeps) {
  return async function booking(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const similar = similarAfterSoldOut(state, state.slots);
    const slots = similar?.slots ?? state.slots;
    let result: RetrievalResult;
    try {
      result = await deps.tools.searchProducts.invoke({ ...searchRequest(state, slots), limit: 10, userId: state.userId }, config);
    } catch (e) {
      if (!isSearchInputError(e)) throw e;
      const reply = UNCLEAR_REQUEST;
      return { reply, replySource: "data" as const, step: "booking" as const, products: [], summary: null, relaxed: [], pendingOrder: null, messages: [botSays(reply)] };
    }
    if (similar) result = { ...result, relaxed: [similar.dropped, ...result.relaxed] };
    result = preferNewOffer(preferAdults(result), state, state.reading?.cues.alternative ?? (similar ? { differ: null } : null));
    const top = result.products[0];
    const summary = result.summary;
    const values = top && "price" in summary
      ? {
          "<PRICE>": summary.price, "<SIZE>": summary.size, "<AVAILABLE>": summary.available, "<BRAND>": top.brand,
          "<COLOR>": (top.baseColour ?? slots.color ?? "").toLowerCase(), "<TYPE>": typeNoun(top.articleType),
          "<FEATURE>": (top.matchedFeatures.length > 0 ? top.matchedFeatures : top.features).slice(0, 2).join(" "),
        }
      : {};
    // "Show me what you have": the list, and the shopper picks; no single offer, so no worded reply either.
    const listing = result.products.length > 1 && state.reading?.cues.list === true;
    const query = state.task ?? lastUserText(state.messages);
    // Only what the offered product departs from is a miss (unisex watches let in, a men's watch offered: no miss).
    const departures = top ? missedBy(result.relaxed, top, slots) : result.relaxed;
    const generated = listing ? null : await deps.tools.generateResponse.invoke({ query, intent: state.intent || "find_product", slots, retrieved: retrievedFields(result, slots, departures), values }, config);
    // An offer must tell the shopper the real price or stock; a reply that states neither is not used.
    // It must also be about the product found (a small model can describe some other article).
    const aboutTop = !top || generated?.toLowerCase().includes(typeStem(top.articleType)) === true;
    // And it must not claim a miss that did not happen, nor hide one that did.
    const claimsMiss = generated !== null && MISS_WORDS.test(generated);
    const missed = departures.length > 0 || summary.available === "0" || summary.available === "NONE";
    // A miss must be told about the right detail ("not in your size" when it was the gender that did not match misleads).
    const firstMiss = departures[0]?.step;
    const namesMiss = !missed || firstMiss === undefined || generated === null || namesTheMiss(generated, firstMiss, slots.brand);
    // Nor may it say who the product is for wrongly ("the watch for women" offering a men's watch).
    const genderRight = generated === null || !top || sameGenderWords(generated, top.gender);
    // Nor call the product by the colour that could not be kept ("the brown Puma casual shoes ... in red").
    const colourRight = generated === null || !departures.some((x) => x.step === "color") || (slots.color === undefined || !namesWord(generated, slots.color));
    const informative = generated !== null && aboutTop && claimsMiss === missed && namesMiss && genderRight && colourRight && (!("price" in summary) || generated.includes(summary.price) || generated.includes(summary.available));
    let reply = listing ? replies.list(result.products.slice(0, SHOWN).map(toShown)) : readableSizes(informative && top ? agreeInNumber(generated, typeNoun(top.articleType), top.name) : dataReply(result, slots, departures));
    let pendingOrder: PendingOrder | null = null;
    if (!listing && top && "size" in summary && Number(summary.available) > 0) {
      const capped = cappedOffer(top, summary.size, slots.quantity ?? 1, Number(summary.available), config);
      pendingOrder = capped.pendingOrder;
      reply = `${capped.note}${withQuantity(asksToBuy(reply), pendingOrder)}`;
    }
    reply = `${sideAnswer(state)}${reply}`;
    // What the shopper saw, and what they were offered, teach the reranker their taste.
    const shown = result.products.slice(0, SHOWN).map((p) => p.id);
    await Promise.all([
      shown.length > 0 ? deps.tools.recordInteractions.invoke({ userId: state.userId, productIds: shown, kind: "view" }, config) : null,
      pendingOrder ? deps.tools.recordInteractions.invoke({ userId: state.userId, productIds: [pendingOrder.productId], kind: "add_to_cart" }, config) : null,
    ]);
    return {
      reply,
      replySource: listing ? null : informative ? ("model" as const) : ("data" as const),
      step: "booking" as const,
      offered: top && !listing ? [...state.offered, top.id] : state.offered,
      products: result.products.slice(0, SHOWN).map(toShown),
      summary,
      relaxed: result.relaxed,
      pendingOrder,
      messages: [botSays(reply)],
    };
  };
}
