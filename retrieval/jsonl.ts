/**
 * Reading the embedded stores' append-only JSON Lines files. A crash or a full disk can leave the
 * last line half written: that torn tail is dropped (and cut from the file, so the next append
 * starts on a clean line) instead of stopping startup. A bad line anywhere else is corruption,
 * not a torn write, and fails naming the file and line.
 */
import { existsSync, readFileSync, truncateSync } from "node:fs";

export interface JsonLines {
  records: unknown[];
  /** Bytes of a torn last line that were dropped (0 when the file ended cleanly). */
  droppedBytes: number;
}

export function readJsonLines(file: string): JsonLines {
  if (!existsSync(file)) return { records: [], droppedBytes: 0 };
  const buf = readFileSync(file);
  const text = buf.toString("utf8");
  const lines = text.split("\n");
  const records: unknown[] = [];
  let droppedBytes = 0;
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      records.push(JSON.parse(line));
    } catch (e) {
      const isTail = i === lines.length - 1; // no newline after it: the write never finished
      if (!isTail) throw new Error(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
      droppedBytes = Buffer.byteLength(line, "utf8");
    }
  });
  if (droppedBytes > 0) truncateSync(file, buf.length - droppedBytes);
  return { records, droppedBytes };
}
