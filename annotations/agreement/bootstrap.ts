/**
 * The study-clustered percentile bootstrap (AGREEMENT.md convention 6) and the point-estimate pass,
 * which share one code path: a replicate draws S studies with replacement, adds their (cell, pattern)
 * entries into a histogram, turns it into cell and subset sufficient vectors, and computes every
 * statistic of every subset from them.
 *
 * Invariants: seeded (xoshiro128**) and reproducible — the same dataset, B and seed give bit-identical
 * results; one draw of studies per replicate serves all subsets; replicates where a statistic is
 * undefined are dropped and counted (n_undefined); percentile CI uses linear-interpolation quantiles.
 */
import { createRng, type Rng } from './prng.js';
import { sampleSd } from './numeric.js';
import type { Scale } from './scale.js';
import { computeStatistics, makeScratch, statisticCount, type Scratch } from './statistics.js';
import { subsetSources, sumSubsetVectors, type SubsetDefinition, type SubsetSources } from './subsets.js';
import { addReplicateHistogram, addStudy, batchCellVectors, cellVectorsFromHistogram } from './histogram.js';
import type { StudyTable } from './sufficient.js';

/** Reusable buffers of a statistics pass: cell and subset sufficient vectors, where each subset reads, scratch. */
export interface PassWork {
  readonly cellVectors: Float64Array;
  readonly subsetVectors: Float64Array;
  readonly sources: SubsetSources;
  readonly scratch: Scratch;
}

export function makePassWork(table: StudyTable, subsets: readonly SubsetDefinition[]): PassWork {
  const size = table.layout.size;
  return {
    cellVectors: new Float64Array(table.cells.length * size),
    subsetVectors: new Float64Array(subsets.length * size),
    sources: subsetSources(subsets, size),
    scratch: makeScratch(table.layout),
  };
}

/** The sufficient vector of subset j after a pass: [array, offset]. */
export function subsetVector(work: PassWork, j: number): [Float64Array, number] {
  return [work.sources.array[j] === 'cell' ? work.cellVectors : work.subsetVectors, work.sources.offset[j]!];
}

/** Full-data histogram: every study once. */
export function fullHistogram(table: StudyTable): Float64Array {
  const h = new Float64Array(table.positionPattern.length);
  for (let s = 0; s < table.studyCount; s++) addStudy(table, h, s, 1);
  return h;
}

/** Computes all statistics of all subsets from a histogram (the point estimate when it is fullHistogram). */
export function statisticsPass(
  table: StudyTable,
  subsets: readonly SubsetDefinition[],
  scale: Scale,
  histogram: Float64Array,
  work: PassWork,
  out: Float64Array,
): void {
  cellVectorsFromHistogram(table, histogram, work.cellVectors);
  statisticsFromCellVectors(table, subsets, scale, work, out, 0);
}

/** Subset sums and all statistics from the cell vectors in `work`, into out[at + j * statisticCount ..]. */
function statisticsFromCellVectors(
  table: StudyTable,
  subsets: readonly SubsetDefinition[],
  scale: Scale,
  work: PassWork,
  out: Float64Array,
  at: number,
): void {
  const L = table.layout;
  const count = statisticCount(L);
  sumSubsetVectors(subsets, L.size, work.cellVectors, work.subsetVectors);
  for (let j = 0; j < subsets.length; j++) {
    const vec = work.sources.array[j] === 'cell' ? work.cellVectors : work.subsetVectors;
    computeStatistics(vec, work.sources.offset[j]!, L, scale, out, at + j * count, work.scratch);
  }
}

/** Bootstrap summary of one statistic. */
export interface BootstrapSummary {
  readonly B: number;
  /** SD of the defined replicates (n - 1), NaN when fewer than 2. */
  readonly se: number;
  readonly lower: number;
  readonly upper: number;
  readonly nUndefined: number;
}

/** Rearranges a[0..n) so that a[k] is its k-th smallest value (Hoare quickselect, middle pivot). */
function select(a: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Linear-interpolation quantile (numpy 'linear') of a[0..n) by selection; reorders a. */
function quantileBySelection(a: Float64Array, n: number, p: number): number {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  select(a, n, lo);
  const x = a[lo]!;
  if (lo + 1 >= n || h === lo) return x;
  let next = Number.POSITIVE_INFINITY; // the (lo+1)-th smallest is the minimum of the part above lo
  for (let i = lo + 1; i < n; i++) if (a[i]! < next) next = a[i]!;
  return x + (h - lo) * (next - x);
}

function summarise(values: Float64Array, B: number): BootstrapSummary {
  // Undefined replicates (NaN) are dropped and counted.
  let defined = 0;
  for (let b = 0; b < B; b++) {
    const v = values[b]!;
    if (!Number.isNaN(v)) values[defined++] = v;
  }
  const se = sampleSd(values, defined);
  if (defined < 2) return { B, se, lower: Number.NaN, upper: Number.NaN, nUndefined: B - defined };
  const lower = quantileBySelection(values, defined, 0.025);
  const upper = quantileBySelection(values, defined, 0.975);
  return { B, se, lower, upper, nUndefined: B - defined };
}

// The loops of the bootstrap live in small functions called many times: V8 then optimises each on
// complete type feedback instead of on-stack-replacing (and deoptimising) one long-running function.

/** One replicate's draws: times[s] = how often study s is drawn among times.length draws. */
function drawStudies(rng: Rng, times: Int32Array): void {
  const S = times.length;
  times.fill(0);
  for (let i = 0; i < S; i++) times[rng.int(S)]!++;
}

/** Replicate k's cell vectors out of the interleaved batch. */
function extractReplicate(batchVectors: Float64Array, K: number, k: number, count: number, out: Float64Array): void {
  for (let i = 0; i < count; i++) out[i] = batchVectors[i * K + k]!;
}

/**
 * Summaries of every slot from replicate-major rows (rows[b * slots + slot]): transposed in blocks of
 * slots so that reads stay contiguous and the block being written stays in cache.
 */
function summariseAll(rows: Float64Array, slots: number, B: number): BootstrapSummary[] {
  const BLOCK = 64;
  const summaries: BootstrapSummary[] = new Array(slots);
  const block = new Float64Array(BLOCK * B);
  for (let first = 0; first < slots; first += BLOCK) {
    const width = Math.min(BLOCK, slots - first);
    for (let b = 0; b < B; b++) {
      const row = b * slots + first;
      for (let k = 0; k < width; k++) block[k * B + b] = rows[row + k]!;
    }
    for (let k = 0; k < width; k++) summaries[first + k] = summarise(block.subarray(k * B, (k + 1) * B), B);
  }
  return summaries;
}

/** Replicates computed together (interleaved layout, see batchCellVectors). */
const BATCH = 16;
/** Replicate values kept in memory at most (8 bytes each): B x subsets x statistics. */
export const MAX_BOOTSTRAP_VALUES = 64 * 1024 * 1024;

/**
 * Runs B replicates and summarises every (subset, statistic) slot.
 * Returns summaries indexed [j * statisticCount + slot]. Replicates are drawn in order (replicate b uses
 * the b-th block of S draws of the stream), so results do not depend on the batch size.
 */
export function runBootstrap(
  table: StudyTable,
  subsets: readonly SubsetDefinition[],
  scale: Scale,
  B: number,
  seed: number,
): BootstrapSummary[] {
  const L = table.layout;
  const size = L.size;
  const count = statisticCount(L);
  const slots = subsets.length * count;
  if (slots * B > MAX_BOOTSTRAP_VALUES) {
    throw new RangeError(
      `bootstrap: ${B} replicates x ${slots} statistics is too many to keep; use at most ${Math.floor(MAX_BOOTSTRAP_VALUES / slots)} replicates`,
    );
  }
  const S = table.studyCount;
  const K = BATCH;
  const rows = new Float64Array(B * slots); // replicate-major: one replicate writes one contiguous row
  const times = new Int32Array(S);
  const histograms = new Float64Array(table.positionPattern.length * K);
  const batchVectors = new Float64Array(table.cells.length * size * K);
  const work = makePassWork(table, subsets);
  const cellCount = table.cells.length * size;
  const rng = createRng(seed);
  for (let b0 = 0; b0 < B; b0 += K) {
    const width = Math.min(K, B - b0);
    histograms.fill(0);
    for (let k = 0; k < width; k++) {
      drawStudies(rng, times);
      addReplicateHistogram(table, times, S, histograms, K, k);
    }
    batchCellVectors(table, histograms, K, batchVectors);
    for (let k = 0; k < width; k++) {
      extractReplicate(batchVectors, K, k, cellCount, work.cellVectors);
      statisticsFromCellVectors(table, subsets, scale, work, rows, (b0 + k) * slots);
    }
  }
  return summariseAll(rows, slots, B);
}
