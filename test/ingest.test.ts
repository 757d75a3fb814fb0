/** The whole real catalog goes into each executor, and ingesting again changes nothing. */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { skipped } from "./helpers/skip.js";
import { ingest } from "../stores/open.js";
import { catalog } from "./helpers/catalog.js";
import { mongoSkip } from "./helpers/mongo.js";
import { openEmbedded, openMongo, type OpenedStore } from "./helpers/stores.js";

async function checkFullIngest(open: () => Promise<OpenedStore>): Promise<void> {
  const opened = await open();
  const { store } = opened;
  try {
    assert.equal(await store.count(), 44_446);
    const again = await ingest(store, catalog);
    assert.deepEqual(again, { upserted: 0, modified: 0, matched: 44_446 });
    assert.equal(await store.catalogFingerprint(), catalog.fingerprint);
    assert.equal(await store.count({ brand: "United Colors of Benetton" }), catalog.products.filter((p) => p.brand === "United Colors of Benetton").length);
  } finally {
    await opened.dispose();
  }
}

describe("catalog ingestion", () => {
  it("loads all 44,446 products into the embedded store, idempotently", () => checkFullIngest(() => openEmbedded(catalog.products)));
  it("loads all 44,446 products into MongoDB, idempotently", { skip: skipped(mongoSkip) }, () =>
    checkFullIngest(() => openMongo(catalog.products, "ingest")),
  );
});
