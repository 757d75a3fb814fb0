/** The real catalog and vocabulary, built once per test process. */
import { config } from "../../config.js";
import { loadCatalog, type Catalog } from "../../retrieval/catalog/products.js";
import { buildVocabulary, type Vocabulary } from "../../retrieval/vocabulary.js";

export const catalog: Catalog = loadCatalog(config.catalogPath);
export const vocabulary: Vocabulary = buildVocabulary(catalog);

/**
 * A deterministic slice of the real catalog (every 12th product, ~3,700 items across every
 * category) for suites that run on FerretDB, whose SQLite backend scans every document per query.
 */
export const catalogSlice = catalog.products.filter((_, i) => i % 12 === 0);
