/**
 * The public suite is honest about the real catalog (no models involved): every turn that
 * expects products has in-stock products that satisfy it with nothing relaxed, every "out of
 * stock" turn really is out of stock, and relaxed searches stay on the requested article type.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { config, ROOT_DIR } from "../config.js";
import { checkAgainstCatalog } from "../evals/catalogCheck.js";
import { loadDialogues } from "../evals/load.js";
import { openRetriever } from "../stores/open.js";
import type { ProductRetriever } from "../retrieval/retriever.js";

describe("the public suite against the real catalog", () => {
  let retriever: ProductRetriever;
  // The embedded store: the same query documents as MongoDB, without a server's per-query cost.
  beforeAll(async () => {
    retriever = await openRetriever({ ...config, mongodbUri: undefined });
  });
  afterAll(async () => {
    await retriever?.store.close();
  });

  it("finds what every product expectation asks for", async () => {
    const dialogues = loadDialogues(path.join(ROOT_DIR, "evals", "dialogues"));
    const findings = await checkAgainstCatalog(dialogues, retriever);
    assert.deepEqual(findings.map((f) => `${f.dialogue} turn ${f.turn}: ${f.problem}`), []);
  });

  it("catches an expectation the catalog cannot meet", async () => {
    const [d] = loadDialogues(path.join(ROOT_DIR, "evals", "dialogues", "apparel.jsonl")).filter((x) => x.id === "app-navy-turtle-shirt");
    assert.ok(d);
    const impossible = { ...d, turns: d.turns.map((t) => (t.expect?.products_match ? { ...t, expect: { ...t.expect, products_match: { ...t.expect.products_match, brand: ["Nike"] } } } : t)) };
    const findings = await checkAgainstCatalog([impossible], retriever);
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.problem, /fails products_match: brand "Turtle"/);
  });
});
