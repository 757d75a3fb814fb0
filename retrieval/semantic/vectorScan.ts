/**
 * Integer dot products of one int8 query with a block of int8 product vectors, in native code:
 * onnxruntime's MatMulInteger (models/artifacts/scan/scan.onnx, written by models/scan/make_scan.py)
 * reads the rows in place. A search by meaning alone scans 10-20 thousand vectors; the same loop
 * in JavaScript takes several times as long (`npm run bench:judged` prints the search latency).
 */
import path from "node:path";
import * as ort from "onnxruntime-node";
import { ROOT_DIR } from "../../config.js";

export const SCAN_MODEL = path.join(ROOT_DIR, "models", "artifacts", "scan", "scan.onnx");

export class VectorScan {
  private constructor(private readonly session: ort.InferenceSession) {}

  /** One thread: a scan is one request's work, and requests run side by side. */
  static async open(file = SCAN_MODEL): Promise<VectorScan> {
    return new VectorScan(await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1 }));
  }

  /** Each row's dot product with `query` (rows: `rows.length / query.length` vectors of the query's length, back to back). */
  async dot(rows: Int8Array, query: Int8Array): Promise<Int32Array> {
    const d = query.length;
    const n = rows.length / d;
    if (n === 0) return new Int32Array(0);
    const out = await this.session.run({ rows: new ort.Tensor("int8", rows, [n, d]), query: new ort.Tensor("int8", query, [d, 1]) });
    return out.scores!.data as Int32Array;
  }

  close(): Promise<void> {
    return this.session.release();
  }
}

/**
 * A unit query as int8 for integer scans: scaled so its largest component is 127 (more precision
 * than times 127, since a unit vector's components are small). Scores compare within one query only.
 */
export function quantizeQuery(v: Float32Array): Int8Array {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  const scale = max > 0 ? 127 / max : 0;
  const q = new Int8Array(v.length);
  for (let i = 0; i < v.length; i++) q[i] = Math.round(v[i]! * scale);
  return q;
}

/** The same dot products in JavaScript: the reference the native scan is tested against. */
export function dotRows(rows: Int8Array, query: Int8Array): Int32Array {
  const d = query.length;
  const out = new Int32Array(rows.length / d);
  for (let r = 0, at = 0; r < out.length; r++, at += d) {
    let s = 0;
    for (let i = 0; i < d; i++) s += query[i]! * rows[at + i]!;
    out[r] = s;
  }
  return out;
}
