/**
 * The shop's policies as the agent states them. This demo shop has no real ones, so these are
 * plain placeholders in one place: a deployment replaces this text with its own terms.
 * (Which policy a question asks about is read by nlu/phrasings.ts.)
 */
export const POLICIES = {
  returns: "You can return an item within 30 days of delivery.",
  delivery: "Orders ship within 2 working days and usually arrive 3 to 7 working days later; you can ask me for an order's status any time.",
  payment: "You can pay by credit or debit card, UPI, PayPal, or cash on delivery.",
} as const;
