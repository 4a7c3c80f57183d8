/**
 * The agreement report: `computeAgreementReport(dataset, {bootstrap, seed})` runs the whole engine and
 * returns the JSON object `lumbar agreement --json` prints.
 *
 * Shape: { subsets: { <key>: { n_items, n_items_with_rating, n_items_pairable, n_items_complete,
 * n_ratings, n_studies, multi_rater: { <stat>: StatisticResult }, pairwise: { "<A>|<B>": { n,
 * confusion_matrix, <stat>: StatisticResult, ..., specific_agreement_by_category: { <code>: ... } } } } } }
 * Invariants: no NaN or Infinity anywhere (undefined => value null + undefined: true); `se`/`ci95` only on
 * statistics with an analytic interval; every statistic has `bootstrap`; statistics needing an ordered
 * scale are omitted for nominal data; rater pairs follow the rater list order.
 */
import { runBootstrap, fullHistogram, makePassWork, statisticsPass, subsetVector, type BootstrapSummary } from './bootstrap.js';
import { indexDataset, type AgreementDataset, type IndexedDataset } from './dataset.js';
import { itemTypesFromPatterns } from './gwet.js';
import { makeScale } from './scale.js';
import {
  ANALYTIC_MULTI,
  ANALYTIC_PAIR,
  analyticErrors,
  MULTI_RATER_STATISTICS,
  multiSlot,
  ORDERED_SCALE_ONLY,
  PAIRWISE_STATISTICS,
  pairSlot,
  specificSlot,
  statisticCount,
  type AnalyticErrors,
  type MultiRaterStatistic,
  type PairwiseStatistic,
} from './statistics.js';
import { defineSubsets, type SubsetDefinition } from './subsets.js';
import { buildStudyTable, type StudyTable } from './sufficient.js';

export interface AgreementReportOptions {
  /** Bootstrap replicates B (default 1000; 0 = no bootstrap). */
  readonly bootstrap?: number;
  /** PRNG seed (default 1). */
  readonly seed?: number;
}

export const DEFAULT_BOOTSTRAP = 1000;
export const DEFAULT_SEED = 1;

export interface BootstrapResult {
  readonly B: number;
  readonly se: number | null;
  readonly ci95_percentile: [number, number] | null;
  readonly n_undefined: number;
}

export interface StatisticResult {
  readonly value: number | null;
  readonly undefined?: true;
  readonly se?: number | null;
  readonly ci95?: [number, number] | null;
  readonly bootstrap: BootstrapResult;
}

export type PairwiseResult = {
  readonly n: number;
  readonly confusion_matrix: number[][];
  readonly specific_agreement_by_category: Record<string, StatisticResult>;
} & { readonly [K in PairwiseStatistic]?: StatisticResult };

export interface SubsetResult {
  readonly n_items: number;
  readonly n_items_with_rating: number;
  readonly n_items_pairable: number;
  readonly n_items_complete: number;
  readonly n_ratings: number;
  readonly n_studies: number;
  readonly multi_rater: { readonly [K in MultiRaterStatistic]?: StatisticResult };
  readonly pairwise: Record<string, PairwiseResult>;
}

export interface AgreementReport {
  readonly subsets: Record<string, SubsetResult>;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function bootstrapResult(b: BootstrapSummary | undefined, B: number): BootstrapResult {
  if (!b) return { B, se: null, ci95_percentile: null, n_undefined: 0 };
  const ci = Number.isFinite(b.lower) && Number.isFinite(b.upper) ? ([b.lower, b.upper] as [number, number]) : null;
  return { B: b.B, se: finite(b.se), ci95_percentile: ci, n_undefined: b.nUndefined };
}

function statisticResult(value: number, slot: number, analytic: AnalyticErrors | undefined, boot: BootstrapResult): StatisticResult {
  const result: { -readonly [K in keyof StatisticResult]: StatisticResult[K] } = { value: finite(value), bootstrap: boot };
  if (!Number.isFinite(value)) result.undefined = true;
  if (analytic) {
    const se = analytic.se[slot]!;
    result.se = finite(se);
    result.ci95 = Number.isFinite(se) ? [analytic.lower[slot]!, analytic.upper[slot]!] : null;
  }
  // Key order: value, undefined, se, ci95, bootstrap.
  const { bootstrap, ...rest } = result;
  return { ...rest, bootstrap };
}

/** Studies with at least one item in each subset. */
function studiesPerSubset(table: StudyTable, subsets: readonly SubsetDefinition[]): number[] {
  const positionCell = new Int32Array(table.positionPattern.length);
  for (let c = 0; c < table.cells.length; c++) positionCell.fill(c, table.cellStart[c]!, table.cellStart[c + 1]!);
  const cellSubsets: number[][] = table.cells.map(() => []);
  subsets.forEach((s, j) => s.cells.forEach((c) => cellSubsets[c]!.push(j)));
  const counts = new Array<number>(subsets.length).fill(0);
  const seen = new Int32Array(subsets.length).fill(-1);
  for (let s = 0; s < table.studyCount; s++) {
    for (let e = table.studyStart[s]!; e < table.studyStart[s + 1]!; e++) {
      for (const j of cellSubsets[positionCell[table.entryPosition[e]!]!]!) {
        if (seen[j] !== s) {
          seen[j] = s;
          counts[j]!++;
        }
      }
    }
  }
  return counts;
}

/** Histogram over global patterns of one subset (for the per-item SE terms). */
function subsetPatternHistogram(table: StudyTable, subset: SubsetDefinition, histogram: Float64Array): Float64Array {
  const h = new Float64Array(table.patterns.count);
  for (const c of subset.cells) {
    for (let pos = table.cellStart[c]!; pos < table.cellStart[c + 1]!; pos++) h[table.positionPattern[pos]!]! += histogram[pos]!;
  }
  return h;
}

/** Runs the engine on an indexed dataset (validation already done). */
export function computeIndexedReport(data: IndexedDataset, options: AgreementReportOptions = {}): AgreementReport {
  const B = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(B) || B < 0) throw new RangeError(`bootstrap must be a non-negative integer, got ${B}`);
  const scale = makeScale(data.categories.length);
  const table = buildStudyTable(data, scale);
  const L = table.layout;
  const subsets = defineSubsets(data, table);
  const count = statisticCount(L);
  const histogram = fullHistogram(table);
  const work = makePassWork(table, subsets);
  const point = new Float64Array(subsets.length * count);
  statisticsPass(table, subsets, scale, histogram, work, point);
  const boot = B > 0 ? runBootstrap(table, subsets, scale, B, seed) : undefined;
  const nStudies = studiesPerSubset(table, subsets);
  const ordered = data.measurement === 'ordinal';
  const codes = data.categories.map(String);
  const q = L.q;

  const result: Record<string, SubsetResult> = {};
  subsets.forEach((subset, j) => {
    const [vec, vo] = subsetVector(work, j);
    const values = point.subarray(j * count, (j + 1) * count);
    const patternHistogram = subsetPatternHistogram(table, subset, histogram);
    const types = itemTypesFromPatterns(table.patterns.codes, L.raters, q, patternHistogram);
    let nItems = 0;
    let nRatings = 0;
    for (let p = 0; p < patternHistogram.length; p++) {
      nItems += patternHistogram[p]!;
      for (let g = 0; g < L.raters; g++) if (table.patterns.codes[p * L.raters + g]! >= 0) nRatings += patternHistogram[p]!;
    }
    const analytic = analyticErrors(vec, vo, L, scale, values, types);
    const bootAt = (slot: number): BootstrapResult => bootstrapResult(boot?.[j * count + slot], B);

    const multi: Partial<Record<MultiRaterStatistic, StatisticResult>> = {};
    for (const stat of MULTI_RATER_STATISTICS) {
      if (!ordered && ORDERED_SCALE_ONLY.has(stat)) continue;
      const slot = multiSlot(stat);
      multi[stat] = statisticResult(values[slot]!, slot, ANALYTIC_MULTI[stat] ? analytic : undefined, bootAt(slot));
    }
    const pairwise: Record<string, PairwiseResult> = {};
    L.pairs.forEach(([a, b], p) => {
      const off = vo + L.PAIR + p * q * q;
      const confusion: number[][] = [];
      let n = 0;
      for (let k = 0; k < q; k++) {
        confusion.push(Array.from({ length: q }, (_, l) => vec[off + k * q + l]!));
        n += confusion[k]!.reduce((s, x) => s + x, 0);
      }
      const entry: Record<string, unknown> = { n, confusion_matrix: confusion };
      for (const stat of PAIRWISE_STATISTICS) {
        if (!ordered && ORDERED_SCALE_ONLY.has(stat)) continue;
        const slot = pairSlot(L, p, stat);
        entry[stat] = statisticResult(values[slot]!, slot, ANALYTIC_PAIR[stat] ? analytic : undefined, bootAt(slot));
      }
      const specific: Record<string, StatisticResult> = {};
      for (let k = 0; k < q; k++) {
        const slot = specificSlot(L, p, k);
        specific[codes[k]!] = statisticResult(values[slot]!, slot, undefined, bootAt(slot));
      }
      entry.specific_agreement_by_category = specific;
      pairwise[`${data.raters[a]}|${data.raters[b]}`] = entry as PairwiseResult;
    });
    result[subset.key] = {
      n_items: nItems,
      n_items_with_rating: vec[vo + L.N1]!,
      n_items_pairable: vec[vo + L.N2]!,
      n_items_complete: vec[vo + L.N_COMPLETE]!,
      n_ratings: nRatings,
      n_studies: nStudies[j]!,
      multi_rater: multi,
      pairwise,
    };
  });
  return { subsets: result };
}

/**
 * Computes every agreement statistic of an `agreement-dataset/v1` dataset, for every breakdown, with
 * analytic and study-clustered bootstrap intervals. Throws AgreementDatasetError on an invalid dataset.
 */
export function computeAgreementReport(dataset: AgreementDataset, options: AgreementReportOptions = {}): AgreementReport {
  return computeIndexedReport(indexDataset(dataset), options);
}
