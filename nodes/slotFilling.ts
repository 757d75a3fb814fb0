/**
 * Slot filling: the required details for the product family come from data
 * (models/data/required_slots.json); the slot-filler model phrases the follow-up question.
 * When nothing is missing the turn goes on to context translation. A detail asked twice without
 * an answer is dropped rather than asked a third time.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { missingSlots, nextQuestion } from "../graph/routing.js";
import type { AgentDeps } from "../graph/deps.js";
import type { AgentStateType, ShownProduct } from "../graph/state.js";
import { toShown } from "./booking.js";
import type { Relaxation } from "../retrieval/query.js";
import { isSearchInputError, searchRequest } from "./searchRequest.js";
import type { SlotKey } from "../retrieval/slots.js";
import { MISSED_DETAIL, replies, sideAnswer } from "../graph/replies.js";
import { rangeName, sizesInStock } from "../graph/task.js";
import { botSays, toTurns } from "./messages.js";

const PREVIEW = 5;
const NO_PREVIEW = { products: [] as ShownProduct[], missed: [] as string[] };

/**
 * Details a preview may go without, saying so: when a product was catalogued and for what occasion
 * matter least, and a budget or a colour nothing meets is better told at once, while the shopper can
 * still change it ("tshirts under 1 dollar??" and "olive green trackpants mens" had only asked for the
 * size, blind rounds 43 and 44), than after the questions.
 */
const PREVIEW_MAY_RELAX: ReadonlySet<Relaxation["step"]> = new Set(["season", "usage", "price", "color"]);

/**
 * The first products of the requested range and the details they could not match ("a red dress
 * for a party": the red dresses, none for parties); none when anything else needs relaxing (or the
 * request cannot be searched).
 */
async function previewRange(deps: AgentDeps, state: AgentStateType, config?: LangGraphRunnableConfig): Promise<{ products: ShownProduct[]; missed: string[] }> {
  try {
    const result = await deps.tools.searchProducts.invoke({ ...searchRequest(state), limit: PREVIEW, userId: state.userId }, config);
    if (!result.relaxed.every((r) => PREVIEW_MAY_RELAX.has(r.step))) return NO_PREVIEW;
    return { products: result.products.slice(0, PREVIEW).map(toShown), missed: result.relaxed.map((r) => MISSED_DETAIL[r.step]) };
  } catch (e) {
    if (isSearchInputError(e)) return NO_PREVIEW;
    throw e;
  }
}

/**
 * The size question put another way, for a shopper who did not answer it ("not sure"): the sizes
 * in stock among the products shown, or the sizes the type comes in.
 */
export function sizesQuestion(type: string, shown: readonly ShownProduct[], catalogSizes: readonly string[]): string {
  const inStock = new Set(shown.flatMap(sizesInStock));
  const sizes = inStock.size > 0 ? catalogSizes.filter((s) => inStock.has(s)) : catalogSizes;
  return replies.sizesInStock(rangeName(type), sizes);
}

export function makeSlotFilling(deps: AgentDeps) {
  const { required, questions } = deps.requiredSlots;
  return async function slotFilling(state: AgentStateType, config?: LangGraphRunnableConfig) {
    const type = state.slots.product_type;
    const family = type ? (deps.familyOf(type) ?? "default") : "default";
    // "What's hot in women's sneakers?" is browsing: show the range, don't ask for size and colour first.
    const browsing = state.intent === "get_trending_products";
    const byFamily: SlotKey[] = type && !browsing ? (required[family] ?? required.default ?? ["product_type"]) : ["product_type"];
    // A saree comes in one size: asking for it only delays the offer.
    const needed = type && deps.oneSize(type) ? byFamily.filter((k) => k !== "size") : byFamily;
    const { ask, skip } = nextQuestion(missingSlots(needed, state.slots, state.dontCare), state.asked);
    // A detail asked twice and still not given does not matter enough to ask a third time.
    const dontCare = skip.length > 0 ? [...state.dontCare, ...skip] : state.dontCare;
    if (ask === null) return { pendingQuestion: null, dontCare, previewed: false };
    const open = missingSlots(needed, state.slots, dontCare);
    // The same question never twice in a row: asked again, it is put another way (below), without the model.
    const again = state.step === "slotFilling" && state.pendingQuestion === ask;
    // Otherwise prefer the model's phrasing when it asks about one of the missing details.
    const question = again ? null : await deps.tools.askQuestion.invoke({ turns: toTurns(state.messages.slice(state.searchFrom)) }, config);
    const modelSlot = open.find((k) => question !== null && questions[k] === question);
    const slot = modelSlot ?? ask;
    // "Do you sell laptops?" named no product we know: say so rather than ask as if nothing was said.
    const thing = slot === "product_type" && Object.keys(state.entities).length === 0 ? (state.reading?.cues.requested ?? null) : null;
    // "What's trending?" names no range: offer the largest ones rather than a bare "what are you looking for?".
    const trending = slot === "product_type" && state.intent === "get_trending_products";
    const ranges = trending ? deps.largestRanges({ gender: state.slots.gender }).slice(0, 5).map(rangeName) : [];
    // "black 10" after "adidas slides" (a type we do not know): the products that fit what was said,
    // and the kinds of product it fits, not a bare "what are you looking for?" as if nothing was heard.
    // So does "something fleece to keep him warm" (blind round 33): the features said are a description,
    // and so is an occasion ("show me ethnic wear for women", blind round 45, had only been asked what it wanted).
    const { brand, color, gender, usage, features } = state.slots;
    const described = slot === "product_type" && !thing && !trending && (brand !== undefined || color !== undefined || usage !== undefined || (features?.length ?? 0) > 0);
    const largest = described ? deps.largestRanges({ brand, color, gender, usage, features }) : [];
    // Asking the size, the range is known: show it meanwhile (blind round 8's shoppers expected
    // products before the size question), in the request's exact terms only; the offer waits for the size.
    const { products: preview, missed } = (slot === "size" && type) || largest.length > 0 ? await previewRange(deps, state, config) : NO_PREVIEW;
    // The kinds of the products shown first (they fit every word said), then the largest ranges that fit.
    const kinds = largest.length > 0 ? [...new Set([...preview.map((p) => p.articleType), ...largest])].slice(0, 3).map(rangeName) : [];
    const asked = kinds.length > 0 ? replies.whichKind(kinds) : ((modelSlot ? question : questions[slot]) ?? replies.askAbout(slot));
    const asking = !again || kinds.length > 0 ? asked : slot === "size" && type ? sizesQuestion(type, preview, deps.sizesOf(type)) : replies.askAgain(asked);
    // "Show me what you have" while the size is asked: the list to pick from, and the question.
    const listed = preview.length > 1 && state.reading?.cues.list === true;
    const reply = sideAnswer(state) + (listed
      ? `${replies.list(preview)} ${asking}`
      : thing
      ? replies.notCarried(thing)
      : trending
        ? replies.trendingRanges(ranges)
        : preview[0]
          ? replies.preview(preview[0], asking, missed)
          : asking);
    return {
      pendingQuestion: slot, dontCare, asked: { ...state.asked, [slot]: (state.asked[slot] ?? 0) + 1 },
      reply, step: "slotFilling" as const, messages: [botSays(reply)],
      previewed: preview.length > 0, ...(preview.length > 0 ? { products: preview } : {}),
    };
  };
}
