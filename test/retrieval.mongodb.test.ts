import { catalogSlice } from "./helpers/catalog.js";
import { mongoSkip } from "./helpers/mongo.js";
import { openMongo } from "./helpers/stores.js";
import { retrievalSuite } from "./retrieval.suite.js";

// A slice of the real catalog: FerretDB's SQLite backend scans every document per query.
retrievalSuite("MongoDB (catalog slice)", () => openMongo(catalogSlice, "suite"), mongoSkip);
