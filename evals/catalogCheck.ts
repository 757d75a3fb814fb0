/**
 * Keeps a suite honest against the real catalog, with no model involved: at every turn that
 * expects products, the details the dialogue says the shopper gave so far are searched directly.
 * A dialogue that expects products must find in-stock products that satisfy its products_match
 * with nothing relaxed; a turn whose reply must say "out of stock" must find them with none in
 * stock; a dialogue tagged no_match or relaxed must still find its article type.
 */
import type { ProductRetriever } from "../retrieval/retriever.js";
import { productMismatch } from "./check.js";
import type { LocatedDialogue, SlotsExpect } from "./dialogue.js";

export interface CatalogFinding {
  dialogue: string;
  turn: number;
  problem: string;
}

/** The agent's merge rule: a new product type starts a new search and keeps only the gender. */
function merge(acc: SlotsExpect, turn: SlotsExpect): SlotsExpect {
  if (turn.product_type && acc.product_type && turn.product_type.toLowerCase() !== acc.product_type.toLowerCase()) {
    return { ...(acc.gender ? { gender: acc.gender } : {}), ...turn };
  }
  return { ...acc, ...turn };
}

export async function checkAgainstCatalog(dialogues: readonly LocatedDialogue[], retriever: ProductRetriever): Promise<CatalogFinding[]> {
  const findings: CatalogFinding[] = [];
  for (const d of dialogues) {
    const tags = new Set(d.tags ?? []);
    let acc: SlotsExpect = {};
    for (const [i, t] of d.turns.entries()) {
      const e = t.expect;
      if (e?.slots) acc = merge(acc, e.slots);
      const m = e?.products_match;
      const note = (problem: string) => findings.push({ dialogue: d.id, turn: i + 1, problem });
      if (m) {
        const r = await retriever.retrieve(acc, 5);
        const top = r.products;
        if (top.length === 0) note(`no product at all for ${JSON.stringify(acc)}`);
        else if (tags.has("no_match") || tags.has("relaxed")) {
          const wrongType = top.find((p) => productMismatch(p, { articleType: m.articleType ?? [p.articleType] }) !== null);
          if (wrongType) note(`relaxed search for ${JSON.stringify(acc)} returns another article type: ${wrongType.name}`);
        } else if (e.reply_contains?.some((w) => /out of stock/i.test(w))) {
          // Relaxing the size or the stock is how the retriever reports "exists, but none left".
          const other = r.relaxed.filter((x) => x.step !== "size" && x.step !== "stock");
          if (r.summary.available !== "0" || other.length > 0) note(`expected out of stock, but ${JSON.stringify(acc)} has ${r.summary.available} available (relaxed: ${r.relaxed.map((x) => x.step).join(", ") || "nothing"})`);
          const bad = top.map((p) => productMismatch(p, m)).find((x) => x !== null);
          if (bad) note(`an out-of-stock product for ${JSON.stringify(acc)} fails products_match: ${bad}`);
        } else if (r.relaxed.length > 0) note(`${JSON.stringify(acc)} only matches after relaxing ${r.relaxed.map((x) => x.step).join(", ")}`);
        else {
          const bad = top.map((p) => productMismatch(p, m)).find((x) => x !== null);
          if (bad) note(`a product for ${JSON.stringify(acc)} fails products_match: ${bad}`);
          if (Number(r.summary.available) <= 0) note(`${JSON.stringify(acc)} is not in stock (available ${r.summary.available})`);
        }
      }
      // After an order, a decline or a reset the agent starts over with no slots.
      if (e?.state === "reset" || e?.state === "confirmOrder" || e?.order_placed === true) acc = {};
    }
  }
  return findings;
}
