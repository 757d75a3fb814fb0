/**
 * npm run bench:tokenizer: the runtime's tokenizers (@huggingface/transformers' PreTrainedTokenizer)
 * against @huggingface/tokenizers, the library it wraps, on the shipped T5's golden inputs and the
 * encoder's words: the same ids and the same decoded text, encode time per input, import time.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { config, ROOT_DIR } from "../../config.js";
import { commandLine } from "../../retrieval/cli/args.js";

commandLine("npm run bench:tokenizer (no options)", {});

interface Tokenizers {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
}

const readJson = (file: string): object => JSON.parse(readFileSync(file, "utf8")) as object;
const ROUNDS = 50;

const t0 = performance.now();
const transformers = await import("@huggingface/transformers");
const importTransformersMs = performance.now() - t0;
const t1 = performance.now();
const tokenizersLib = (await import("@huggingface/tokenizers")) as unknown as { Tokenizer: new (json: object, cfg: object) => Tokenizers };
const importTokenizersMs = performance.now() - t1;

const golden = readFileSync(path.join(ROOT_DIR, "models", "golden.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { input: string }).input);
const words = [...new Set(golden.flatMap((g) => g.split(/\s+/)))];

function compare(name: string, dir: string, inputs: readonly string[]) {
  const json = readJson(path.join(dir, "tokenizer.json"));
  const cfg = readJson(path.join(dir, "tokenizer_config.json"));
  const viaTransformers = new transformers.PreTrainedTokenizer(json, cfg);
  const direct = new tokenizersLib.Tokenizer(json, cfg);
  let sameIds = 0;
  let sameText = 0;
  for (const x of inputs) {
    const a = direct.encode(x, { add_special_tokens: true }).ids;
    const b = viaTransformers.encode(x, { add_special_tokens: true });
    if (a.length === b.length && a.every((id, i) => id === b[i])) sameIds++;
    const plain = direct.encode(x, { add_special_tokens: false }).ids;
    if (plain.length === 0 || direct.decode(plain, { skip_special_tokens: true }).trim() === viaTransformers.decode(plain, { skip_special_tokens: true, clean_up_tokenization_spaces: false }).trim()) sameText++;
  }
  const time = (encode: (x: string) => unknown) => {
    const t = performance.now();
    for (let r = 0; r < ROUNDS; r++) for (const x of inputs) encode(x);
    return ((performance.now() - t) * 1000) / (ROUNDS * inputs.length);
  };
  // Interleaved twice so a busy machine weighs on both alike.
  const us = { transformers: 0, tokenizers: 0 };
  for (let k = 0; k < 2; k++) {
    us.tokenizers += time((x) => direct.encode(x, { add_special_tokens: true })) / 2;
    us.transformers += time((x) => viaTransformers.encode(x, { add_special_tokens: true })) / 2;
  }
  console.log(`${name}: ${inputs.length} inputs, same ids ${sameIds}/${inputs.length}, same decoded text ${sameText}/${inputs.length}; encode µs per input: transformers ${us.transformers.toFixed(1)}, tokenizers ${us.tokenizers.toFixed(1)}`);
}

console.log(`import: @huggingface/transformers ${importTransformersMs.toFixed(0)} ms, @huggingface/tokenizers ${importTokenizersMs.toFixed(0)} ms (run under tsx: see models/runtime/workerEntry.mjs)`);
compare("T5 (BPE), golden prompts", config.modelDir, golden);
compare("encoder (WordPiece), words of the golden prompts", config.nluDir, words);
