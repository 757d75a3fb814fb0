/**
 * Reads dialogue files (one file, or every *.jsonl under a directory) and validates them: JSON
 * syntax, the strict schema, catalog vocabulary, and ids unique across files. Every problem is
 * reported, each naming its file and line.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { DialogueSchema, type Dialogue, type LocatedDialogue } from "./dialogue.js";
import { loadEvalVocabulary, vocabularyProblem, type EvalVocabulary } from "./vocabulary.js";

export class DialogueFileError extends Error {
  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, 40);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : "";
    super(`${problems.length} problem(s) in the dialogue files:\n  ${shown.join("\n  ")}${more}`);
    this.name = "DialogueFileError";
  }
}

/** The dialogue files a path names: itself, or the *.jsonl files under it (sorted, recursive). */
export function dialogueFiles(target: string): string[] {
  let st;
  try {
    st = statSync(target);
  } catch {
    throw new DialogueFileError([`${target}: no such file or directory`]);
  }
  if (st.isFile()) return [target];
  const found: string[] = [];
  for (const entry of readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) found.push(...dialogueFiles(full));
    else if (entry.name.endsWith(".jsonl")) found.push(full);
  }
  if (found.length === 0) throw new DialogueFileError([`${target}: no *.jsonl dialogue files in this directory`]);
  return found;
}

const issuePath = (p: readonly PropertyKey[]) => (p.length === 0 ? "(dialogue)" : p.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("").replace(/^\./, ""));

function schemaProblems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${issuePath(i.path)}: ${i.message}`);
}

/** Catalog-vocabulary checks on expectations (the schema checks shape; this checks words). */
export function vocabularyProblems(d: Dialogue, vocab: EvalVocabulary): string[] {
  const out: string[] = [];
  const check = (where: string, set: Map<string, string>, what: string, value: string | number | undefined) => {
    if (value === undefined) return;
    const problem = vocabularyProblem(set, what, String(value));
    if (problem) out.push(`${where}: ${problem}`);
  };
  d.turns.forEach((t, i) => {
    const s = t.expect?.slots;
    const at = `turns[${i}].expect`;
    if (s) {
      check(`${at}.slots.product_type`, vocab.productType, "article type", s.product_type);
      check(`${at}.slots.color`, vocab.color, "colour", s.color);
      check(`${at}.slots.size`, vocab.size, "size", s.size);
      check(`${at}.slots.brand`, vocab.brand, "brand", s.brand);
      check(`${at}.slots.gender`, vocab.gender, "gender", s.gender);
      check(`${at}.slots.usage`, vocab.usage, "usage", s.usage);
      check(`${at}.slots.season`, vocab.season, "season", s.season);
      if (s.price_min !== undefined && s.price_max !== undefined && s.price_min > s.price_max) out.push(`${at}.slots: price_min is above price_max`);
    }
    const m = t.expect?.products_match;
    if (m) {
      const each = (field: keyof typeof m, set: Map<string, string>, what: string) => {
        const v = m[field];
        if (Array.isArray(v)) for (const x of v) check(`${at}.products_match.${field}`, set, what, x);
      };
      each("articleType", vocab.productType, "article type");
      each("baseColour", vocab.color, "colour");
      each("brand", vocab.brand, "brand");
      each("gender", vocab.gender, "gender");
      each("usage", vocab.usage, "usage");
      each("season", vocab.season, "season");
      each("sizes", vocab.size, "size");
    }
  });
  return out;
}

export function parseDialogueText(text: string, file: string, vocab: EvalVocabulary): { dialogues: LocatedDialogue[]; problems: string[] } {
  const dialogues: LocatedDialogue[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      problems.push(`${file}:${line}: invalid JSON: ${(e as Error).message}`);
      return;
    }
    const parsed = DialogueSchema.safeParse(json);
    const id = typeof json === "object" && json !== null && "id" in json ? ` (dialogue ${JSON.stringify((json).id)})` : "";
    if (!parsed.success) {
      for (const p of schemaProblems(parsed.error)) problems.push(`${file}:${line}${id}: ${p}`);
      return;
    }
    const words = vocabularyProblems(parsed.data, vocab);
    if (words.length > 0) {
      for (const p of words) problems.push(`${file}:${line}${id}: ${p}`);
      return;
    }
    dialogues.push({ ...parsed.data, file, line });
  });
  return { dialogues, problems };
}

/** Loads and validates every dialogue under `target`; throws DialogueFileError listing every problem. */
export function loadDialogues(target: string, vocab: EvalVocabulary = loadEvalVocabulary()): LocatedDialogue[] {
  const all: LocatedDialogue[] = [];
  const problems: string[] = [];
  for (const file of dialogueFiles(target)) {
    const r = parseDialogueText(readFileSync(file, "utf8"), file, vocab);
    all.push(...r.dialogues);
    problems.push(...r.problems);
  }
  const seen = new Map<string, LocatedDialogue>();
  for (const d of all) {
    const first = seen.get(d.id);
    if (first) problems.push(`${d.file}:${d.line}: dialogue id ${JSON.stringify(d.id)} is already used at ${first.file}:${first.line}`);
    else seen.set(d.id, d);
  }
  if (problems.length > 0) throw new DialogueFileError(problems);
  if (all.length === 0) throw new DialogueFileError([`${target}: no dialogues found`]);
  return all;
}
