/**
 * Compressed sparse rows for implicit feedback: one row per shopper (or per item, transposed),
 * the columns they touched and a count per pair. Typed arrays, so training loops stay allocation-free.
 */

export interface Csr {
  rows: number;
  cols: number;
  /** Row r's entries are indptr[r] .. indptr[r+1]-1. */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Builds a CSR from (row, col, value) triples; duplicate pairs add up, columns sorted within a row. */
export function csrFromTriples(rows: number, cols: number, r: ArrayLike<number>, c: ArrayLike<number>, v: ArrayLike<number>): Csr {
  const perRow = new Map<number, Map<number, number>>();
  for (let k = 0; k < r.length; k++) {
    const row = r[k]!;
    let m = perRow.get(row);
    if (!m) perRow.set(row, (m = new Map<number, number>()));
    m.set(c[k]!, (m.get(c[k]!) ?? 0) + v[k]!);
  }
  const indptr = new Int32Array(rows + 1);
  for (let row = 0; row < rows; row++) indptr[row + 1] = indptr[row]! + (perRow.get(row)?.size ?? 0);
  const nnz = indptr[rows]!;
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (const [row, m] of perRow) {
    let at = indptr[row]!;
    for (const col of [...m.keys()].sort((a, b) => a - b)) {
      indices[at] = col;
      values[at++] = m.get(col)!;
    }
  }
  return { rows, cols, indptr, indices, values };
}

export function transpose(m: Csr): Csr {
  const indptr = new Int32Array(m.cols + 1);
  for (let k = 0; k < m.indices.length; k++) indptr[m.indices[k]! + 1]!++;
  for (let c = 0; c < m.cols; c++) indptr[c + 1]! += indptr[c]!;
  const fill = indptr.slice(0, m.cols);
  const indices = new Int32Array(m.indices.length);
  const values = new Float32Array(m.indices.length);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++) {
      const at = fill[m.indices[k]!]!++;
      indices[at] = r;
      values[at] = m.values[k]!;
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, values };
}

/** The columns of row r (a view, not a copy). */
export function rowOf(m: Csr, r: number): Int32Array {
  return m.indices.subarray(m.indptr[r], m.indptr[r + 1]);
}
