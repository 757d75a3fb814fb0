/**
 * The layout holds: library code imports only its own layer or the layers below it, and the
 * README's layout section names every top-level folder of code. Entry points (`cli/` folders,
 * tests) sit above everything and may import anything.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, it } from "vitest";
import { ROOT_DIR } from "../config.js";

/** Lowest first. graph/ and nodes/ are one layer: the builder wires the nodes, the nodes use the state. */
export const LAYERS: readonly (readonly string[])[] = [
  ["config.ts", "contract"],
  ["retrieval"],
  ["stores"],
  ["models"],
  ["nlu"],
  ["tools"],
  ["graph", "nodes"],
  ["server"],
  ["evals"],
];

const layerOf = (rel: string): number => LAYERS.findIndex((names) => names.includes(rel.split("/")[0]!));
const isEntryPoint = (rel: string) => rel.split("/").includes("cli") || rel.startsWith("test/");

function codeFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) codeFiles(full, out);
    else if (name.endsWith(".ts")) out.push(full);
  }
  return out;
}

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

/** Every relative import of library code, as [importer, imported] paths relative to the root. */
function imports(): [string, string][] {
  const pairs: [string, string][] = [];
  for (const file of codeFiles(ROOT_DIR)) {
    const rel = path.relative(ROOT_DIR, file);
    if (isEntryPoint(rel) || rel.startsWith("models/training/")) continue;
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      pairs.push([rel, path.relative(ROOT_DIR, path.resolve(path.dirname(file), m[1]!)).replace(/\.js$/, ".ts")]);
    }
  }
  return pairs;
}

describe("layers", () => {
  const pairs = imports();

  it("finds the code it checks", () => {
    assert.ok(pairs.length > 200, `only ${pairs.length} imports found`);
  });

  it("places every folder of library code in a layer", () => {
    const unplaced = [...new Set(pairs.flatMap(([a, b]) => [a, b]).filter((p) => layerOf(p) < 0).map((p) => p.split("/")[0]))];
    assert.deepEqual(unplaced, [], "add the folder to LAYERS (and to the README's layout)");
  });

  it("never imports a layer above the importer", () => {
    const upward = pairs.filter(([a, b]) => !isEntryPoint(b) && layerOf(b) > layerOf(a)).map(([a, b]) => `${a} -> ${b}`);
    assert.deepEqual(upward, []);
  });

  it("library code never imports an entry point", () => {
    assert.deepEqual(pairs.filter(([, b]) => isEntryPoint(b)).map(([a, b]) => `${a} -> ${b}`), []);
  });

  it("the README's layout section names every layer's folders", () => {
    const readme = readFileSync(path.join(ROOT_DIR, "README.md"), "utf8");
    const layout = readme.slice(readme.indexOf("## Layout"));
    for (const name of LAYERS.flat()) assert.match(layout, new RegExp(`\`${name.replace(".", "\\.")}/?\``), `${name} is missing from the README's layout`);
  });
});
