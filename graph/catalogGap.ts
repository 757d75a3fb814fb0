/**
 * Requests for things the catalog does not carry ("do you sell laptops?"): when the lookup tables
 * and the models find no product in a message that plainly asks for one (nlu/phrasings.ts
 * `requestedThing`), the agent says what it could not find instead of asking "What are you
 * looking for?" as if nothing had been said.
 */

/** What the agent says when the requested thing is not in the catalog. */
export function notCarriedReply(thing: string): string {
  return `Sorry, I couldn't find ${thing} in our catalog: we carry clothing, footwear, accessories and personal care products. What are you looking for?`;
}
