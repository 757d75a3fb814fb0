/**
 * Reads the real catalog CSV (data/catalog/styles.csv) into typed rows.
 * 22 rows carry unquoted commas inside productDisplayName (11 or 12 fields): the extra fields
 * are joined back into the name instead of dropping the rows. Empty cells (and "NA" colours and
 * usages) become null.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";

export const CATALOG_HEADER = [
  "id", "gender", "masterCategory", "subCategory", "articleType",
  "baseColour", "season", "year", "usage", "productDisplayName",
] as const;

export interface CatalogRow {
  id: number;
  gender: string;
  masterCategory: string;
  subCategory: string;
  articleType: string;
  baseColour: string | null;
  season: string | null;
  year: number | null;
  usage: string | null;
  productDisplayName: string;
}

export class CatalogFormatError extends Error {
  constructor(message: string, readonly line: number) {
    super(`catalog line ${line}: ${message}`);
    this.name = "CatalogFormatError";
  }
}

const blankToNull = (s: string | undefined): string | null => {
  const t = (s ?? "").trim();
  return t === "" ? null : t;
};

/** "NA" in baseColour / usage means "not applicable": stored as null like an empty cell. */
const naToNull = (s: string | undefined): string | null => {
  const t = blankToNull(s);
  return t === "NA" ? null : t;
};

/** Parses catalog CSV text; throws CatalogFormatError naming the line of any malformed row. */
export function parseCatalogCsv(text: string): CatalogRow[] {
  const records: string[][] = parse(text, {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    bom: true,
  });
  const [header, ...rows] = records;
  if (!header || header.join(",") !== CATALOG_HEADER.join(",")) {
    throw new CatalogFormatError(`unexpected header ${JSON.stringify(header)}`, 1);
  }
  const seen = new Set<number>();
  return rows.map((fields, index) => {
    const line = index + 2;
    if (fields.length < CATALOG_HEADER.length) throw new CatalogFormatError(`expected 10 fields, got ${fields.length}`, line);
    const name = fields.slice(9).join(",").trim();
    const id = Number(fields[0]);
    if (!Number.isSafeInteger(id) || id <= 0) throw new CatalogFormatError(`bad id ${JSON.stringify(fields[0])}`, line);
    if (seen.has(id)) throw new CatalogFormatError(`duplicate id ${id}`, line);
    seen.add(id);
    const yearText = blankToNull(fields[7]);
    const year = yearText === null ? null : Number(yearText);
    if (year !== null && !Number.isInteger(year)) throw new CatalogFormatError(`bad year ${yearText}`, line);
    const required = (i: number, what: string): string => {
      const v = blankToNull(fields[i]);
      if (v === null) throw new CatalogFormatError(`empty ${what}`, line);
      return v;
    };
    return {
      id,
      gender: required(1, "gender"),
      masterCategory: required(2, "masterCategory"),
      subCategory: required(3, "subCategory"),
      articleType: required(4, "articleType"),
      baseColour: naToNull(fields[5]),
      season: blankToNull(fields[6]),
      year,
      usage: naToNull(fields[8]),
      productDisplayName: name,
    };
  });
}

export function readCatalogCsv(filePath: string): CatalogRow[] {
  return parseCatalogCsv(readFileSync(filePath, "utf8"));
}
