/**
 * Small talk grounded in the shipped corpus (Microsoft BotBuilder Personality Chat,
 * "professional" personality, MIT): the answer of the most similar known question by TF-IDF
 * cosine similarity, or null below a similarity threshold (the agent then steers back to shopping).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT_DIR } from "../config.js";
import { textKey } from "./catalog/text.js";

interface Entry {
  question: string;
  answer: string;
  vector: Map<string, number>;
}

/** The shipped corpus (Personality Chat, "professional"). */
export const SMALLTALK_CORPUS = path.join(ROOT_DIR, "data", "smalltalk", "qna_chitchat_the_professional.tsv");

export interface SmallTalkMatch {
  answer: string;
  question: string;
  score: number;
}

const tokens = (s: string) => textKey(s).split(" ").filter((t) => t.length > 0);

export class SmallTalk {
  private readonly entries: Entry[] = [];
  private readonly idf = new Map<string, number>();

  constructor(tsvPath: string, private readonly threshold = 0.45) {
    const rows = readFileSync(tsvPath, "utf8").split(/\r?\n/).slice(1);
    const docs: { question: string; answer: string; toks: string[] }[] = [];
    for (const row of rows) {
      const [question, answer] = row.split("\t");
      if (!question || !answer) continue;
      docs.push({ question, answer: answer.trim(), toks: tokens(question) });
    }
    const df = new Map<string, number>();
    for (const d of docs) for (const t of new Set(d.toks)) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, n] of df) this.idf.set(t, Math.log((1 + docs.length) / (1 + n)) + 1);
    for (const d of docs) this.entries.push({ question: d.question, answer: d.answer, vector: this.vectorize(d.toks) });
  }

  private vectorize(toks: string[]): Map<string, number> {
    const tf = new Map<string, number>();
    for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, n] of tf) {
      const w = n * (this.idf.get(t) ?? 0);
      if (w > 0) {
        v.set(t, w);
        norm += w * w;
      }
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  }

  answer(text: string): SmallTalkMatch | null {
    const q = this.vectorize(tokens(text.slice(0, 500)));
    let best: SmallTalkMatch | null = null;
    for (const e of this.entries) {
      let score = 0;
      for (const [t, w] of q) score += w * (e.vector.get(t) ?? 0);
      if (!best || score > best.score) best = { answer: e.answer, question: e.question, score };
    }
    return best && best.score >= this.threshold ? best : null;
  }
}
