/**
 * Checks on a generated small-talk reply before a shopper sees it. The chat model knows nothing of
 * the shop's prices, stock, orders or policies, so any reply that states one is invented; it is
 * also kept short, polite and honest about being a bot. The lists are data: each pattern has
 * examples it must catch and counter-examples it must let through (test/chatGuard.test.ts).
 */

export type GuardReason = "number" | "money" | "commerce" | "order" | "contact" | "abuse" | "human" | "claim" | "privacy" | "mood" | "empty";

/**
 * Messages the model is not asked about at all: the shop's facts (prices, discounts, delivery,
 * returns, stock, orders: only the shop's data may answer), someone in distress, and sensitive
 * subjects (sexual, hateful, medical, legal, financial, crime) a 135M-parameter model gets wrong.
 */
export type InputConcern = "shop_facts" | "distress" | "sensitive";

const INPUT_RULES: { concern: InputConcern; pattern: RegExp }[] = [
  { concern: "distress", pattern: /\b(?:kill myself|suicid\w*|self.harm|hurt myself|end my life|don'?t (?:see|want) the point|no reason to live|want to die|feeling (?:really |so )?(?:low|hopeless|depressed))\b/i },
  {
    concern: "sensitive",
    pattern:
      /\b(?:sex\w*|nude|naked|porn\w*|lingerie|horny|dirty joke|swear|curse word|bad words?|racis\w*|race|religion|muslims?|jews?|christians?|hindus?|gay|ugliest|fat people|pregnan\w*|allerg\w*|rash|infection|doctor|medic\w*|sue|lawsuit|legal(?:ly)?|lawyer|invest\w*|lottery|vote|election|politic\w*|shoplift\w*|steal|hack\w*|password|address|e-?mail|phone number|ceo)\b/i,
  },
  // Other shoppers: who bought what is never the model's to say (nor the shop's to tell).
  {
    concern: "sensitive",
    pattern: /\b(?:who (?:else )?(?:bought|ordered|purchased|buys)|names? of (?:the )?(?:other )?(?:customers?|shoppers?|buyers?|people who)|other (?:customers?|shoppers?|buyers?)'?s? (?:names?|details|orders?))\b/i,
  },
  {
    concern: "shop_facts",
    pattern:
      /\b(?:discounts?|coupons?|promo\w*|vouchers?|codes?|sales?|deals?|cheap\w*|prices?|pric(?:ed|ing)|cost\w*|how much|expensive|free|deliver\w*|ship\w*|arriv\w*|returns?|returnable|refund\w*|exchang\w*|warrant\w*|guarantee\w*|in stock|out of stock|sold out|stock|reserve|order\w*|track\w*|receipt|invoice|payment|pay|credit card|cash)\b/i,
  },
];

/** Why the model should not be asked about this message, or null when it may be. */
export function inputConcern(text: string): InputConcern | null {
  for (const rule of INPUT_RULES) if (rule.pattern.test(text)) return rule.concern;
  return null;
}

interface Rule {
  reason: GuardReason;
  pattern: RegExp;
}

/** Number words that, next to a unit, make a promise ("two days", "ten percent"). */
const NUMBER_WORD = "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|a few|a couple of)";

const RULES: Rule[] = [
  // Any digit: a price, a date, a percentage, an order or phone number. Small talk never needs one.
  { reason: "number", pattern: /\d/ },
  { reason: "money", pattern: /[$€£¥₹]|\b(?:dollars?|bucks|euros?|pounds?|rupees?|rs\.?|usd|inr|cents?|percent|per cent)\b/i },
  { reason: "money", pattern: new RegExp(`\\b${NUMBER_WORD}\\s+(?:days?|weeks?|hours?|months?|years?)\\b`, "i") },
  // What the shop sells at, gives away or promises: only the shop's data may say so.
  {
    reason: "commerce",
    pattern:
      /\b(?:discounts?|discounted|coupons?|promo(?:tion)?s?|vouchers?|promo codes?|codes?|sales?|deals?|offers? (?:you|a)|free (?:shipping|delivery|returns?|gift)|on sale|price[ds]?|pricing|costs?|cheap(?:er|est)?|refunds?|refundable|returns? policy|return (?:it|them|within)|exchanges?|warrant(?:y|ies)|guarantee[sd]?|in stock|out of stock|restock(?:ed|ing)?|deliver(?:y|ed|s)? (?:by|within|in|tomorrow|today|next)|ship(?:ped|s)? (?:by|within|in|tomorrow|today|next)|arrives? (?:by|within|in|tomorrow|today|next)|express shipping|same.day)\b/i,
  },
  { reason: "order", pattern: /\b(?:order (?:number|id|no)|tracking (?:number|id|code|link)|track(?:ing)? your (?:order|parcel|package)|your order (?:is|has|was|will))\b/i },
  // Ways to reach someone that the model would have to invent.
  // Anything about money changing hands or goods moving, whatever the wording: the shop's data says that.
  { reason: "commerce", pattern: /\b(?:free|available|availability|deliver\w*|ship\w*|credit card|debit card|payment|pay|paid|returns?|returnable|stock|sold out|reserve\w*|receipt|invoice)\b/i },
  { reason: "contact", pattern: /\b(?:call (?:me|us)|give (?:me|us) a (?:call|ring)|phone|e-?mail|whatsapp|text me|(?:our|my) address|find (?:me|us) (?:at|on|in)|social media|instagram|facebook|visit (?:our|the|my) (?:store|shop)|website|app)\b|www\.|https?:|\.com\b/i },
  // It is the shop's virtual assistant, never a person.
  { reason: "human", pattern: /\b(?:i am|i'm|im) (?:a |an )?(?:real )?(?:person|woman|man|girl|guy|lady|not a (?:bot|robot|chatbot|machine|ai))\b|(?<!\bnot (?:a )?)\bhuman\b/i },
  // Other shoppers, named or described: invented, and private if it were not.
  {
    reason: "privacy",
    pattern:
      /\b(?:customers?|shoppers?|buyers?|someone|a (?:lady|man|woman|girl|guy)) (?:named|called)\b|\b(?!(?:He|She|They|We|You|It|I|Everyone|Nobody|Someone|People|Many|Most|Lots)\b)[A-Z][a-z]+ (?:just |also |recently )?(?:bought|ordered|purchased)\b/,
  },
  // Products, offers or places it would have to invent.
  { reason: "claim", pattern: /\bmy name is\b|\b(?:we|i) (?:have|sell|carry|stock|offer)\b|\bfind (?:everything|anything|it|them) (?:you need )?(?:here|online|at)\b|\beverything you need\b|\b(?:called|named) ["'“]|\bwe(?:'ll| will) (?:send|give|refund|replace)\b/i },
];

/** Words the shop's assistant never says, whatever it was asked (matched as whole words). */
const ABUSIVE = [
  "fuck", "fucking", "fucker", "shit", "shitty", "bitch", "bastard", "asshole", "dick", "cunt", "slut", "whore", "retard", "retarded",
  "idiot", "idiots", "stupid", "moron", "dumb", "loser", "ugly", "fat", "hate you", "shut up", "kill", "die", "damn", "crap", "piss",
  "sexy", "sex", "nude", "naked", "porn", "nigger", "nigga", "faggot", "fag", "kys",
];
const ABUSE = new RegExp(`\\b(?:${ABUSIVE.map((w) => w.replace(/ /g, "\\s+")).join("|")})\\b`, "i");

/** Sympathy, which a small model offers by default ("hello?" -> "I'm sorry for your loss"). */
const SYMPATHY = /\b(?:sorry (?:for|about) your (?:loss|troubles?|situation)|sorry to hear|condolences|must be (?:hard|tough|difficult)|sorry for what you)\b/i;

/**
 * The first rule a reply breaks, or null when it may be shown. `shopperUpset`: the understanding
 * read the message as negative; sympathy is out of place otherwise.
 */
export function guardViolation(text: string, shopperUpset = true): GuardReason | null {
  if (text.trim().length === 0) return "empty";
  if (!shopperUpset && SYMPATHY.test(text)) return "mood";
  if (ABUSE.test(text)) return "abuse";
  for (const rule of RULES) if (rule.pattern.test(text)) return rule.reason;
  return null;
}

/** Longest reply shown, in characters: two short sentences. */
export const MAX_REPLY_CHARS = 240;

/**
 * The reply as shown: whitespace collapsed, at most `maxSentences` sentences and MAX_REPLY_CHARS,
 * cut at a sentence end where one exists (a small model rambles and repeats itself).
 */
export function trimReply(text: string, maxSentences = 2): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const sentences = (flat.match(/[^.!?]+(?:[.!?]+|$)/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
  const kept: string[] = [];
  for (const s of sentences) {
    if (kept.length === maxSentences || [...kept, s].join(" ").length > MAX_REPLY_CHARS) break;
    if (!kept.some((k) => k.toLowerCase() === s.toLowerCase())) kept.push(s);
  }
  if (kept.length > 0) return kept.join(" ");
  // One over-long sentence: cut at the last word boundary and close it.
  return flat.slice(0, MAX_REPLY_CHARS).replace(/\s+\S*$/, "").replace(/[,;:\s]+$/, "") + ".";
}
