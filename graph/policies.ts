/**
 * The shop's policies as the agent states them. This demo shop has no real ones, so these are
 * plain placeholders in one place: a deployment replaces this text with its own terms.
 */
export const POLICIES = {
  returns: "You can return an item within 30 days of delivery.",
  delivery: "Orders ship within 2 working days and usually arrive 3 to 7 working days later; you can ask me for an order's status any time.",
  payment: "You can pay by credit or debit card, UPI, PayPal, or cash on delivery.",
} as const;

const DELIVERY = /\b(deliver(y|ies)?|ship(ping)?|arrive|how long)\b/i;
const PAYMENT = /\b(pay(ment)?|paypal|cash on delivery|cod|cards?|upi|credit|debit)\b/i;

/** The policy a support question asks about, if any. */
export function policyAsked(text: string): keyof typeof POLICIES | null {
  if (PAYMENT.test(text)) return "payment";
  if (DELIVERY.test(text)) return "delivery";
  return null;
}

/** A question about the returns policy ("can I return them if they don't fit?") rather than a request to return an order. */
const POLICY_QUESTION = /\b(can i|could i|can you|is it possible|policy|how do i|how does|do you (accept|take|allow)|if (it|they) (doesn'?t|don'?t|dont|doesnt) fit)\b|\?/i;
export const isPolicyQuestion = (text: string): boolean => POLICY_QUESTION.test(text);
