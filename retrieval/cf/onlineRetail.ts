/**
 * The UCI "Online Retail" purchase log (data/interactions/OnlineRetail.csv.gz; origin, licence
 * and citation in data/README.md) as purchase events: one event per invoice line. Dropped, as is
 * usual for this log: lines without a CustomerID, cancellations (invoice "C..."), non-positive
 * quantities, and non-product codes (postage, fees, manual adjustments: codes not starting
 * with five digits).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import type { FeedbackEvent } from "./dataset.js";

export const ONLINE_RETAIL_CITATION =
  "Chen, D., Sain, S.L., Guo, K. (2012). Data mining for the online retail industry: A case study of RFM model-based " +
  "customer segmentation using data mining. Journal of Database Marketing and Customer Strategy Management 19(3):197-208. " +
  'Data: UCI Machine Learning Repository, "Online Retail" (id 352), CC BY 4.0.';

const HEADER = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];
const PRODUCT_CODE = /^\d{5}/;
const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/;

/** "12/1/2010 8:26" (month/day/year, UK time, read as UTC) -> epoch ms. */
export function parseInvoiceDate(s: string): number {
  const m = DATE.exec(s);
  if (!m) throw new Error(`unexpected InvoiceDate ${JSON.stringify(s)}`);
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]));
}

export interface OnlineRetailStats {
  rows: number;
  kept: number;
}

export function loadOnlineRetail(file: string): { events: FeedbackEvent[]; stats: OnlineRetailStats } {
  const rows = parse(gunzipSync(readFileSync(file)), { from_line: 1, relax_column_count: false });
  const header = rows[0];
  if (!header || header.join(",") !== HEADER.join(",")) throw new Error(`${file}: unexpected header ${JSON.stringify(header)}`);
  const events: FeedbackEvent[] = [];
  for (let k = 1; k < rows.length; k++) {
    const [invoice, code, , quantity, date, , customer] = rows[k]!;
    if (!customer || !invoice || invoice.startsWith("C") || !code || !PRODUCT_CODE.test(code) || !(Number(quantity) > 0)) continue;
    // Customer ids are written "17850" (sometimes "17850.0" in other copies): keep the integer part.
    events.push({ user: customer.replace(/\.0$/, ""), item: code.toUpperCase(), time: parseInvoiceDate(date ?? ""), weight: 1 });
  }
  return { events, stats: { rows: rows.length - 1, kept: events.length } };
}
