/**
 * The dialogue policy as a shopper meets it: the real agent (graph, encoder, T5 models, the real
 * catalog on a scratch embedded store). Each test asserts what the shopper sees: the reply, the
 * products shown, the offer and the order.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { config } from "../config.js";
import { Agent, type TurnResult } from "../graph/agent.js";

describe("dialogue policy", () => {
  let agent: Agent;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "policy-"));
    agent = await Agent.open({ ...config, mongodbUri: undefined, redisUrl: undefined, dataDir: dir });
  });
  afterAll(async () => {
    await agent?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  let chats = 0;
  /** A fresh conversation: say(text) plays one turn in it. */
  const chat = () => {
    const chatId = `c${++chats}`;
    return (text: string): Promise<TurnResult> => agent.turn({ userId: "policy", chatId, text });
  };
  const offered = (r: TurnResult) => r.products.find((p) => p.id === r.offeredProductId);

  it("another colour rules out the colour offered: no product shown has it", async () => {
    const say = chat();
    const first = await say("a black backpack");
    assert.ok(first.awaitingConfirmation, first.reply);
    assert.equal(offered(first)?.baseColour, "Black");
    const other = await say("got it in another colour?");
    assert.deepEqual(other.excluded.color, ["Black"]);
    assert.ok(other.products.length > 0, other.reply);
    for (const p of other.products) assert.notEqual(p.baseColour, "Black", p.name);
    assert.equal(other.order, null);
  });

  it("details without a product type show what fits them and name the kinds, never 'didn't catch that' (blind round 17)", async () => {
    const say = chat();
    const first = await say("something in red from nike");
    assert.equal(first.state, "slotFilling");
    assert.ok(first.products.length > 0, first.reply);
    for (const p of first.products) assert.ok(p.brand === "Nike" && p.baseColour === "Red", p.name);
    assert.match(first.reply, /What kind would you like: .+ or .+\?$/);
    const kinds = /What kind would you like: (.+)\?$/.exec(first.reply)![1]!.split(/, | or /);
    assert.ok(kinds.includes(first.products[0]!.articleType.toLowerCase().replace("tshirts", "t-shirts")), first.reply);
    const again = await say("size 10");
    assert.doesNotMatch(again.reply, /didn't catch/, again.reply);
    for (const p of again.products) assert.ok(p.brand === "Nike" && p.baseColour === "Red", p.name);
  });

  it("a feature said without a product type is a description too: what has it is shown, and its kinds named (blind round 33)", async () => {
    const say = chat();
    const r = await say("my brother's going trekking, want something fleece to keep him warm. he's size L");
    assert.equal(r.state, "slotFilling");
    assert.ok(r.products.length > 0, r.reply);
    for (const p of r.products) assert.match(p.name, /fleece/i);
    assert.match(r.reply, /What kind would you like: .*jackets.*\?$/, r.reply);
    assert.equal(r.order, null);
  });

  it("a yes to the kind proposed with the products shown offers the first of them, not the question again (blind round 33)", async () => {
    const say = chat();
    const first = await say("something in gold from pal zileri");
    assert.match(first.reply, /Are you after sunglasses, or something else\?$/, first.reply);
    const shown = first.products[0]!;
    const yes = await say("yes");
    assert.equal(yes.slots.product_type, "Sunglasses");
    assert.ok(yes.awaitingConfirmation, yes.reply);
    assert.equal(offered(yes)?.id, shown.id, yes.reply);
    assert.equal(yes.order, null);
  });

  it("a no that ends in a farewell ends the conversation; 'maybe later' stays a no (blind round 33, public suite)", async () => {
    const say = chat();
    assert.ok((await say("a black backpack")).awaitingConfirmation);
    const bye = await say("nah leave it, bye");
    assert.equal(bye.intent, "goodbye");
    assert.match(bye.reply, /goodbye/i);
    assert.equal(bye.order, null);
    const other = chat();
    assert.ok((await other("a black backpack")).awaitingConfirmation);
    const later = await other("no, maybe later");
    assert.equal(later.intent, "deny");
    assert.equal(later.order, null);
  });

  it("a brand ruled out is never shown", async () => {
    const say = chat();
    const r = await say("sports shoes for men in size 9, anything but Nike");
    assert.deepEqual(r.excluded.brand, ["Nike"]);
    assert.ok(r.products.length > 0, r.reply);
    for (const p of r.products) assert.notEqual(p.brand, "Nike", p.name);
  });

  it("a type sold in one size is offered without a size question", async () => {
    const say = chat();
    const r = await say("I need a red saree");
    assert.equal(r.state, "booking");
    assert.ok(r.awaitingConfirmation);
    assert.doesNotMatch(r.reply, /what size|which size/i);
  });

  it("a detail the range lacks is said, and the range shown with the size question", async () => {
    const say = chat();
    // The catalog has red dresses, none catalogued for parties.
    const r = await say("looking for a red dress for a party");
    assert.equal(r.state, "slotFilling");
    assert.match(r.reply, /couldn't match your occasion/i);
    assert.match(r.reply, /size/i);
    assert.ok(r.products.length > 0, r.reply);
    for (const p of r.products) assert.deepEqual([p.articleType, p.baseColour], ["Dresses", "Red"], p.name);
  });

  it("a don't-care closes the slot for good: the size is not asked again in the search", async () => {
    const say = chat();
    const asked = await say("a tshirt for men");
    assert.match(asked.reply, /size/i);
    const any = await say("any size is fine");
    assert.ok(any.awaitingConfirmation, any.reply);
    assert.ok(any.dont_care.includes("size"));
    const other = await say("do you have another colour?");
    assert.doesNotMatch(other.reply, /what size|which size/i);
    assert.ok(other.products.length > 0);
  });

  it("never asks the same question twice in a row: not knowing the size brings the sizes in stock", async () => {
    const say = chat();
    const asked = await say("jeans for women");
    assert.equal(asked.state, "slotFilling");
    const again = await say("dunno");
    assert.equal(again.state, "slotFilling");
    assert.notEqual(again.reply, asked.reply);
    assert.match(again.reply, /\bXS\b|\bS\b|\bM\b|\bL\b/);
    assert.ok(!again.awaitingConfirmation, "no offer in a size nobody gave");
    assert.ok(!again.dont_care.includes("size"));
  });

  it("a correction replaces the value and is not a refusal: the same shirt, now in L", async () => {
    const say = chat();
    const first = await say("blue shirt for men size M");
    const shirt = first.offeredProductId;
    assert.ok(shirt !== null, first.reply);
    const fixed = await say("no wait, size L");
    assert.equal(fixed.slots.size, "L");
    assert.ok(fixed.awaitingConfirmation, fixed.reply);
    assert.doesNotMatch(fixed.reply, /won't place/i);
    assert.match(fixed.reply, /size L/);
    assert.equal(fixed.order, null);
    const product = (await agent.parts.retriever.store.find({ _id: shirt }, { sort: { _id: 1 }, limit: 1 }))[0]!;
    if ((product.stock.L ?? 0) > 0) assert.equal(fixed.offeredProductId, shirt, "the shirt on offer has L: it stays the offer");
  });

  it("a pick from the list is offered, its size asked when unknown, and it is the product ordered", async () => {
    const say = chat();
    await say("kurta for women");
    const list = await say("show me what you have");
    assert.match(list.reply, /4\)/, list.reply);
    const fourth = list.products[3]!;
    const picked = await say("the fourth one");
    assert.ok(picked.reply.includes(fourth.name), picked.reply);
    assert.match(picked.reply, /which size/i);
    assert.deepEqual(picked.products.map((p) => p.id), [fourth.id], "the card of the product picked (blind round 26 saw none)");
    const size = fourth.sizes.find((s) => (fourth.stock[s] ?? 0) > 0)!;
    const offer = await say(size);
    assert.equal(offer.offeredProductId, fourth.id, offer.reply);
    const yes = await say("yes please");
    assert.equal(yes.order?.productId, fourth.id, yes.reply);
    assert.equal(yes.order?.size, size);
  });

  it("a pick by name offers the product of that name from those shown", async () => {
    const say = chat();
    const first = await say("I need a red saree");
    const other = first.products.find((p, i) => i > 0 && p.brand !== first.products[0]!.brand);
    assert.ok(other, "the sarees shown have two brands");
    const r = await say(`the ${other.brand} one`);
    assert.equal(offered(r)?.brand, other.brand, r.reply);
    assert.ok(r.awaitingConfirmation);
  });

  it("'not that one, the second' at an offer offers the second product shown, and the yes orders it (blind round 34)", async () => {
    const say = chat();
    const first = await say("nike running shoes for men, size 10");
    assert.ok(first.offeredProductId !== null && first.products.length > 1, first.reply);
    const second = first.products[1]!;
    const r = await say("not that one, the second");
    assert.equal(r.intent, "buy_product");
    assert.equal(r.offeredProductId, second.id, r.reply);
    assert.equal(r.order, null);
    const yes = await say("yes that one");
    assert.equal(yes.order?.productId, second.id, yes.reply);
  });

  it("'the blue one. not red' never takes a shown product that says red: it searches blue (blind round 34)", async () => {
    const say = chat();
    await say("I want a red kurta for women, size M");
    const r = await say("oh wait, the blue one. not red");
    assert.ok(r.products.length > 0, r.reply);
    for (const p of r.products) {
      assert.doesNotMatch(p.name, /\bred\b/i);
      assert.notEqual(p.baseColour, "Red", p.name);
    }
    assert.equal(offered(r)?.baseColour, "Blue", r.reply);
  });

  it("'actually make it 2' at an offer offers 2 and says what they cost together (blind round 34)", async () => {
    const say = chat();
    const first = await say("need navy blue casual shoes for men, size 9");
    const price = offered(first)?.price;
    assert.ok(price !== undefined, first.reply);
    const two = await say("actually make it 2");
    assert.equal(two.slots.quantity, 2);
    const total = offered(two)!.price * 2;
    assert.ok(two.reply.includes(`$${total.toFixed(2)}`), two.reply);
    assert.match(two.reply, /\b2\b/);
    const yes = await say("yep ship it");
    assert.equal(yes.order?.quantity, 2, yes.reply);
  });

  it("a payment question with a request in one message answers it and searches (blind round 38)", async () => {
    const say = chat();
    const r = await say("do you take card payments? also I need black track pants for men size L");
    assert.match(r.reply, /^You can pay by credit or debit card/, r.reply);
    assert.equal(offered(r)?.articleType, "Track Pants", r.reply);
    assert.equal(r.slots.size, "L");
    const yes = await say("perfect, order it");
    assert.equal(yes.order?.productId, r.offeredProductId, yes.reply);
    const plain = await chat()("do you take card payments?");
    assert.equal(plain.state, "orderSupport", "a question alone is still answered on its own");
  });

  it("a preference with a fallback prefers the brand asked for", async () => {
    const say = chat();
    const r = await say("sports shoes for men size 9, nike ideally, otherwise anything");
    assert.equal(offered(r)?.brand, "Nike", r.reply);
  });

  it("a brand the catalog lacks for the type: says so, keeps the type and the gender", async () => {
    const say = chat();
    const r = await say("ray-ban watches for men");
    assert.ok(r.products.length > 0);
    for (const p of r.products) assert.equal(p.articleType, "Watches", p.name);
    assert.equal(offered(r)?.gender, "Men", r.reply);
    assert.match(r.reply, /brand|ray-ban/i, "the shopper is told the brand was not matched");
    assert.doesNotMatch(r.reply, /\bwomen\b/i);
  });

  it("yes to 'shall I look for something similar?' after a sold-out offer shows another product in the size, not the same answer (blind round 24)", async () => {
    const say = chat();
    await say("a t-shirt for my boyfriend, he wears large");
    await say("he's obsessed with burgundy lately");
    const soldOut = await say("oh and he only wears puma");
    assert.match(soldOut.reply, /^The Puma .* is out of stock in size L right now\. Shall I look for something similar\?$/, soldOut.reply);
    assert.equal(soldOut.awaitingConfirmation, false);
    const similar = await say("yes please");
    assert.ok(similar.awaitingConfirmation, similar.reply);
    const p = offered(similar)!;
    assert.equal(p.articleType, "Tshirts");
    assert.equal(p.baseColour, "Burgundy", "the colour still holds");
    assert.ok((p.stock.L ?? 0) > 0, "in stock in his size");
    assert.match(similar.reply, /brand/, "says the brand could not be kept");
    const order = await say("yes");
    assert.equal(order.order?.productId, p.id);
  });

  it("a brand named after a cheaper search is the last thing given up: 'what about puma?' shows Puma (blind round 26)", async () => {
    const say = chat();
    await say("woodland casual shoes in brown, size 9");
    await say("anything cheaper?");
    const puma = await say("what about puma?");
    assert.ok(puma.products.length > 0, puma.reply);
    for (const p of puma.products) assert.equal(p.brand, "Puma", p.name);
    const top = puma.products[0]!;
    if (top.baseColour !== "Brown") {
      assert.match(puma.reply, /colou?r/i, "a colour given up is said");
      assert.doesNotMatch(puma.reply, /\bbrown\b/i, "and the product is not called brown");
    }
  });

  it("a return asked mid-search leaves the search as it was: back to the jackets keeps the size and the budget (blind round 26)", async () => {
    const say = chat();
    const first = await say("black jacket for men, size L, not more than 100 dollars");
    assert.ok(first.awaitingConfirmation, first.reply);
    const ret = await say("oh btw i want to return the shoes i bought last week, they're too small");
    assert.equal(ret.intent, "return_product");
    assert.deepEqual(ret.slots, first.slots, "the shoes and 'too small' are the order's, not the search's");
    const back = await say("ok back to the jackets, any in navy?");
    assert.deepEqual({ ...back.slots }, { ...first.slots, color: "Navy Blue" });
    assert.ok(back.products.length > 0, back.reply);
    for (const p of back.products) assert.ok(p.articleType === "Jackets" && p.price <= 100 && (p.stock.L ?? 0) > 0, p.name);
  });

  it("after an order for a son, 'for him too' and 'his sister' are children and 'a watch for me' is not (blind round 27)", async () => {
    const say = chat();
    await say("blue shorts for my son, size S");
    const order = await say("yes");
    assert.ok(order.order, order.reply);
    const tee = await say("and a white t-shirt for him too, also S");
    assert.equal(tee.slots.gender, "Boys", tee.reply);
    for (const p of tee.products) assert.equal(p.gender, "Boys", p.name);
    await say("hmm, no thanks");
    const watch = await say("and a watch for me");
    assert.equal(watch.intent, "find_product", "a product named when nothing is pending is asked for");
    assert.notEqual(watch.slots.gender, "Boys");
    assert.ok(watch.products.some((p) => p.gender !== "Boys"), watch.reply);
    const other = chat();
    await other("a blue t-shirt for my son, he's 8");
    await other("small");
    await other("yes");
    const sister = await other("now one for his sister, a pink top, size XS");
    assert.equal(sister.slots.gender, "Girls", sister.reply);
  });

  it("another kind of product while an offer stands is a new request: searched, and labelled so (blind round 45)", async () => {
    const say = chat();
    const first = await say("I have a job interview on Monday, need a formal shirt for men");
    await say("M, and blue please");
    const tie = await say("also need a tie to go with it");
    assert.equal(tie.intent, "find_product", tie.reply);
    assert.equal(tie.slots.product_type, "Ties");
    assert.ok(tie.products.length > 0 && tie.products.every((p) => p.articleType === "Ties"), tie.reply);
    assert.equal(tie.order, null);
    assert.equal(first.slots.product_type, "Shirts");
  });

  it("'what colours do you have?' about an offer names the range's colours; 'the black one then' offers a black one and shows only black ones (blind round 45)", async () => {
    const say = chat();
    const first = await say("friend's engagement this saturday, need a blazer, men's L");
    assert.ok(first.awaitingConfirmation, first.reply);
    const colours = await say("what colours do you have?");
    assert.match(colours.reply, /^The blazers for men in size L come in [a-z ,]+ and [a-z ]+\./, colours.reply);
    assert.match(colours.reply.split(".")[0]!, /\bblack\b/, colours.reply);
    assert.ok(colours.awaitingConfirmation, "the offer stands");
    assert.equal(colours.order, null);
    const black = await say("the black one then");
    assert.ok(black.products.length > 0, black.reply);
    for (const p of black.products) assert.equal(p.baseColour, "Black", p.name);
    assert.equal(offered(black)?.baseColour, "Black");
    assert.equal(black.order, null);
  });

  it("anything cheaper keeps the size and costs less", async () => {
    const say = chat();
    const first = await say("blue shirt for men size M");
    const before = offered(first)!;
    const cheaper = await say("anything cheaper?");
    const now = offered(cheaper);
    assert.ok(now, cheaper.reply);
    assert.ok(now.price < before.price, `${now.price} < ${before.price}`);
    assert.equal(cheaper.slots.size, "M");
    assert.ok((now.stock.M ?? 0) > 0);
    assert.match(cheaper.reply, /size M|\bM\b/);
  });

  it("'whats the cheapest u have' offers the cheapest product of the search, then relevance comes back (an order had been offered dearer)", async () => {
    const say = chat();
    const first = await say("show me black watches for men");
    const cheapest = await say("whats the cheapest u have");
    const now = offered(cheapest);
    assert.ok(now, cheapest.reply);
    assert.ok(now.price <= offered(first)!.price, `${now.price} <= ${offered(first)!.price}`);
    assert.ok(now.articleType === "Watches" && now.baseColour === "Black" && now.gender === "Men", now.name);
    const prices = cheapest.products.map((p) => p.price);
    assert.deepEqual(prices, [...prices].sort((a, b) => a - b), "cheapest first");
    assert.equal(cheapest.order, null, "a question places no order");
    const blue = await say("in blue?");
    assert.equal(offered(blue)?.baseColour, "Blue", blue.reply);
  });

  it("the order's turn shows the product ordered, and a plain confirmation question the product it asks about (blind round 41)", async () => {
    const say = chat();
    const offer = await say("white tshirt for men, M");
    const offeredId = offer.offeredProductId;
    assert.ok(offeredId !== null && offeredId !== undefined, offer.reply);
    const yes = await say("yes");
    assert.ok(yes.order, yes.reply);
    assert.deepEqual(yes.products.map((p) => p.id), [yes.order.productId]);
    assert.equal(yes.order.productId, offeredId);
  });

  it("a decline ends the offer and offers nothing else unasked", async () => {
    const say = chat();
    await say("white tshirt for men, M");
    const no = await say("no thanks");
    assert.equal(no.order, null);
    assert.ok(!no.awaitingConfirmation);
    assert.deepEqual(no.products, []);
    assert.equal(no.offeredProductId, null);
  });

  it("a decision put off orders nothing, however it starts; a group's order is for as many as there are people (blind round 60)", async () => {
    const say = chat();
    const offer = await say("onboarding kits for new joiners - need 12 laptop bags, black, nothing flashy");
    assert.ok(offer.awaitingConfirmation, offer.reply);
    assert.equal(offer.slots.quantity, 12);
    const later = await say("fine, I'll check with HR and come back");
    assert.equal(later.order, null, later.reply);
    assert.equal(later.intent, "deny");
    assert.ok(!later.awaitingConfirmation);
    const group = chat();
    const caps = await group("my son's birthday party is on saturday, want return gifts.. maybe caps for around 15 kids?");
    assert.equal(caps.slots.quantity, 15, caps.reply);
    assert.equal(caps.slots.price_max, undefined, "15 kids is no budget");
    const more = await group("make it 18, three more kids are coming");
    assert.equal(more.slots.quantity, 18, more.reply);
  });

  it("a question about gift wrapping or delivery is answered and the offer stands; 'skip it' turns it down (blind round 62)", async () => {
    const say = chat();
    const offer = await say("need a nice brown leather wallet for my dad");
    assert.ok(offer.awaitingConfirmation, offer.reply);
    const wrap = await say("can you gift wrap it with a little note?");
    assert.match(wrap.reply, /gift wrapping/, wrap.reply);
    assert.equal(wrap.offeredProductId, offer.offeredProductId, "the same wallet is still on offer");
    const when = await say("will it come by tomorrow??");
    assert.notEqual(when.intent, "goodbye", when.reply);
    assert.match(when.reply, /Delivery takes/, when.reply);
    const skip = await say("actually no, he already has like 3 wallets. skip it");
    assert.equal(skip.order, null);
    assert.equal(skip.intent, "deny");
  });

  it("an angry request for a manager is handed to staff, and the agent then stays silent", async () => {
    const say = chat();
    const r = await say("I WANT TO TALK TO YOUR MANAGER NOW");
    assert.equal(r.state, "handoff");
    assert.match(r.reply, /team/i);
    const next = await say("hello??");
    assert.equal(next.reply, "");
  });

  it("an angry complaint after the agent offered a person is handed to staff", async () => {
    const say = chat();
    const offer = await say("my order arrived damaged");
    assert.match(offer.reply, /member of our team/i);
    const r = await say("this is absolutely disgusting, worst shop ever");
    assert.equal(r.state, "handoff");
  });

  it("a follow-up about the offer is read once and calls no search and no generative model; its message keeps the reading", async () => {
    const say = chat();
    const first = await say("blue shirt for men size M");
    assert.ok(first.awaitingConfirmation);
    const r = await say("what sizes does it come in?");
    const runs = r.runs;
    assert.match(r.reply, /in stock in sizes/i);
    assert.equal(runs["tool:read_turn"], 1, JSON.stringify(runs));
    for (const t of ["tool:translate_context", "tool:generate_response", "tool:ask_question", "tool:search_products"]) assert.equal(runs[t], undefined, `${t} ran`);
    assert.equal(runs["node:offerFollowUp"], 1);
    const history = await agent.parts.conversations.history("policy", `c${chats}`);
    const stored = history.filter((m) => m.role === "user").at(-1)!;
    assert.equal(stored.content, "what sizes does it come in?");
    assert.ok(stored.reading, "the stored message keeps the reading");
    assert.equal((stored.reading.cues as { productQuestion: string }).productQuestion, "sizes");
    assert.equal(stored.intent, r.intent);
  });
});
