/**
 * Numbers written in words, read the same way wherever the agent reads them: counts and sizes in
 * understanding, amounts in the budget patterns ("under a thousand bucks", "fifteen hundred").
 */
import { textKey } from "./catalog/text.js";

/** Words that count up to a dozen ("a pair", "a couple" included). */
export const COUNT_WORDS: Readonly<Record<string, number>> = {
  one: 1, a: 1, an: 1, single: 1, pair: 1, two: 2, couple: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8,
  nine: 9, ten: 10, eleven: 11, twelve: 12, dozen: 12,
};
export const TEEN_WORDS: Readonly<Record<string, number>> = {
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
/** One to nine as words, the units a tens word may take ("twenty five"). */
export const UNIT_WORDS = "one|two|three|four|five|six|seven|eight|nine";
export const TENS_WORDS: Readonly<Record<string, number>> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/**
 * A number written in words: "three", "twenty five", "a hundred and fifty", "two hundred" (the
 * first run of number words; "and" may join them). Null when the words hold none.
 */
export function wordsNumber(text: string): number | null {
  let total = 0;
  let current = 0;
  let seen = false;
  // "a" / "an" count one unless a number word follows ("a pair", "a couple", "a hundred").
  let article = false;
  for (const w of textKey(text).split(" ")) {
    if (w === "hundred" || w === "thousand") {
      const scaled = (current || 1) * (w === "hundred" ? 100 : 1000);
      if (w === "thousand") {
        total += scaled;
        current = 0;
      } else current = scaled;
      seen = true;
    } else if ((w === "a" || w === "an") && !seen) {
      current = 1;
      seen = article = true;
      continue;
    } else if (w in TENS_WORDS || w in TEEN_WORDS || w in COUNT_WORDS) {
      const n = TENS_WORDS[w] ?? TEEN_WORDS[w] ?? COUNT_WORDS[w]!;
      current = article ? n : current + n;
      seen = true;
    } else if (seen && w !== "and") break;
    article = false;
  }
  return seen ? total + current : null;
}

/** Words after a number that make it money ("twenty five dollars tops", "500 rupees"). */
export const MONEY_UNITS = "usd|dollars?|bucks|rs|rupees|inr|quid|pounds?|euros?";

/** Units of measure a number can carry ("15 inch", "100 ml"): such a number is no count, price or size. */
export const MEASURE_UNITS = "inch|inches|cm|mm|ml|kg|gb";
