/** Routing is a pure function of the state; no models or stores here. */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { decideIntent, intentCue } from "../nlu/cues.js";
import { kindForNextPerson, mergeSlots, standingBudget, typeRuledOut, withoutSizeForOneSize } from "../nodes/understand.js";
import { asksIfSold, asksToReset, confirmationAnswer, pickWords, readCues } from "../nlu/phrasings.js";
import { followUpTarget, MAX_ASKS, missingSlots, nextQuestion, routeAfterBooking, routeAfterSlotFilling, routeTurn, type TurnFacts } from "../graph/routing.js";
import type { ShownProduct } from "../graph/state.js";
import type { TurnReading } from "../nlu/reading.js";

const facts = (f: Partial<TurnFacts>): TurnFacts => ({
  intent: "find_product", confidence: 0.95, turnHasSlots: false, pendingQuestion: null, hasSlots: false, wantsReset: false, ...f,
});

describe("asksToReset", () => {
  it("hears a fresh start, but not a request to see something else", () => {
    assert.ok(asksToReset("no wait, something else"));
    assert.ok(asksToReset("never mind, start over"));
    assert.ok(!asksToReset("hmm can you show me something else"));
    assert.ok(!asksToReset("got something else in blue?"));
    assert.ok(!asksToReset("not that brand, something else"), "another brand (blind round 64)");
  });
});

describe("routeTurn", () => {
  it("sends greetings to greeting, unless the hello also asks for something", () => {
    assert.equal(routeTurn(facts({ intent: "greeting" })), "greeting");
    assert.equal(routeTurn(facts({ intent: "greeting", turnHasSlots: true })), "slotFilling");
  });
  it("sends shopping intents to slot filling", () => {
    for (const intent of ["find_product", "buy_product", "find_similar_products", "get_trending_products", "inform"]) {
      assert.equal(routeTurn(facts({ intent })), "slotFilling", intent);
    }
  });
  it("sends support intents to order support, even mid-search", () => {
    for (const intent of ["track_order", "return_product", "complaint", "support"]) {
      assert.equal(routeTurn(facts({ intent, pendingQuestion: "size", hasSlots: true })), "orderSupport", intent);
    }
  });
  it("keeps an answer to a pending question in the flow even if it reads like small talk", () => {
    assert.equal(routeTurn(facts({ intent: "chit_chat", turnHasSlots: true, pendingQuestion: "color" })), "slotFilling");
    assert.equal(routeTurn(facts({ intent: "chit_chat", turnHasSlots: false, pendingQuestion: "color" })), "chitChat");
  });
  it("treats a low-confidence turn that carries product details as shopping", () => {
    assert.equal(routeTurn(facts({ intent: "chit_chat", confidence: 0.3, turnHasSlots: true })), "slotFilling");
  });
  it("treats naming a product as shopping even when the classifier heard small talk", () => {
    assert.equal(routeTurn(facts({ intent: "chit_chat", confidence: 0.8, turnHasSlots: true, turnHasProductType: true })), "slotFilling");
    // "do you sell laptops?" read as small talk by the encoder: slot filling says the catalog lacks them.
    assert.equal(routeTurn(facts({ intent: "chit_chat", confidence: 0.98, asksIfSold: true })), "slotFilling");
    assert.equal(routeTurn(facts({ intent: "chit_chat", confidence: 0.98 })), "chitChat");
    // "I'm an XS": a detail with nothing asked yet starts a search (slot filling asks what for).
    assert.equal(routeTurn(facts({ intent: "chit_chat", confidence: 0.97, turnHasSlots: true })), "slotFilling");
    assert.equal(routeTurn(facts({ intent: "support", confidence: 0.99, asksForPerson: true })), "handoff");
    assert.equal(routeTurn(facts({ intent: "chit_chat", confidence: 0.99, asksForPerson: true })), "chitChat", "'are you a real person?' is small talk");
    assert.equal(routeTurn(facts({ intent: "affirm", confidence: 0.99, humanOffered: true })), "handoff");
  });
  it("lets yes/no answer a slot question, and otherwise small-talk", () => {
    assert.equal(routeTurn(facts({ intent: "deny", pendingQuestion: "brand" })), "slotFilling");
    assert.equal(routeTurn(facts({ intent: "affirm", hasSlots: true })), "slotFilling");
    assert.equal(routeTurn(facts({ intent: "deny" })), "chitChat");
  });
  it("keeps a search going when only an unsure classifier says support or goodbye", () => {
    const unsure = { confidence: 0.26, hasSlots: true, pendingQuestion: "color" as const };
    assert.equal(routeTurn(facts({ intent: "complaint", ...unsure })), "slotFilling", "'how much is it?' read as a complaint");
    assert.equal(routeTurn(facts({ intent: "goodbye", ...unsure })), "slotFilling");
    assert.equal(routeTurn(facts({ intent: "complaint", ...unsure, intentFromCue: true })), "orderSupport", "a clear complaint still goes to support");
    assert.equal(routeTurn(facts({ intent: "track_order", confidence: 0.26 })), "orderSupport", "no search under way: the guess stands");
    assert.equal(routeTurn(facts({ intent: "chit_chat", ...unsure })), "slotFilling");
    assert.equal(routeTurn(facts({ intent: "chit_chat", ...unsure, intentFromCue: true })), "chitChat", "'are you a bot?' mid-search is small talk");
    const grumble = { confidence: 0.9, hasSlots: true, turnHasSlots: true, turnOnlyBudget: true };
    assert.equal(routeTurn(facts({ intent: "complaint", ...grumble })), "slotFilling", "'ugh fine, 150 max then' sets a budget (blind round 43)");
    assert.equal(routeTurn(facts({ intent: "complaint", ...grumble, hasSlots: false })), "orderSupport", "no search under way");
    assert.equal(routeTurn(facts({ intent: "complaint", ...grumble, turnOnlyBudget: false })), "orderSupport", "a sure complaint naming a product is about an order");
  });
  it("routes goodbye and start-over requests", () => {
    assert.equal(routeTurn(facts({ intent: "goodbye" })), "goodbye");
    assert.equal(routeTurn(facts({ intent: "deny", wantsReset: true })), "reset");
  });
});

describe("routes after slot filling and booking", () => {
  it("asks while a question is pending, otherwise translates the context", () => {
    assert.equal(routeAfterSlotFilling({ pendingQuestion: "size", picked: null }), "__end__");
    assert.equal(routeAfterSlotFilling({ pendingQuestion: null, picked: null }), "contextTranslation");
    // A product picked before its size was given is offered once the size is: no search, no model.
    assert.equal(routeAfterSlotFilling({ pendingQuestion: null, picked: 42 }), "offerFollowUp");
    assert.equal(routeAfterSlotFilling({ pendingQuestion: "size", picked: 42 }), "__end__");
  });
  it("confirms only when there is an offer", () => {
    assert.equal(routeAfterBooking({ pendingOrder: null }), "__end__");
    assert.equal(routeAfterBooking({ pendingOrder: { offerId: "o", productId: 1, name: "x", size: "M", quantity: 1, unitPrice: 9.99 } }), "confirmOrder");
  });
});

describe("missing slots", () => {
  it("follows the data's order and skips filled or don't-care slots", () => {
    assert.deepEqual(missingSlots(["product_type", "size", "color"], { product_type: "Jackets", color: "Blue" }, []), ["size"]);
    assert.deepEqual(missingSlots(["product_type", "brand", "color"], { product_type: "Belts" }, ["brand"]), ["color"]);
    assert.deepEqual(missingSlots(["product_type", "size"], { product_type: "Shirts", size: "M" }, []), []);
  });
});

describe("confirmation answers and reset words", () => {
  it("reads yes, no and something else", () => {
    assert.equal(confirmationAnswer("affirm", "sure"), "yes");
    assert.equal(confirmationAnswer("chit_chat", "yes please", 0.5), "yes", "an unsure reading: the words decide");
    assert.equal(confirmationAnswer("inform", "great, I'll take 2", 0.2), "yes");
    assert.equal(confirmationAnswer("inform", "nope", 0.5), "no");
    assert.equal(confirmationAnswer("affirm", "great thanks, I'll think about it", 0.98), "no", "a decline outweighs a polite first word and a sure reading");
    // A decision put off is a no whatever else is said (blind round 60 ordered on two of these).
    assert.equal(confirmationAnswer("affirm", "ok fine, we will confirm tomorrow after principal sir approves", 0.99), "no");
    assert.equal(confirmationAnswer("support", "Alright, we will hold off for now, I need approval from accounts first.", 0.9), "no");
    assert.equal(confirmationAnswer("inform", "actually don't order, I'll surprise her some other way", 1), "no");
    assert.equal(confirmationAnswer("affirm", "yes book it, I'll come back later for shoes", 0.99), "yes");
    assert.equal(confirmationAnswer("chit_chat", "eh, boring. nah", 0.79), "no", "a no closing the message");
    assert.equal(confirmationAnswer("inform", "actually no, he already has like 3 wallets. skip it", 0.99), "no");
    assert.equal(confirmationAnswer("affirm", "lol ok whats the cheapest u have then", 0.95), "other", "a question without its apostrophe or mark is no yes (blind round 43 ordered)");
    for (const no of ["ok I'll think it over, thanks", "ok let me think", "fine, maybe later", "cool, I'll get back to you"]) {
      assert.equal(confirmationAnswer("affirm", no, 0.99), "no", `${no} (blind round 29 placed an order on the first)`);
    }
    assert.equal(confirmationAnswer("affirm", "ok, i'll pass", 0.6), "no");
    assert.equal(confirmationAnswer("deny", "not today"), "no");
    assert.equal(confirmationAnswer("find_product", "show me red shoes instead"), "other");
    assert.equal(confirmationAnswer("affirm", "no thanks", 0.3), "no");
    assert.equal(confirmationAnswer("affirm", "hmm, let me think", 0.3), "no", "not now is not a yes");
    for (const yes of ["alright, ring it up", "yess", "cool, that'll do. go ahead", "sold!", "yeah go for it"]) assert.equal(confirmationAnswer("inform", yes, 0.2), "yes", yes);
    for (const no of ["bit much for me, I'll pass", "I'll think about it, thanks", "just looking"]) assert.equal(confirmationAnswer("inform", no, 0.2), "no", no);
    for (const yes of ["👍 yes", "👍", "...yes!"]) assert.equal(confirmationAnswer("inform", yes, 0.2), "yes", yes);
    assert.equal(confirmationAnswer("affirm", "ok show me what you have", 0.9), "other", "not a purchase");
    assert.equal(confirmationAnswer("affirm", "yes, but do you have it cheaper?", 0.9), "other");
    assert.equal(confirmationAnswer("deny", "no, in blue please", 0.9, true), "other", "a no with details is a new request");
    assert.equal(confirmationAnswer("affirm", "yes, size M", 0.9, true), "other");
    assert.equal(confirmationAnswer("affirm", "yes please!", 0.9), "yes");
    assert.equal(confirmationAnswer("affirm", "anything else?", 0.9), "other");
    assert.equal(confirmationAnswer("affirm", "the second one", 0.9), "other", "a pick from the list is not a yes to the first");
    assert.equal(confirmationAnswer("affirm", "ok the 2nd, buy it", 0.99), "other", "blind round 7: this ordered the product on offer");
    assert.equal(confirmationAnswer("affirm", "yes, first time buying here", 0.99), "yes");
    // Hindi yeses (blind rounds 8-10): "accha", "chalo", "le leta hu" say yes; a greeting is no answer, so words that only say yes stay one.
    for (const yes of ["accha hai, le lo", "chalo le leta hu", "achha theek hai"]) assert.equal(confirmationAnswer("inform", yes, 0.5), "yes", yes);
    assert.equal(confirmationAnswer("greeting", "haan theek hai", 0.97), "yes", "read as a greeting by a sure encoder (blind round 8)");
    assert.equal(confirmationAnswer("chit_chat", "ok thanks", 0.95), "other", "small talk may be a polite no: never an order");
    // Older shoppers' yeses (blind round 66): thanks or praise first, a name or a closing last; a sure buying reading.
    for (const [intent, text, p] of [
      ["buy_product", "Thank you, I'll take the cufflinks please. Go ahead with the order.", 1],
      ["buy_product", "That's grand. Go ahead and order it, please. Regards, Frank Delaney", 0.53],
      ["affirm", "Yes, that sounds like the one. Go ahead please. Dorothy", 1],
      ["buy_product", "ok ordering the grey ones", 0.8],
      ["affirm", "haan done, le lo", 0.8],
    ] as const) assert.equal(confirmationAnswer(intent, text, p), "yes", text);
    assert.equal(confirmationAnswer("affirm", "thanks dear, I'll think about it", 0.95), "no");
    assert.notEqual(confirmationAnswer("buy_product", "ok buy it later maybe", 0.8), "yes", "a decision put off");
    assert.equal(confirmationAnswer("buy_product", "ok I'll buy it later", 0.8), "no", "a decision put off");
    // Blind rounds 67-68: "that too", "deal, ordering that one" say yes; coming back later to decide is no.
    assert.equal(confirmationAnswer("inform", "that too", 0.5), "yes");
    // Review: a capitalized word after a full stop is no name to skip, a buying reading needs buying words,
    // and a no after thanks is a no.
    for (const text of ["Ok. Not Sure", "Yes. Abort", "Ok, Stop", "Haan. Baad Mein", "yes, Cancel", "done?", "buying it?", "ok and?"]) {
      assert.notEqual(confirmationAnswer("buy_product", text, 0.7), "yes", text);
    }
    assert.notEqual(confirmationAnswer("buy_product", "I want to buy it from amazon", 0.97), "yes");
    assert.notEqual(confirmationAnswer("buy_product", "ok I want to buy it from amazon", 0.7), "yes");
    assert.equal(confirmationAnswer("buy_product", "thanks, not yet", 0.7), "no");
    assert.notEqual(confirmationAnswer("affirm", "yes order it, I need to get it tomorrow", 0.95), "no", "getting it tomorrow is no put-off");
    assert.equal(confirmationAnswer("affirm", "deal, ordering that one", 0.8), "yes");
    assert.equal(confirmationAnswer("complaint", "ugh lunch is over already. I'll come back tonight and decide", 0.96), "no");
    // Blind round 48 (Indian shoppers): "this one", "great" and "place the order" in Hinglish follow a yes; "nahi"/"rehne do" say no.
    for (const yes of ["ji haan, yehi wala order kar dijiye", "haan ye theek hai, order karo", "ok le lunga, order place karo", "haan ye mast hai, order kar do"]) {
      assert.equal(confirmationAnswer("track_order", yes, 0.6), "yes", yes);
    }
    assert.equal(confirmationAnswer("find_similar_products", "haan chalega", 0.97), "yes", "yes words alone, whatever a sure encoder reads but a no");
    assert.equal(confirmationAnswer("deny", "haan chalega", 0.97), "no");
    assert.equal(confirmationAnswer("track_order", "nahi, design pasand nahi aaya. chhodo", 0.97), "no", "a no that a decline follows");
    for (const no of ["thoda zyada hai, rehne do", "nahi", "abhi nahi"]) assert.equal(confirmationAnswer("find_similar_products", no, 0.6), "no", no);
    assert.equal(confirmationAnswer("affirm", "haan, blue wala dikhao", 0.9), "other", "a yes that asks for more is a new request");
    assert.equal(confirmationAnswer("greeting", "hi", 0.99), "other");
    // An unsure yes that says more than yes is asked again (blind round 30: "hmm ok leave it, thanks" placed an order).
    for (const unclear of ["hmm ok leave it, thanks", "ok leave it", "fine, whatever"]) assert.equal(confirmationAnswer("affirm", unclear, 0.6), "unclear", unclear);
    assert.equal(confirmationAnswer("affirm", "leave it thanks", 0.8), "unclear", "no yes word and an unsure affirm");
    assert.equal(confirmationAnswer("affirm", "leave it thanks", 0.95), "yes", "a sure reading decides");
    for (const yes of ["ok thanks", "yes please, 2 pairs", "fine, that one works. order it", "sure, go ahead then", "haan le lo", "ok thats nice. order", "theek hai, order karo"]) {
      assert.equal(confirmationAnswer("affirm", yes, 0.6), "yes", yes);
    }
    assert.equal(confirmationAnswer("affirm", "ok thanks, bye", 0.6), "unclear", "a goodbye is no yes");
    assert.equal(confirmationAnswer("affirm", "that's cute, yes", 0.7), "yes", "praise and a yes, read by an unsure model (blind round 31)");
    for (const yes of ["yeah why not", "yes please?"]) assert.equal(confirmationAnswer("affirm", yes, 0.99), "yes", `${yes}: a question word that only says yes again`);
    // Too dear: a cheaper one is asked for, unless the message says no (blind round 30; the public suite's "nah, too pricey").
    assert.equal(confirmationAnswer("deny", "thats too expensive tbh", 0.99), "other");
    for (const no of ["nah, too pricey", "too expensive for me, no thanks", "no thx too pricey"]) assert.equal(confirmationAnswer("deny", no, 0.99), "no", no);
    // A confident reading outranks the first word (blind round 6: "ok talk later" placed an order).
    assert.equal(confirmationAnswer("goodbye", "ok talk later", 0.998), "other");
    assert.equal(confirmationAnswer("deny", "ok i'll think about it", 0.99), "no");
    assert.equal(confirmationAnswer("affirm", "ok", 0.99), "yes");
    assert.equal(confirmationAnswer("greeting", "haan", 0.5), "yes", "Hindi yes, read by an unsure model");
    // Blind round 21: "theek hai" (Hindi "ok") read as an affirm at 0.59 under one offer, 0.87 under another.
    assert.equal(confirmationAnswer("affirm", "theek hai, order kar do", 0.59), "yes");
  });
  it("spots a question whether the shop sells something", () => {
    assert.ok(asksIfSold("do you sell laptops?"));
    assert.ok(!asksIfSold("do you have a name?"));
    assert.ok(!asksIfSold("i sell shoes for a living"));
  });
  it("spots a request to start over", () => {
    assert.ok(asksToReset("never mind, let's start over"));
    assert.ok(!asksToReset("I need a blue shirt"));
  });
});

describe("intent cues", () => {
  it("signal unambiguous phrasings and nothing else", () => {
    assert.equal(intentCue("where's my order??"), "track_order");
    assert.equal(intentCue("my parcel hasn't arrived yet"), "track_order");
    assert.equal(intentCue("I want a refund for these jeans"), "return_product");
    assert.equal(intentCue("can I talk to a human"), "support");
    assert.equal(intentCue("bye!"), "goodbye");
    assert.equal(intentCue("hello there"), "greeting");
    assert.equal(intentCue("hello?"), "greeting");
    assert.equal(intentCue("ORD-12345678"), "track_order");
    assert.equal(intentCue("I want to return ORD-12345678"), "return_product");
    assert.equal(intentCue("can I speak to someone?"), "support");
    assert.equal(intentCue("i want to send back the shoes i got, they dont fit"), "return_product");
    assert.equal(intentCue("thanks a lot, thats all"), "goodbye");
    assert.equal(intentCue("ok bye thanks"), "goodbye");
    assert.equal(intentCue("hiii"), "greeting");
    assert.equal(intentCue("what's trending for summer?"), "get_trending_products");
    assert.equal(intentCue("yes please"), "affirm");
    assert.equal(intentCue("nah"), "deny");
    assert.equal(intentCue("I want to buy a blue jacket."), null);
    assert.equal(intentCue("hello, I need black shoes"), null);
  });
  it("decide when they apply, and leave the rest to the classifier", () => {
    assert.deepEqual(decideIntent({ label: "chit_chat", confidence: 0.95 }, "where is my order"), { label: "track_order", confidence: 0.95, source: "cue" });
    assert.deepEqual(decideIntent({ label: "chit_chat", confidence: 0.7 }, "tell me a joke"), { label: "chit_chat", confidence: 0.7, source: "model" });
    const ctx = { namesProduct: true, hasDetails: true, pendingQuestion: false };
    assert.equal(decideIntent({ label: "chit_chat", confidence: 0.5 }, "I need black shoes", ctx).label, "find_product");
    assert.equal(decideIntent({ label: "find_product", confidence: 0.5 }, "please add the black shoes to my cart", ctx).label, "buy_product");
    assert.equal(decideIntent({ label: "chit_chat", confidence: 0.5 }, "medium", { namesProduct: false, hasDetails: true, pendingQuestion: true }).label, "inform");
  });
  it("never overrule an encoder at or above the threshold", () => {
    assert.deepEqual(decideIntent({ label: "find_product", confidence: 0.97 }, "i need a rain jacket for wet weather", undefined, 0.9), { label: "find_product", confidence: 0.97, source: "model" });
    assert.equal(decideIntent({ label: "chit_chat", confidence: 0.4 }, "where is my order", undefined, 0.9).label, "track_order");
  });
});

describe("nextQuestion", () => {
  it("asks the first missing detail, and drops one asked twice without an answer", () => {
    assert.deepEqual(nextQuestion(["size", "color"], {}), { ask: "size", skip: [] });
    assert.deepEqual(nextQuestion(["size", "color"], { size: 1 }), { ask: "size", skip: [] });
    assert.deepEqual(nextQuestion(["color", "brand"], { color: MAX_ASKS }), { ask: "brand", skip: ["color"] });
    assert.deepEqual(nextQuestion(["color", "brand"], { color: MAX_ASKS, brand: MAX_ASKS }), { ask: null, skip: ["color", "brand"] });
  });
  it("never drops the product type or the size: nothing to search, or to order, without them", () => {
    assert.deepEqual(nextQuestion(["product_type"], { product_type: 5 }), { ask: "product_type", skip: [] });
    assert.deepEqual(nextQuestion(["size", "color"], { size: 5, color: MAX_ASKS }), { ask: "size", skip: ["color"] });
  });
});

describe("withoutSizeForOneSize", () => {
  const oneSize = (t: string) => t === "Socks";
  it("drops a size said for a product that comes in one size, and keeps it otherwise", () => {
    assert.deepEqual(withoutSizeForOneSize({ product_type: "Socks", size: "5", color: "Black" }, oneSize), { product_type: "Socks", color: "Black" });
    assert.deepEqual(withoutSizeForOneSize({ product_type: "Sports Shoes", size: "9" }, oneSize), { product_type: "Sports Shoes", size: "9" });
    assert.deepEqual(withoutSizeForOneSize({ size: "M" }, oneSize), { size: "M" });
  });
});

describe("mergeSlots", () => {
  const shoes = new Set(["Casual Shoes", "Sports Shoes"]);
  const sameKind = (a: string, b: string) => shoes.has(a) && shoes.has(b);
  it("refines a search when the new type is of the same kind", () => {
    assert.deepEqual(
      mergeSlots({ product_type: "Casual Shoes", brand: "Reebok", gender: "Men" }, { product_type: "Sports Shoes", size: "11", color: "Black" }, sameKind),
      { product_type: "Sports Shoes", brand: "Reebok", gender: "Men", size: "11", color: "Black" },
    );
  });
  it("lets a new bound that crosses the old band replace it (blind round 58: 'under 25 bucks' after 'around 40')", () => {
    assert.deepEqual(mergeSlots({ product_type: "Dresses", price_min: 32, price_max: 48 }, { price_max: 25 }, sameKind), { product_type: "Dresses", price_max: 25 });
    assert.deepEqual(mergeSlots({ product_type: "Dresses", price_max: 25 }, { price_min: 40 }, sameKind), { product_type: "Dresses", price_min: 40 });
    assert.deepEqual(mergeSlots({ product_type: "Dresses", price_min: 20, price_max: 48 }, { price_max: 30 }, sameKind), { product_type: "Dresses", price_min: 20, price_max: 30 }, "a band that still holds stays");
  });
  it("starts over, keeping only who it is for, when the type changes kind", () => {
    assert.deepEqual(mergeSlots({ product_type: "Casual Shoes", brand: "Reebok", gender: "Men", size: "9" }, { product_type: "Watches" }, sameKind), { gender: "Men", product_type: "Watches" });
  });
  it("keeps the size across a change to a type sized the same way (blind round 7: sandals after shoes in 9)", () => {
    const footwear = (a: string, b: string) => [a, b].every((t) => ["Casual Shoes", "Sandals"].includes(t));
    assert.deepEqual(mergeSlots({ product_type: "Casual Shoes", gender: "Men", size: "9", color: "Brown" }, { product_type: "Sandals" }, sameKind, footwear), { gender: "Men", size: "9", product_type: "Sandals" });
    assert.deepEqual(mergeSlots({ product_type: "Casual Shoes", size: "9" }, { product_type: "Watches" }, sameKind, footwear), { product_type: "Watches" });
    // Blind round 54: "not shoes, sandals" puts the type right; the colour and who they are for stand, the features go.
    assert.deepEqual(
      mergeSlots({ product_type: "Casual Shoes", gender: "Men", size: "9", color: "Brown", features: ["lace up"] }, { product_type: "Sandals" }, sameKind, footwear, true),
      { gender: "Men", color: "Brown", size: "9", product_type: "Sandals" },
    );
    assert.deepEqual(mergeSlots({ product_type: "Casual Shoes", size: "9", color: "Brown" }, { product_type: "Watches" }, sameKind, footwear, true), { color: "Brown", product_type: "Watches" }, "a size only where the new type is sized the same way");
    const lookup = new Map([["shoes", "Casual Shoes"], ["shirt", "Shirts"], ["sports shoes", "Sports Shoes"]]);
    assert.equal(typeRuledOut("not shoes, sandals", "Casual Shoes", lookup, sameKind), true);
    assert.equal(typeRuledOut("no, a tshirt not a shirt", "Shirts", lookup, sameKind), true);
    assert.equal(typeRuledOut("not shoes, sandals", "Sports Shoes", lookup, sameKind), true, "a type of the same kind");
    assert.equal(typeRuledOut("sandals, not too pricey", "Casual Shoes", lookup, sameKind), false);
  });
  it("keeps a budget said to hold for everything, and only that (blind round 72)", () => {
    const search = { product_type: "Belts", price_max: 40 };
    // "my budget is $50 for everything today": the turn's own budget stands.
    assert.deepEqual(standingBudget({}, { price_max: 50 }, search, true, false), { price_max: 50 });
    // "and a cap, same budget": the search's budget stands.
    assert.deepEqual(standingBudget({}, { product_type: "Caps" }, search, true, false), { price_max: 40 });
    // "under 30" for one product: nothing stands beyond that search; an earlier standing budget stays.
    assert.deepEqual(standingBudget({}, { price_max: 30 }, search, false, false), {});
    assert.deepEqual(standingBudget({ price_max: 50 }, { price_max: 80 }, search, false, false), { price_max: 50 });
    // "price doesn't matter": the budget goes.
    assert.deepEqual(standingBudget({ price_max: 50 }, {}, search, false, true), {});
  });
  it("after an order, a request for another person that names no kind is for the kind just bought (blind round 74)", () => {
    const after = { slots: {}, earlier: { "Sports Shoes": { product_type: "Sports Shoes", brand: "Puma", gender: "Men", size: "9" } } };
    const turn = (label: string, forSelf = false, openRequest = false) => ({ intent: { label }, cues: { forSelf, openRequest, requested: null } as TurnReading["cues"] });
    // "now hers, size 6, women's": the kind and the brand, not his size.
    assert.deepEqual(kindForNextPerson(after, turn("inform"), { gender: "Women", size: "6" }), { product_type: "Sports Shoes", brand: "Puma" });
    assert.deepEqual(kindForNextPerson(after, turn("find_product", true), { size: "L" }), { product_type: "Sports Shoes", brand: "Puma" }, "'and some for me too'");
    assert.deepEqual(kindForNextPerson(after, turn("find_product", false, true), { gender: "Women" }), {}, "'something for my wife' leaves the kind open");
    assert.deepEqual(kindForNextPerson(after, turn("chit_chat"), { gender: "Women" }), {}, "'thanks, she'll love it'");
    assert.deepEqual(kindForNextPerson(after, turn("inform"), { gender: "Men" }), {}, "the same person");
    assert.deepEqual(kindForNextPerson({ ...after, slots: { product_type: "Watches" } }, turn("inform"), { gender: "Women" }), {}, "a search in progress keeps its own kind");
  });
  it("lets a later value overwrite an earlier one", () => {
    assert.deepEqual(mergeSlots({ product_type: "Shirts", color: "Navy Blue" }, { color: "Black" }, sameKind), { product_type: "Shirts", color: "Black" });
  });
});

describe("pickWords", () => {
  it("names one shown product ('the Biba one'); 'the black ones' asks to see them, a search (blind rounds 7 and 40)", () => {
    assert.equal(pickWords("I'll take the Biba one"), "biba");
    assert.equal(pickWords("that blue one please"), "blue");
    assert.equal(pickWords("the black ones"), null);
    assert.equal(pickWords("Yes, that sounds like the one. Go ahead please"), null, "no determiner inside the words (blind round 66)");
    assert.equal(pickWords("I want the a-line one"), "a-line");
    assert.equal(pickWords("the brown ones only"), null);
    assert.equal(pickWords("the second one"), null);
  });
});

describe("followUpTarget", () => {
  const kurta = (id: number, name: string, baseColour: string) =>
    ({ id, name, brand: "W", articleType: "Kurtas", baseColour, gender: "Women", usage: "Ethnic", season: "Summer", price: 49.99, sizes: ["M"], stock: { M: 3 }, matchedFeatures: [] }) as ShownProduct;
  const shown = [kurta(1, "W Women Red & Blue Printed Kurta", "Red"), kurta(2, "W Women Blue Kurta", "Blue")];
  const cues = (pickWords: string | null) => ({ pickWords, productQuestion: null }) as unknown as TurnReading["cues"];
  it("takes the shown product the shopper's words name, its own colour or brand before a word of its name (blind round 40)", () => {
    assert.equal(followUpTarget({ pick: null, cues: cues("blue") }, shown, shown[0])?.product.id, 2);
    assert.equal(followUpTarget({ pick: null, cues: cues("printed") }, shown, shown[0])?.product.id, 1);
    assert.equal(followUpTarget({ pick: null, cues: cues("blue") }, shown.slice(0, 1), shown[0])?.product.id, 1, "a name saying blue, when no blue one is shown");
    assert.equal(followUpTarget({ pick: 1, cues: cues(null) }, shown, shown[0])?.product.id, 2, "the second");
    assert.equal(followUpTarget({ pick: null, cues: cues("blue") }, shown, shown[0])?.named, "blue", "the words that picked it travel with it");
    assert.equal(followUpTarget({ pick: 1, cues: cues(null) }, shown, shown[0])?.named, undefined);
  });
  it("a product the turn's colour or brand does not fit is compared with, not picked; a question travels with a pick (blind round 72)", () => {
    // "something like the W one but in green": no shown product is green, so a new search.
    assert.equal(followUpTarget({ pick: null, cues: cues("w") }, shown, shown[0], { brand: "W", color: "Green" }), null);
    assert.equal(followUpTarget({ pick: 1, cues: cues(null) }, shown, shown[0], { color: "Green" }), null, "'the second one in green'");
    assert.equal(followUpTarget({ pick: 1, cues: cues(null) }, shown, shown[0], { color: "Blue" })?.product.id, 2, "'the second one, the blue one'");
    const asking = { ...cues(null), productQuestion: "details" } as TurnReading["cues"];
    assert.deepEqual(followUpTarget({ pick: 1, cues: asking }, shown, shown[0]), { product: shown[1], question: "details" }, "'does the 2nd one run small?'");
  });
  it("'which is the cheapest of the ones you showed?' takes the lowest-priced shown, not a new search (blind round 41)", () => {
    const priced = [{ ...shown[0]!, price: 30 }, { ...shown[1]!, price: 20 }];
    const cheapest = { ...cues(null), cheapestShown: true } as TurnReading["cues"];
    assert.equal(followUpTarget({ pick: null, cues: cheapest }, priced, priced[0])?.product.id, 2);
    assert.equal(followUpTarget({ pick: null, cues: cheapest }, [], undefined), null, "nothing shown: nothing to pick");
    for (const t of ["which is the cheapest of the ones you showed?", "ok I'll take the cheapest one then", "the cheaper one please"]) assert.equal(readCues(t, "find_product").cheapestShown, true, t);
    for (const t of ["anything cheaper?", "show me cheap backpacks"]) assert.equal(readCues(t, "find_product").cheapestShown, false, t);
    for (const t of ["whats the cheapest u have", "cheapest black watch for men", "sabse sasta kurta dikhao"]) {
      assert.deepEqual([readCues(t, "find_product").cheapestFirst, readCues(t, "find_product").cheapestShown], [true, false], t);
    }
    for (const t of ["which is the cheapest of the ones you showed?", "anything cheaper?", "doesn't have to be the cheapest"]) assert.equal(readCues(t, "find_product").cheapestFirst, false, t);
  });
  it("who a product is for is a question about it, answered from its data (blind round 41)", () => {
    for (const t of ["is this one for guys or girls?", "is it for men or women", "is that unisex?"]) assert.equal(readCues(t, "find_product").productQuestion, "details", t);
    assert.equal(readCues("backpack for guys", "find_product").productQuestion, null);
  });
  it("never one whose name says what they ruled out ('the blue one. not red', blind round 34)", () => {
    assert.equal(followUpTarget({ pick: null, cues: cues("blue"), excluded: { color: ["Red"] } }, shown, shown[0])?.product.id, 2);
    assert.equal(followUpTarget({ pick: null, cues: cues("blue"), excluded: { color: ["Red"] } }, shown.slice(0, 1), shown[0]), null, "none left: a new search");
  });
});
