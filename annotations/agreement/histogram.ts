/**
 * Histograms over (cell, pattern) positions and the cell sufficient vectors derived from them: the
 * full-data histogram of the point estimate, and interleaved batches of bootstrap replicates.
 *
 * Invariants: a histogram holds integer counts (items, or items x draws); a cell vector is
 * sum_position count x contribution(pattern), so a replicate's statistics are weighted sums over studies,
 * never a recomputation from raw ratings; interleaved layouts keep replicate k of K at [index * K + k].
 */
import type { StudyTable } from './sufficient.js';

/**
 * Adds replicate k's draws (times[s] = how often study s was drawn; `draws` = their sum) into the
 * interleaved histograms[pos * K + k], which must be zero for k. Uses the sparse entries and restores
 * each implicit position by subtraction (exact: counts are integers).
 */
export function addReplicateHistogram(
  table: StudyTable,
  times: Int32Array,
  draws: number,
  histograms: Float64Array,
  K: number,
  k: number,
): void {
  addDrawnStudies(table.sparseStart, table.sparsePosition, table.sparseCount, times, histograms, K, k);
  restoreImplicit(table.implicitPosition, table.cellStart, draws, histograms, K, k);
}

// The two loops are separate functions so that each is optimised on its own feedback (one function
// holding both was deoptimised on every call of the bootstrap).
function addDrawnStudies(
  sparseStart: Int32Array,
  sparsePosition: Int32Array,
  sparseCount: Float64Array,
  times: Int32Array,
  histograms: Float64Array,
  K: number,
  k: number,
): void {
  const S = times.length;
  for (let s = 0; s < S; s++) {
    const t = times[s]!;
    if (t === 0) continue;
    const end = sparseStart[s + 1]!;
    for (let e = sparseStart[s]!; e < end; e++) histograms[sparsePosition[e]! * K + k]! += t * sparseCount[e]!;
  }
}

function restoreImplicit(
  implicitPosition: Int32Array,
  cellStart: Int32Array,
  draws: number,
  histograms: Float64Array,
  K: number,
  k: number,
): void {
  for (let c = 0; c < implicitPosition.length; c++) {
    const implicit = implicitPosition[c]!;
    if (implicit < 0) continue;
    let rest = 0;
    const end = cellStart[c + 1]!;
    for (let pos = cellStart[c]!; pos < end; pos++) rest += histograms[pos * K + k]!;
    histograms[implicit * K + k] = draws - rest;
  }
}

/** Cell vectors of K interleaved histograms: cellVectors[(c * size + i) * K + k]. */
export function batchCellVectors(table: StudyTable, histograms: Float64Array, K: number, cellVectors: Float64Array): void {
  const { layout, cellStart, positionPattern, patterns } = table;
  const { contribStart, contribIndex, contribValue } = patterns;
  const size = layout.size;
  cellVectors.fill(0);
  for (let c = 0; c < table.cells.length; c++) {
    const base = c * size;
    for (let pos = cellStart[c]!; pos < cellStart[c + 1]!; pos++) {
      const hp = pos * K;
      const p = positionPattern[pos]!;
      for (let j = contribStart[p]!; j < contribStart[p + 1]!; j++) {
        const vp = (base + contribIndex[j]!) * K;
        const v = contribValue[j]!;
        for (let k = 0; k < K; k++) cellVectors[vp + k]! += histograms[hp + k]! * v;
      }
    }
  }
}

/** Adds study s, `times` times over, to a histogram. */
export function addStudy(table: StudyTable, histogram: Float64Array, s: number, times: number): void {
  const { studyStart, entryPosition, entryCount } = table;
  for (let e = studyStart[s]!; e < studyStart[s + 1]!; e++) histogram[entryPosition[e]!]! += times * entryCount[e]!;
}

/** Writes the sufficient vector of every cell (cellVectors[c * size ..]) from a histogram. */
export function cellVectorsFromHistogram(table: StudyTable, histogram: Float64Array, cellVectors: Float64Array): void {
  const { layout, cellStart, positionPattern, patterns } = table;
  const { contribStart, contribIndex, contribValue } = patterns;
  const size = layout.size;
  cellVectors.fill(0);
  for (let c = 0; c < table.cells.length; c++) {
    const base = c * size;
    for (let pos = cellStart[c]!; pos < cellStart[c + 1]!; pos++) {
      const h = histogram[pos]!;
      if (h === 0) continue;
      const p = positionPattern[pos]!;
      for (let j = contribStart[p]!; j < contribStart[p + 1]!; j++) cellVectors[base + contribIndex[j]!]! += h * contribValue[j]!;
    }
  }
}
