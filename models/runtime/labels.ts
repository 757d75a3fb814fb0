/** The closed label sets of the classification tasks: DESIGN.md's NLU contract, kept in contract/. */
export { INTENTS, SENTIMENTS, NO_CATEGORY, type Intent, type Sentiment } from "../../contract/index.js";
