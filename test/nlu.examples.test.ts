/**
 * The misreadings that started the understanding work (issue: "rain jacket for wet weather" was
 * a complaint, "anything but X" set brand X, "wassup" was a no...), read by the shipped encoder
 * alone: rules off, so the model itself must get them right.
 */
import assert from "node:assert/strict";
import { beforeAll, describe, it } from "vitest";
import { config } from "../config.js";
import { EncoderModel } from "../models/runtime/encoder.js";
import type { ReadingContext } from "../nlu/reading.js";
import { Understanding } from "../nlu/understanding.js";
import { loadRuleThreshold } from "../nlu/artifacts.js";
import { vocabulary } from "./helpers/catalog.js";

const NONE: ReadingContext = { kind: "none" };
const CASES: { text: string; context?: ReadingContext; intent: string; has?: [string, string, unknown][]; lacks?: [string, unknown][]; todo?: string }[] = [
  { text: "I need a rain jacket for wet weather", intent: "find_product", has: [["product_type", "wanted", "Rain Jacket"]] },
  { text: "looking for a return gift for my sister", intent: "find_product", has: [["gender", "wanted", "Women"]] },
  { text: "you did a fantastic job", intent: "chit_chat" },
  { text: "thats all i need, a black belt", intent: "find_product", has: [["product_type", "wanted", "Belts"], ["color", "wanted", "Black"]] },
  { text: "running shoes, anything but nike", intent: "find_product", has: [["brand", "excluded", "Nike"]], lacks: [["brand", "Nike"]] },
  { text: "nothing in red please, she can't stand red", context: { kind: "question", slot: "color" }, intent: "inform", has: [["color", "excluded", "Red"]], lacks: [["color", "Red"]] },
  { text: "I'm not fussy about the colour", context: { kind: "question", slot: "color" }, intent: "inform", has: [["color", "dont_care", null]], todo: "the encoder (third round, 2026-11-29) reads inform but leaves 'colour' untagged in exactly this wording under a colour question ('not fussy about the colour', 'i'm not fussy about colour' and the same words with no question pending are tagged don't-care); the rules do not catch it either; the agent asks no colour question today (models/data/required_slots.json), so the dialogue does not meet this context" },
  { text: "colour", intent: "find_product", lacks: [["product_type", "Hair Colour"]] },
  { text: "no, in blue please", context: { kind: "offer", product: "roadster men blue jacket" }, intent: "inform", has: [["color", "wanted", "Blue"]] },
  { text: "wassup", intent: "chit_chat" },
  { text: "do you ever sleep?", intent: "chit_chat" },
  { text: "THIS IS RIDICULOUS get me a real person NOW", intent: "support", lacks: [["product_type", undefined]] },
];

describe("the issue's misreadings, read by the encoder alone", () => {
  let nlu: Understanding;
  beforeAll(async () => {
    nlu = new Understanding(await EncoderModel.open(config.nluDir), vocabulary, { rules: false, ruleThreshold: 1 });
  });
  for (const c of CASES) {
    // A known misreading runs as an expected failure: vitest reports it, and fails the run the day it
    // reads right, so the case is then promoted to a plain test.
    it(JSON.stringify(c.text), { fails: Boolean(c.todo) }, async () => {
      const r = await nlu.read(c.text, c.context ?? NONE);
      assert.equal(r.intent.label, c.intent);
      assert.equal(r.intent.source, "model");
      const found = r.entities.map((e) => [e.key, e.role, e.value]);
      for (const h of c.has ?? []) assert.ok(found.some((f) => f[0] === h[0] && f[1] === h[1] && f[2] === h[2]), `${JSON.stringify(h)} not in ${JSON.stringify(found)}`);
      for (const [key, value] of c.lacks ?? []) {
        assert.ok(!r.entities.some((e) => e.key === key && e.role === "wanted" && (value === undefined || e.value === value)), `${key}=${String(value)} wanted: ${JSON.stringify(found)}`);
      }
    });
  }
});

/** Blind round 16's misreadings, read as the agent reads them (encoder, lookup tables and data rules). */
const ROUND16: { text: string; context?: ReadingContext; intent?: string; wanted: Record<string, unknown>; lacks?: string[]; excluded?: Record<string, string[]> }[] = [
  { text: "my daughter turns 6 next week and I want to get her a dress, pink if possible", wanted: { gender: "Girls", product_type: "Dresses", color: "Pink" }, lacks: ["size", "price_min", "price_max", "quantity"] },
  { text: "hmm actually she's all about blue these days lol, blue then", wanted: { color: "Blue" }, lacks: ["product_type"] },
  { text: "perfume for my gf", wanted: { product_type: "Perfume and Body Mist", gender: "Women" } },
  { text: "meri beti ke liye tops dikhao, 10 saal ki hai", wanted: { product_type: "Tops", gender: "Girls" }, lacks: ["color", "size", "price_max"] },
  { text: "white wale", wanted: { color: "White" }, lacks: ["product_type"] },
  { text: "haha nice. anyway i need sunglasses for a beach trip, mens, ray-ban if u have", wanted: { product_type: "Sunglasses", gender: "Men", brand: "Ray-Ban" } },
  { text: "size 10 shoes for my son", wanted: { size: "10", gender: "Boys" }, lacks: ["quantity"] },
  { text: "below rs 800 if possible", wanted: { price_max: 800 } },
  { text: "Reebok", intent: "inform", wanted: { brand: "Reebok" } },
  { text: "whats the policy on returns", intent: "return_product", wanted: {}, lacks: ["brand"] },
  // Round 17 (family shopping, corrections, long messages).
  { text: "he's obsessed with red at the moment", wanted: { color: "Red" } },
  { text: "and nothing white either", wanted: {}, lacks: ["color"] },
  { text: "my hubby's got a job interview on monday and needs black formal shoes", wanted: { gender: "Men", product_type: "Formal Shoes" } },
  { text: "my little brother is turning 9 next month, thinking of getting him some shorts", wanted: { gender: "Boys", product_type: "Shorts" } },
  { text: "not gold though, he hates anything flashy", wanted: {}, lacks: ["product_type"] },
  {
    text: "So I started a new job three weeks ago and honestly it has been a whirlwind, the coffee machine is broken half the time. The thing is, everyone dresses a lot smarter and I only have two work shirts, and one of them has a coffee stain now. So basically I need a white shirt for men for the office.",
    wanted: { product_type: "Shirts", color: "White", gender: "Men" },
    lacks: ["quantity"],
  },
  // Round 18 (likes and dislikes, people, long messages).
  { text: "it's my colleague's farewell on friday and a few of us are chipping in. she's really into handbags, maybe something beige?", wanted: { product_type: "Handbags", color: "Beige", gender: "Women" } },
  { text: "my lad is 13 and has outgrown every pair of sneakers he owns. need some in size 7", wanted: { gender: "Boys", size: "7" } },
  { text: "Grey would suit him, he wears grey everything", wanted: { color: "Grey" }, lacks: ["product_type"] },
  {
    text: "ok so my gym finally reopened after the renovation!! my old track pants had a hole in the knee which was embarrassing haha. need new ones, mens, black. also is the AC fixed there, who knows lol",
    wanted: { product_type: "Track Pants", gender: "Men", color: "Black" },
  },
  {
    text: "So I just moved to Bangalore for a new job and the weather here is all over the place. The office is fairly relaxed but I still want to look put together. Could you show me formal shirts in white? I wear a 40 collar, which I think is an L.",
    wanted: { product_type: "Shirts", color: "White", size: "L" },
  },
  // Under the O bias of tag decoding "blk" (B-color 0.38) decodes as O; its own tag names Black.
  { text: "blk", context: { kind: "offer", product: "flying machine men black cap" }, wanted: { color: "Black" } },
  // Decoded as valid BIO, "L." became the brand "L." (the "." read I-brand at 0.97): the word's own tag names the size.
  { text: "I wear L. need a formal shirt", wanted: { size: "L", product_type: "Shirts", usage: "Formal" }, lacks: ["brand"] },
  // Blind round 22 (the reading's rules): "5 pairs" is a count; "girlfriend's parents" are not who the shoes are for.
  { text: "our five-a-side team wants matching socks. black, men's, 5 pairs", wanted: { product_type: "Socks", color: "Black", gender: "Men", quantity: 5 } },
  { text: "dinner with my girlfriend's parents on saturday. I need proper formal shoes, men's size 9", wanted: { product_type: "Formal Shoes", gender: "Men", size: "9" } },
  // Blind rounds 24-28: spans the catalog has no value for, repaired from its words; a correction; an owned product.
  { text: "do you have mushroom brown?", wanted: { color: "Mushroom Brown" } },
  { text: "wait no make it lavendar", wanted: { color: "Lavender" }, lacks: ["brand"] },
  { text: "rocia flats for women bronz", wanted: { brand: "Rocia", product_type: "Flats", gender: "Women", color: "Bronze" } },
  { text: "puma flipflops navey blue for men", wanted: { color: "Navy Blue", product_type: "Flip Flops" } },
  { text: "black, Titan please", context: { kind: "offer", product: "Casio Enticer Men Silver Analogue Watch MTP-1233D-1ADF(A188)" }, wanted: { color: "Black", brand: "Titan" } },
  { text: "I'd like a checked scarf to go with my coat", wanted: { features: ["checked", "scarf"] }, lacks: ["product_type"] },
  { text: "looking for a sports watch for my husband who jogs every morning", wanted: { product_type: "Watches", gender: "Men" }, lacks: ["usage"] },
  { text: "wait no, not black, gold would go better with my dress", context: { kind: "offer", product: "Catwalk Women Black Heels" }, wanted: { color: "Gold" }, lacks: ["product_type"] },
  { text: "a dress for my daughter", wanted: { product_type: "Dresses", gender: "Girls" } },
  // Blind round 30: a ruled-out value taken back; a colour asked for after one ruled out.
  { text: "hmm ok black is fine after all, show me black", wanted: { color: "Black" }, excluded: {} },
  { text: "wait not white, they get dirty 😅 grey pls", wanted: { color: "Grey" }, excluded: { color: ["White"] } },
  { text: "not white, they get dirty. grey pls", wanted: { color: "Grey" }, excluded: { color: ["White"] } },
  // Blind round 40: minds changed mid-search.
  { text: "hmm silver would go better with my watch", context: { kind: "offer", product: "Rreverie Gold & Pink Earrings" }, wanted: { color: "Silver" }, lacks: ["product_type"] },
  { text: "actually not for running, just casual ones for the beach", context: { kind: "question", slot: "size" }, wanted: { usage: "Casual" } },
  { text: "nah the navy was nicer, go back to navy", context: { kind: "offer", product: "ADIDAS Men Blue And Red Back Pack" }, wanted: { color: "Navy Blue" }, excluded: {} },
  { text: "actually forget the budget, id rather get something decent", context: { kind: "question", slot: "size" }, wanted: {}, lacks: ["brand", "price_max"] },
  { text: "nah jeans can wait. lets go back to the sneakers", context: { kind: "question", slot: "size" }, wanted: { product_type: "Casual Shoes" }, excluded: { product_type: ["Jeans"] } },
  { text: "ok I'll take the cheapest one then", context: { kind: "offer", product: "ADIDAS Men Lfc Black Red Backpack" }, intent: "buy_product", wanted: {} },
  { text: "tommy jeans please", wanted: { brand: "Tommy Hilfiger", product_type: "Jeans" } },
  // Blind round 56: a brand inside the encoder's type span ("nike shoes" read as Casual Shoes) is still the brand.
  { text: "black nike shoes {$ne: null}", wanted: { color: "Black", brand: "Nike", product_type: "Casual Shoes" } },
  { text: "puma shoes for men", wanted: { brand: "Puma", product_type: "Casual Shoes", gender: "Men" } },
  { text: "red tape shoes", wanted: { brand: "Red Tape", product_type: "Casual Shoes" }, lacks: ["color"] },
  // Blind round 56: a value typed with a letter held down.
  { text: "pinkkk if u have", context: { kind: "question", slot: "color" }, wanted: { color: "Pink" } },
  { text: "greeeen kurtaaa", wanted: { color: "Green", product_type: "Kurtas" } },
  // Blind round 57: "only" before a value wants it; "small" after fit words is no size.
  { text: "my husband needs formal shoes for office. only black ones please, he won't wear brown", wanted: { color: "Black", product_type: "Formal Shoes" }, excluded: { color: ["Brown"] } },
  { text: "people say they run small so I'll go with a 7", context: { kind: "question", slot: "size" }, wanted: { size: "7" } },
  { text: "any from elle?", context: { kind: "offer", product: "Forever New Women Red Top" }, wanted: { brand: "Elle" } },
  { text: "looking for a shirt with an arrow print on it. not the brand arrow, I mean actual little arrows as the pattern", wanted: { product_type: "Shirts" }, excluded: { brand: ["Arrow"] }, lacks: ["brand"] },
  { text: "fine. also need a fastrack watch for my son, he's 16. black", wanted: { brand: "Fastrack", product_type: "Watches", gender: "Men", color: "Black" } },
  { text: "watch for my 8 year old son", wanted: { product_type: "Watches", gender: "Boys" } },
  // Blind round 58: money talk. A discount is no budget, one number one bound, "na" is no brand.
  { text: "ye toh bahut mehenga hai, 20% off milega kya?", context: { kind: "offer", product: "Nike Men Running Sports Shoes" }, wanted: {}, lacks: ["price_max", "price_min"] },
  { text: "shoes under 1,500", wanted: { price_max: 1500 }, lacks: ["price_min"] },
  { text: "watch under two thousand", wanted: { product_type: "Watches", price_max: 2000 }, lacks: ["quantity"] },
  { text: "thoda kam karo na bhaiya, 2500 mein de do", context: { kind: "offer", product: "Puma Men Esito Vulc Cetto Black Sports Shoes" }, wanted: { price_max: 2500 }, lacks: ["brand"] },
  { text: "oh wait, 10 not 11", context: { kind: "offer", product: "Buckaroo Men Nieves Brown Formal Shoe" }, wanted: { size: "10" }, excluded: { size: ["11"] }, lacks: ["price_max"] },
  // Blind rounds 14 and 42: an answer of values alone to the agent's question informs, however sure the encoder is.
  { text: "M size", context: { kind: "question", slot: "size" }, intent: "inform", wanted: { size: "M" } },
  { text: "M size", intent: "find_product", wanted: { size: "M" } },
  // Blind rounds 43 and 6: one number read as opposite bounds by the encoder and the tables.
  { text: "mens track pants XL, at least 20 bucks, dont want cheap stuff", wanted: { price_min: 20 }, lacks: ["price_max"] },
  { text: "im a guy, size L and i dont want to spend more than 2500 on it", wanted: { price_max: 2500 }, lacks: ["price_min"] },
  // Blind round 46: skin types, a brand someone has always liked, a type named by one of its two names.
  { text: "Can you suggest a good face wash for oily skin? Herbal one would be better.", wanted: { product_type: "Face Wash and Cleanser" }, lacks: ["color"] },
  { text: "Hello! I'm after a nice watch for my dad's 60th. He's always liked Titan.", wanted: { product_type: "Watches", gender: "Men", brand: "Titan" }, excluded: {} },
  { text: "kajal pls, black, lakme", wanted: { product_type: "Kajal and Eyeliner", color: "Black", brand: "Lakme" } },
  // Blind round 48: Indian English and Hinglish.
  { text: "bhai ki shaadi hai next month, mere liye ek Nehru jacket chahiye", wanted: { product_type: "Nehru Jackets" }, lacks: ["brand"] },
  { text: "ek dupatta chahiye off white, mere pink suit ke saath pehnna hai", wanted: { product_type: "Dupatta", color: "Off White" } },
  { text: "mere beta ke liye tshirt chahiye, 8 saal ka hai", wanted: { product_type: "Tshirts", gender: "Boys" }, lacks: ["size"] },
  { text: "next week interview hai, gents formal shirt chahiye light blue", wanted: { product_type: "Shirts", color: "Blue", gender: "Men" }, excluded: {} },
  { text: "Diwali puja ke liye wife ke liye kurta set chahiye, Biba ka", wanted: { product_type: "Kurta Sets", brand: "BIBA", gender: "Women" }, excluded: {} },
  { text: "kitne ka hai?", context: { kind: "offer", product: "Vishudh Women Cotton Silk Green Kurtas" }, wanted: {} },
  // Blind round 49: "9 only" is no brand ONLY; a sure reading of a lowercase everyday-word brand stays one.
  { text: "his size is 9 only", context: { kind: "question", slot: "size" }, wanted: { size: "9" }, lacks: ["brand"] },
  { text: "lee jeans for men", wanted: { brand: "Lee", product_type: "Jeans" } },
  // Blind round 50 (voice dictation): fillers, self-corrections, "four men", homophones.
  { text: "so yeah i want a dress for a party um black", wanted: { product_type: "Dresses", color: "Black" }, excluded: {} },
  { text: "i need a cap four men navy blue no wait black", wanted: { product_type: "Caps", gender: "Men", color: "Black" }, lacks: ["quantity"], excluded: { color: ["Navy Blue"] } },
  { text: "i want a blue no wait a green kurta for women", wanted: { product_type: "Kurtas", color: "Green", gender: "Women" } },
  { text: "hmm black is kinda boring. make it navy instead", context: { kind: "question", slot: "size" }, wanted: { color: "Navy Blue" }, excluded: { color: ["Black"] } },
  { text: "size ten and uh blew if you have it", context: { kind: "question", slot: "size" }, wanted: { size: "10", color: "Blue" } },
  { text: "show me pumas for men like casual sneakers", wanted: { brand: "Puma", gender: "Men", product_type: "Casual Shoes" } },
  // Blind rounds 65-66 (a Friday night; older and first-time shoppers).
  { text: "bhai kal dost ki shaadi hai, ek kurta chahiye mere liye", intent: "find_product", wanted: { product_type: "Kurtas" } },
  { text: "heading to goa tomorrow with the boys, need some flip flops", wanted: { product_type: "Flip Flops" }, lacks: ["gender"] },
  { text: "sangeet tomorrow and I need earrings to go with my green lehenga, golden ones pls", wanted: { product_type: "Earrings", color: "Gold" } },
  { text: "FRIDAYYY so what does a chatbot do on weekends anyway?", intent: "chit_chat", wanted: {} },
  { text: "Good evening. My grandson Thomas turns eighteen next month and I would like to buy him a wristwatch. Something smart, in black perhaps.", wanted: { product_type: "Watches", gender: "Men", color: "Black" } },
  { text: "Good morning! Winter is on its way and my Gerald needs a new jumper. Grey, size large please. He is 74 and won't wear anything flashy.", wanted: { product_type: "Sweaters", gender: "Men", size: "L" } },
  { text: "GOOD MORNING. I WANT A NIGHTIE FOR MYSELF, SIZE M, PINK OR A LIGHT BLUE.", wanted: { product_type: "Nightdress", size: "M" } },
  { text: "hello i am buying for my grandson he is 9 years old, he wants a tshirt with football on it. his mum says size small", wanted: { product_type: "Tshirts", gender: "Boys", size: "S" } },
  { text: "SOMETHING DARK PLEASE, NOT RED. HE SAYS RED MAKES HIM LOOK LIKE FATHER CHRISTMAS.", context: { kind: "offer", product: "Proline Grey Checked Muffler" }, wanted: {}, lacks: ["color"], excluded: { color: ["Red"] } },
  { text: "Will they be wide enough do you think? I can't keep returning things, the post office is a long walk for me.", context: { kind: "offer", product: "HM Women Brown Shoes" }, wanted: {}, lacks: ["usage"] },
  // Blind rounds 67-68 (a Tuesday lunchtime; gift hunting without a product in mind).
  { text: "Hey! dad's bday is on friday and I'm thinking a watch... he's a titan guy", wanted: { product_type: "Watches", brand: "Titan" }, excluded: {} },
  { text: "any ray ban in that?", context: { kind: "offer", product: "Fastrack Men Brown Sunglasses" }, wanted: { brand: "Ray-Ban" }, lacks: ["product_type"] },
  { text: "need a navy tie for a client meeting at 3", wanted: { product_type: "Ties", color: "Navy Blue" }, lacks: ["quantity", "price_min", "price_max"] },
  { text: "Actually a pendant feels more special for ten years. Still gold.", wanted: { product_type: "Pendant", color: "Gold" }, lacks: ["price_max"], excluded: {} },
  { text: "something for the office... a watch maybe? fossil is totally her vibe", wanted: { product_type: "Watches", brand: "Fossil" }, excluded: {} },
  { text: "broke student here, my friend turns 21 this weekend and i can do $25 tops", wanted: { price_max: 25 }, lacks: ["product_type"] },
  { text: "a gym bag? like a duffel", wanted: { product_type: "Duffel Bag" } },
  { text: "He walks every morning in the park, so maybe comfortable walking shoes?", context: { kind: "question", slot: "product_type" }, wanted: { product_type: "Sports Shoes" }, lacks: ["brand"] },
  { text: "she's in college.. what are girls that age buying these days?", intent: "get_trending_products", wanted: {} },
  { text: "what's hot right now for teen girls?", intent: "get_trending_products", wanted: { gender: "Women" } },
  // Blind rounds 69-70 (things described by look, feel and use; a Thursday evening).
  { text: "need a bag big enough for my 15 inch laptop that still looks professional", wanted: { product_type: "Laptop Bag" }, lacks: ["price_min", "price_max", "size"] },
  { text: "wfh life, I need comfy pants to lounge around the house in. women's", wanted: { product_type: "Lounge Pants", gender: "Women" } },
  { text: "tiny little studs, nothing dangly. silver please", wanted: { product_type: "Earrings", color: "Silver" } },
  { text: "a little sparkly clutch for a party, just big enough for my phone and a lipstick", wanted: { product_type: "Clutches" } },
  { text: "nike or asics... actually let's just stick to nike", context: { kind: "offer", product: "ADIDAS Women Adi Light White Sports Shoes" }, wanted: { brand: "Nike" }, excluded: {} },
  { text: "not rocia please, had a pair fall apart on me", context: { kind: "question", slot: "size" }, wanted: {}, lacks: ["season"], excluded: { brand: ["Rocia"] } },
  { text: "does it come with a blouse piece?", context: { kind: "offer", product: "Fabindia Green Tie & Dye Ghicha Striped Saree" }, wanted: {}, lacks: ["product_type"] },
];

/** The agent's reader: the shipped encoder with the lookup tables and data rules. */
const withRules = async (): Promise<Understanding> =>
  new Understanding(await EncoderModel.open(config.nluDir), vocabulary, { rules: true, ruleThreshold: loadRuleThreshold(config.nluDir) });

describe("blind rounds' misreadings (16-30), read with the lookup tables and data rules", () => {
  let nlu: Understanding;
  beforeAll(async () => {
    nlu = await withRules();
  });
  for (const c of ROUND16) {
    it(JSON.stringify(c.text), async () => {
      const r = await nlu.read(c.text, c.context ?? NONE);
      if (c.intent) assert.equal(r.intent.label, c.intent);
      const wanted = r.wanted as Record<string, unknown>;
      for (const [k, v] of Object.entries(c.wanted)) assert.deepEqual(wanted[k], v, `${k} in ${JSON.stringify(wanted)}`);
      for (const k of c.lacks ?? []) assert.equal(wanted[k], undefined, `${k} in ${JSON.stringify(wanted)}`);
      if (c.excluded) assert.deepEqual(r.excluded, c.excluded);
    });
  }
});

/**
 * Where a cue outranks a confident reading. Small talk is the encoder's catch-all: an after-sales
 * cue wins over it (the public suite's "where's my stuff?" after two orders was answered "I'm
 * digital. I don't have a physical location."); with an offer standing, an order command is the
 * yes (blind round 20's "order pls" was asked for an order number). Without such a cue, or without
 * the offer, the encoder's reading stands.
 */
const OFFER: ReadingContext = { kind: "offer", product: "catwalk women gold heels" };
const CUE_OR_MODEL: { text: string; context?: ReadingContext; intent: string }[] = [
  { text: "where's my stuff?", intent: "track_order" },
  { text: "where are my things?", intent: "track_order" },
  { text: "you people are useless", intent: "complaint" },
  { text: "how are you", intent: "chit_chat" },
  { text: "what do you do for fun", intent: "chit_chat" },
  { text: "where are you based?", intent: "chit_chat" },
  { text: "order pls", context: OFFER, intent: "affirm" },
  { text: "theek hai, order karo", context: OFFER, intent: "affirm" },
  { text: "order status pls", context: OFFER, intent: "track_order" },
  { text: "order kahan hai", context: OFFER, intent: "track_order" },
  { text: "bahut bekaar service hai, maine blue shirt order kiya tha aur aapne black bhej diya", intent: "complaint" },
  { text: "aapke yahan se jo chappal li thi woh ek hafte mein toot gayi, kya quality hai yaar", intent: "complaint" },
  { text: "i ordered a watch last week and it already stopped working", intent: "complaint" },
];

describe("a cue outranks a confident reading only where the encoder is known to be wrong", () => {
  let nlu: Understanding;
  beforeAll(async () => {
    nlu = await withRules();
  });
  for (const c of CUE_OR_MODEL) {
    it(`${JSON.stringify(c.text)} (${c.context?.kind ?? "none"})`, async () => {
      assert.equal((await nlu.read(c.text, c.context ?? NONE)).intent.label, c.intent);
    });
  }
});
