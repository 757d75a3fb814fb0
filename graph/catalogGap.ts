/**
 * Requests for things the catalog does not carry ("do you sell laptops?"): when the lookup tables
 * and the models find no product in a message that plainly asks for one, the agent says what it
 * could not find instead of asking "What are you looking for?" as if nothing had been said.
 * Pure functions, unit-tested.
 */

const ASKED_FOR =
  /\b(?:do you (?:guys )?(?:sell|have|carry|stock)|have you got|got any|are there any|is there any|looking for|i(?:'m| am) after|where can i (?:find|buy|get)|can i (?:buy|get|order)|i (?:want|need|would like) to buy)\s+(?:a |an |some |any |the )?([a-z][a-z' -]{1,40}?)\s*(?:[?.!,;]|\b(?:for|in|under|below|with|please|that|which|from|at)\b|$)/i;

/** Objects that are not products: "looking for something", "do you have any advice". */
const NOT_A_PRODUCT =
  /^(?:something|anything|everything|stuff|things?|help|advice|ideas?|gifts?|presents?|recommendations?|suggestions?|deals?|offers?|discounts?|sales?|products?|items?|options?|new|it|this|that|one|ones|them|more|other|else|cheap|cheaper|good|nice|info|information|details|delivery|shipping|returns?|refunds?|order|orders|my|your)\b/i;

/** The thing a message asks for, when it asks for one in so many words. */
export function requestedThing(text: string): string | null {
  const m = ASKED_FOR.exec(text);
  const thing = m?.[1]?.trim().replace(/\s+/g, " ");
  if (!thing || NOT_A_PRODUCT.test(thing)) return null;
  return thing;
}

/** What the agent says when the requested thing is not in the catalog. */
export function notCarriedReply(thing: string): string {
  return `Sorry, I couldn't find ${thing} in our catalog: we carry clothing, footwear, accessories and personal care products. What are you looking for?`;
}

/**
 * "Do you sell laptops?": a question whether the shop sells something, in so many words. The
 * encoder, trained on catalog products only, can hear it as small talk; routing sends it to slot
 * filling, which says what the catalog does not carry.
 */
export function asksIfSold(text: string): boolean {
  return /\b(sell|carry|stock)\b/i.test(text) && requestedThing(text) !== null;
}
