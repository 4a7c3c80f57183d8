/**
 * Sufficient statistics of every agreement statistic, and the per-study tables that make a bootstrap
 * replicate a weighted sum over studies.
 *
 * Every statistic of AGREEMENT.md is a function of sums over items of per-item quantities, and an item
 * enters only through its *rating pattern* (one category index or "missing" per rater). So:
 *   - a pattern's contribution to the sums is computed once (a sparse vector, `StatLayout` order);
 *   - a cell (one condition x level, or the whole dataset when items carry neither) is summarised by a
 *     histogram over its patterns; a study is a sparse list of (cell, pattern, count) entries;
 *   - a replicate's histogram is the weighted sum of its studies' entries, and a cell's sufficient vector
 *     is histogram x contributions. Subsets (overall, per condition, ...) are sums of cell vectors.
 * Invariants: contributions are exact sums of per-item terms; the point estimate is the same computation
 * with every study weighted 1; histogram positions of one cell are contiguous.
 */
import type { IndexedDataset } from './dataset.js';
import type { Scale } from './scale.js';

/** Offsets of the sufficient-statistic vector of one subset (all sums over items). */
export interface StatLayout {
  readonly q: number;
  readonly raters: number;
  /** Rater pairs (a < b) in rater-list order. */
  readonly pairs: readonly (readonly [number, number])[];
  readonly size: number;
  /** Items with >= 1 rating (n). */
  readonly N1: number;
  /** Items with >= 2 ratings (n2). */
  readonly N2: number;
  /** Items rated by every rater. */
  readonly N_COMPLETE: number;
  /** 3 sums (identity, linear, quadratic) of pa_i = sum_k n_ik (n*_ik - 1) / (r_i (r_i - 1)) over r_i >= 2. */
  readonly PA: number;
  /** q sums of n_ik / r_i over r_i >= 1 (n * Gwet's pi_k). */
  readonly PI: number;
  /** Items with >= 2 ratings, all equal. */
  readonly UNANIMOUS: number;
  /** raters x q: how often each rater used each category. */
  readonly CLASSIF: number;
  /** q x q Krippendorff coincidences sum_u n_uk (n_ul - [k=l]) / (m_u - 1). */
  readonly COINC: number;
  /** Identity pa_i summed over complete items. */
  readonly PA_COMPLETE: number;
  /** q sums of n_ik over complete items. */
  readonly COUNTS_COMPLETE: number;
  /** pairs x q x q confusion matrices over items both raters rated. */
  readonly PAIR: number;
  /** pairs x q x q confusion matrices over complete items. */
  readonly PAIR_COMPLETE: number;
}

export function makeLayout(q: number, raters: number): StatLayout {
  const pairs: [number, number][] = [];
  for (let a = 0; a < raters; a++) for (let b = a + 1; b < raters; b++) pairs.push([a, b]);
  let at = 0;
  const take = (n: number): number => {
    const start = at;
    at += n;
    return start;
  };
  const layout = {
    q,
    raters,
    pairs,
    N1: take(1),
    N2: take(1),
    N_COMPLETE: take(1),
    PA: take(3),
    PI: take(q),
    UNANIMOUS: take(1),
    CLASSIF: take(raters * q),
    COINC: take(q * q),
    PA_COMPLETE: take(1),
    COUNTS_COMPLETE: take(q),
    PAIR: take(pairs.length * q * q),
    PAIR_COMPLETE: take(pairs.length * q * q),
    size: 0,
  };
  layout.size = at;
  return layout;
}

/** Per-item pa_i for one weight matrix from the category counts n_k of the item (0 when r < 2). */
export function itemPercentAgreement(counts: ArrayLike<number>, r: number, w: Float64Array, q: number): number {
  if (r < 2) return 0;
  let s = 0;
  for (let k = 0; k < q; k++) {
    const nk = counts[k]!;
    if (nk === 0) continue;
    let nstar = 0;
    for (let l = 0; l < q; l++) nstar += w[k * q + l]! * counts[l]!;
    s += nk * (nstar - 1);
  }
  return s / (r * (r - 1));
}

/** The dense contribution of one rating pattern (codes[g] = category index or -1) to the vector. */
export function patternContribution(layout: StatLayout, scale: Scale, codes: ArrayLike<number>): Float64Array {
  const { q, raters: R } = layout;
  const v = new Float64Array(layout.size);
  const counts = new Float64Array(q);
  let r = 0;
  for (let g = 0; g < R; g++) {
    const c = codes[g]!;
    if (c < 0) continue;
    counts[c]!++;
    r++;
    v[layout.CLASSIF + g * q + c] = 1;
  }
  if (r >= 1) {
    v[layout.N1] = 1;
    for (let k = 0; k < q; k++) v[layout.PI + k] = counts[k]! / r;
  }
  if (r >= 2) {
    v[layout.N2] = 1;
    for (let w = 0; w < 3; w++) v[layout.PA + w] = itemPercentAgreement(counts, r, scale.weights[w]!, q);
    let used = 0;
    for (let k = 0; k < q; k++) if (counts[k]! > 0) used++;
    if (used === 1) v[layout.UNANIMOUS] = 1;
    for (let k = 0; k < q; k++) {
      for (let l = 0; l < q; l++) v[layout.COINC + k * q + l] = (counts[k]! * (counts[l]! - (k === l ? 1 : 0))) / (r - 1);
    }
  }
  const complete = r === R;
  if (complete) {
    v[layout.N_COMPLETE] = 1;
    v[layout.PA_COMPLETE] = itemPercentAgreement(counts, r, scale.weights[0]!, q);
    for (let k = 0; k < q; k++) v[layout.COUNTS_COMPLETE + k] = counts[k]!;
  }
  layout.pairs.forEach(([a, b], p) => {
    const ca = codes[a]!;
    const cb = codes[b]!;
    if (ca < 0 || cb < 0) return;
    v[layout.PAIR + p * q * q + ca * q + cb] = 1;
    if (complete) v[layout.PAIR_COMPLETE + p * q * q + ca * q + cb] = 1;
  });
  return v;
}

/** Distinct rating patterns with their sparse contributions (CSR). */
export interface PatternTable {
  readonly count: number;
  /** codes[p * raters + g]: category index or -1. */
  readonly codes: Int16Array;
  readonly contribStart: Int32Array;
  readonly contribIndex: Int32Array;
  readonly contribValue: Float64Array;
}

/**
 * The sampling structure: cells, their pattern histograms' positions, and each study's entries.
 * A histogram is a Float64Array(positions); position -> (cell, pattern) is fixed.
 */
export interface StudyTable {
  readonly layout: StatLayout;
  readonly patterns: PatternTable;
  /** Cell names: [conditionIndex, levelIndex] (-1 = field absent). */
  readonly cells: readonly (readonly [number, number])[];
  /** Histogram positions of cell c: cellStart[c] .. cellStart[c + 1] - 1. */
  readonly cellStart: Int32Array;
  readonly positionPattern: Int32Array;
  readonly studyCount: number;
  /** Entries of study s: studyStart[s] .. studyStart[s + 1] - 1. */
  readonly studyStart: Int32Array;
  readonly entryPosition: Int32Array;
  readonly entryCount: Float64Array;
  /**
   * The same entries without the implicit ones (for the bootstrap): in a cell where every study has
   * exactly one item, the most frequent position is left out and restored by subtraction
   * (implicitPosition[c] >= 0), since that cell's histogram always sums to the number of draws.
   */
  readonly sparseStart: Int32Array;
  readonly sparsePosition: Int32Array;
  readonly sparseCount: Float64Array;
  /** Per cell: the implicit position, or -1. */
  readonly implicitPosition: Int32Array;
}

/** Builds the pattern table, the cells and the per-study entries of a dataset. */
export function buildStudyTable(data: IndexedDataset, scale: Scale): StudyTable {
  const R = data.raters.length;
  const q = scale.q;
  const layout = makeLayout(q, R);
  const nItems = data.itemIds.length;
  const S = data.studies.length;

  // Patterns: key = the codes shifted to 0..q (0 = missing), base q+1 when it fits in 2^53.
  const patternIds = new Map<string | number, number>();
  const patternCodes: number[] = [];
  const numericKey = Math.pow(q + 1, R) < Number.MAX_SAFE_INTEGER;
  const itemPattern = new Int32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    let key: string | number = 0;
    if (numericKey) {
      let k = 0;
      for (let g = 0; g < R; g++) k = k * (q + 1) + data.ratings[i * R + g]! + 1;
      key = k;
    } else key = data.ratings.subarray(i * R, (i + 1) * R).join(',');
    let id = patternIds.get(key);
    if (id === undefined) {
      id = patternIds.size;
      patternIds.set(key, id);
      for (let g = 0; g < R; g++) patternCodes.push(data.ratings[i * R + g]!);
    }
    itemPattern[i] = id;
  }
  const codes = Int16Array.from(patternCodes);
  const nPatterns = patternIds.size;
  const contribStart = new Int32Array(nPatterns + 1);
  const idx: number[] = [];
  const val: number[] = [];
  for (let p = 0; p < nPatterns; p++) {
    const dense = patternContribution(layout, scale, codes.subarray(p * R, (p + 1) * R));
    for (let j = 0; j < dense.length; j++) {
      if (dense[j] !== 0) {
        idx.push(j);
        val.push(dense[j]!);
      }
    }
    contribStart[p + 1] = idx.length;
  }
  const patterns: PatternTable = {
    count: nPatterns,
    codes,
    contribStart,
    contribIndex: Int32Array.from(idx),
    contribValue: Float64Array.from(val),
  };

  // Cells (condition x level combinations) in order of first appearance.
  const nLevels = data.levels.length + 1;
  const cellIds = new Map<number, number>();
  const cells: [number, number][] = [];
  const itemCell = new Int32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    const key = (data.itemCondition[i]! + 1) * nLevels + data.itemLevel[i]! + 1;
    let c = cellIds.get(key);
    if (c === undefined) {
      c = cells.length;
      cellIds.set(key, c);
      cells.push([data.itemCondition[i]!, data.itemLevel[i]!]);
    }
    itemCell[i] = c;
  }
  // Histogram positions: one per (cell, pattern) present, contiguous per cell.
  const localIds = new Map<number, number>(); // c * nPatterns + p -> local index
  const cellSizes = new Int32Array(cells.length);
  const itemLocal = new Int32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    const c = itemCell[i]!;
    const key = c * nPatterns + itemPattern[i]!;
    let local = localIds.get(key);
    if (local === undefined) {
      local = cellSizes[c]!++;
      localIds.set(key, local);
    }
    itemLocal[i] = local;
  }
  const cellStart = new Int32Array(cells.length + 1);
  for (let c = 0; c < cells.length; c++) cellStart[c + 1] = cellStart[c]! + cellSizes[c]!;
  const positionPattern = new Int32Array(cellStart[cells.length]!);
  for (let i = 0; i < nItems; i++) positionPattern[cellStart[itemCell[i]!]! + itemLocal[i]!] = itemPattern[i]!;

  // Items grouped by study (counting sort), then each study's entries with duplicates merged.
  const itemStart = new Int32Array(S + 1);
  for (let i = 0; i < nItems; i++) itemStart[data.itemStudy[i]! + 1]!++;
  for (let s = 0; s < S; s++) itemStart[s + 1]! += itemStart[s]!;
  const fillAt = itemStart.slice(0, S);
  const byStudy = new Int32Array(nItems);
  for (let i = 0; i < nItems; i++) byStudy[fillAt[data.itemStudy[i]!]!++] = i;
  const positionEntry = new Int32Array(positionPattern.length).fill(-1); // entry of the current study
  const positionStudy = new Int32Array(positionPattern.length).fill(-1);
  const cellStudy = new Int32Array(cells.length).fill(-1);
  const cellStudies = new Int32Array(cells.length);
  const cellRepeated = new Uint8Array(cells.length);
  const entryPositionList = new Int32Array(nItems);
  const entryCountList = new Float64Array(nItems);
  let entries = 0;
  const entryStart = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) {
    for (let j = itemStart[s]!; j < itemStart[s + 1]!; j++) {
      const i = byStudy[j]!;
      const c = itemCell[i]!;
      const pos = cellStart[c]! + itemLocal[i]!;
      if (cellStudy[c] === s) cellRepeated[c] = 1;
      else {
        cellStudy[c] = s;
        cellStudies[c]!++;
      }
      if (positionStudy[pos] === s) entryCountList[positionEntry[pos]!]!++;
      else {
        positionStudy[pos] = s;
        positionEntry[pos] = entries;
        entryPositionList[entries] = pos;
        entryCountList[entries++] = 1;
      }
    }
    entryStart[s + 1] = entries;
  }
  const entryPosition = entryPositionList.slice(0, entries);
  const entryCount = entryCountList.slice(0, entries);

  // Implicit positions: in cells where every study has exactly one item, the most frequent position.
  const implicitPosition = new Int32Array(cells.length).fill(-1);
  const positionTotals = new Float64Array(positionPattern.length);
  for (let e = 0; e < entries; e++) positionTotals[entryPosition[e]!]! += entryCount[e]!;
  const implicit = new Uint8Array(positionPattern.length);
  for (let c = 0; c < cells.length; c++) {
    if (cellStudies[c] !== S || cellRepeated[c]) continue;
    let best = cellStart[c]!;
    for (let pos = cellStart[c]!; pos < cellStart[c + 1]!; pos++) if (positionTotals[pos]! > positionTotals[best]!) best = pos;
    implicitPosition[c] = best;
    implicit[best] = 1;
  }
  const sparseStart = new Int32Array(S + 1);
  const sparsePosition = new Int32Array(entries);
  const sparseCount = new Float64Array(entries);
  let sparse = 0;
  for (let s = 0; s < S; s++) {
    for (let e = entryStart[s]!; e < entryStart[s + 1]!; e++) {
      if (implicit[entryPosition[e]!]) continue;
      sparsePosition[sparse] = entryPosition[e]!;
      sparseCount[sparse++] = entryCount[e]!;
    }
    sparseStart[s + 1] = sparse;
  }
  return {
    layout,
    patterns,
    cells,
    cellStart,
    positionPattern,
    studyCount: S,
    studyStart: entryStart,
    entryPosition,
    entryCount,
    sparseStart,
    sparsePosition: sparsePosition.slice(0, sparse),
    sparseCount: sparseCount.slice(0, sparse),
    implicitPosition,
  };
}
