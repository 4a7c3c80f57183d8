/**
 * Every statistic of AGREEMENT.md for one subset, from its sufficient vector: the statistic catalogue
 * (JSON key names), the flat output layout, the point/replicate computation and the analytic SEs/CIs.
 *
 * Invariants: `computeStatistics` is the single code path for point estimates and bootstrap replicates
 * (allocation-free, it runs B x subsets times); outputs are NaN when undefined; which statistic gets
 * which analytic interval is fixed by ANALYTIC (AGREEMENT.md convention 5).
 */
import { binomialSE, cohenKappaSE, identityKappa, marginals, pairCoefficients } from './cohen.js';
import {
  acChance,
  acSE,
  chanceCorrected,
  congerChance,
  congerSE,
  fleissAndAc,
  fleissChance,
  fleissCompleteCases,
  fleissSE,
  generalPercentAgreement,
  gwetPi,
  percentAgreementSE,
  type ItemTypes,
} from './gwet.js';
import { krippendorffAlphas, pairKrippendorffAlphas } from './krippendorff.js';
import { studentTQuantile } from './numeric.js';
import type { Scale } from './scale.js';
import type { StatLayout } from './sufficient.js';

/** Multi-rater statistics, in output order (JSON keys). */
export const MULTI_RATER_STATISTICS = [
  'percent_agreement',
  'percent_agreement_unanimous',
  'fleiss_kappa',
  'fleiss_kappa_linear',
  'fleiss_kappa_quadratic',
  'fleiss_kappa_complete_cases',
  'conger_kappa',
  'light_kappa_complete_cases',
  'light_kappa_available_pairs',
  'krippendorff_alpha_nominal',
  'krippendorff_alpha_ordinal',
  'krippendorff_alpha_interval',
  'gwet_ac1',
  'gwet_ac2_linear',
  'gwet_ac2_quadratic',
] as const;
export type MultiRaterStatistic = (typeof MULTI_RATER_STATISTICS)[number];

/** Pairwise statistics, in output order (JSON keys); specific agreement per category follows them. */
export const PAIRWISE_STATISTICS = [
  'percent_agreement',
  'cohen_kappa',
  'cohen_kappa_linear',
  'cohen_kappa_quadratic',
  'gwet_ac1',
  'gwet_ac2_linear',
  'gwet_ac2_quadratic',
  'krippendorff_alpha_nominal',
  'krippendorff_alpha_ordinal',
  'krippendorff_alpha_interval',
] as const;
export type PairwiseStatistic = (typeof PAIRWISE_STATISTICS)[number];

/** Statistics that need an ordered scale: left out of the report of a nominal dataset. */
export const ORDERED_SCALE_ONLY: ReadonlySet<string> = new Set([
  'fleiss_kappa_linear',
  'fleiss_kappa_quadratic',
  'krippendorff_alpha_ordinal',
  'krippendorff_alpha_interval',
  'gwet_ac2_linear',
  'gwet_ac2_quadratic',
  'cohen_kappa_linear',
  'cohen_kappa_quadratic',
]);

/** Analytic interval of a statistic: 't' = Gwet's t CI capped at 1, 'z' = Wald/FCE 1.959964 SE, not clipped. */
export type AnalyticKind = 't' | 'z';
export const ANALYTIC_MULTI: Partial<Record<MultiRaterStatistic, AnalyticKind>> = {
  percent_agreement: 't',
  fleiss_kappa: 't',
  fleiss_kappa_linear: 't',
  fleiss_kappa_quadratic: 't',
  conger_kappa: 't',
  gwet_ac1: 't',
  gwet_ac2_linear: 't',
  gwet_ac2_quadratic: 't',
};
export const ANALYTIC_PAIR: Partial<Record<PairwiseStatistic, AnalyticKind>> = {
  percent_agreement: 'z',
  cohen_kappa: 'z',
  cohen_kappa_linear: 'z',
  cohen_kappa_quadratic: 'z',
  gwet_ac1: 't',
  gwet_ac2_linear: 't',
  gwet_ac2_quadratic: 't',
};
/** The normal quantile AGREEMENT.md prescribes for Wald / FCE intervals. */
export const Z975 = 1.959964;

const NM = MULTI_RATER_STATISTICS.length;
const NP = PAIRWISE_STATISTICS.length;
const M = Object.fromEntries(MULTI_RATER_STATISTICS.map((s, i) => [s, i])) as Record<MultiRaterStatistic, number>;
const P = Object.fromEntries(PAIRWISE_STATISTICS.map((s, i) => [s, i])) as Record<PairwiseStatistic, number>;

/** Number of output slots of one subset: multi-rater, then per pair its statistics and q specific agreements. */
export function statisticCount(L: StatLayout): number {
  return NM + L.pairs.length * (NP + L.q);
}
/** Output slot of a multi-rater statistic. */
export const multiSlot = (s: MultiRaterStatistic): number => M[s];
/** Output slot of a pairwise statistic of pair p. */
export const pairSlot = (L: StatLayout, p: number, s: PairwiseStatistic): number => NM + p * (NP + L.q) + P[s];
/** Output slot of the specific agreement of category k for pair p. */
export const specificSlot = (L: StatLayout, p: number, k: number): number => NM + p * (NP + L.q) + NP + k;

/** Scratch arrays of computeStatistics (allocate once, reuse for every replicate). */
export interface Scratch {
  readonly row: Float64Array;
  readonly col: Float64Array;
  readonly pi: Float64Array;
  readonly pg: Float64Array;
  readonly pbar: Float64Array;
  readonly included: Uint8Array;
  readonly marg: Float64Array;
  readonly cum: Float64Array;
}
export function makeScratch(L: StatLayout): Scratch {
  const { q, raters } = L;
  return {
    row: new Float64Array(q),
    col: new Float64Array(q),
    pi: new Float64Array(q),
    pg: new Float64Array(raters * q),
    pbar: new Float64Array(q),
    included: new Uint8Array(raters),
    marg: new Float64Array(q),
    cum: new Float64Array(q + 1),
  };
}

/** All statistics of one subset from its sufficient vector vec[vo ..] into out[oo .. oo + statisticCount). */
export function computeStatistics(
  vec: Float64Array,
  vo: number,
  L: StatLayout,
  scale: Scale,
  out: Float64Array,
  oo: number,
  x: Scratch,
): void {
  const { q } = L;
  const qq = q * q;
  const W = scale.weights;
  const nPairs = L.pairs.length;
  const stride = NP + q;
  // Pairwise first: the Light kappas average them.
  let lightAvailable = 0;
  let lightComplete = 0;
  for (let p = 0; p < nPairs; p++) {
    const off = vo + L.PAIR + p * qq;
    const base = oo + NM + p * stride;
    const n = marginals(vec, off, q, x.row, x.col);
    pairCoefficients(vec, off, q, W, scale.weightTotals, x.row, x.col, n, out, base);
    for (let k = 0; k < q; k++) {
      const d = x.row[k]! + x.col[k]!;
      out[base + NP + k] = d > 0 ? (2 * vec[off + k * q + k]!) / d : Number.NaN; // specific agreement
    }
    pairKrippendorffAlphas(vec, off, q, x.row, x.col, x.marg, x.cum, out, base + P.krippendorff_alpha_nominal);
    lightAvailable += out[base + P.cohen_kappa]!;
    lightComplete += identityKappa(vec, vo + L.PAIR_COMPLETE + p * qq, q, x.row, x.col);
  }
  out[oo + M.light_kappa_available_pairs] = lightAvailable / nPairs; // NaN if any pair is undefined
  out[oo + M.light_kappa_complete_cases] = lightComplete / nPairs;

  const n2 = vec[vo + L.N2]!;
  out[oo + M.percent_agreement] = generalPercentAgreement(vec, vo, L, 0);
  out[oo + M.percent_agreement_unanimous] = n2 > 0 ? vec[vo + L.UNANIMOUS]! / n2 : Number.NaN;
  fleissAndAc(vec, vo, L, W, scale.weightTotals, x.pi, out, oo + M.fleiss_kappa, oo + M.gwet_ac1);
  out[oo + M.fleiss_kappa_complete_cases] = fleissCompleteCases(vec, vo, L);
  out[oo + M.conger_kappa] = chanceCorrected(out[oo + M.percent_agreement]!, congerChance(vec, vo, L, W[0]!, x.pg, x.pbar, x.included));
  krippendorffAlphas(vec, vo + L.COINC, q, x.marg, x.cum, out, oo + M.krippendorff_alpha_nominal);
}

/** Analytic SE and 95% CI per output slot (NaN where a statistic has none or is undefined). */
export interface AnalyticErrors {
  readonly se: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Item types of one pair from its confusion matrix: each cell (k, l) is an item with counts e_k + e_l. */
function pairItemTypes(conf: ArrayLike<number>, off: number, q: number): ItemTypes {
  const cells: number[] = [];
  for (let j = 0; j < q * q; j++) if (conf[off + j]! > 0) cells.push(j);
  const t = cells.length;
  const types = {
    count: t,
    q,
    raters: 2,
    counts: new Float64Array(t * q),
    r: new Float64Array(t).fill(2),
    codes: new Int16Array(t * 2),
    mult: new Float64Array(t),
  };
  cells.forEach((j, i) => {
    const k = Math.floor(j / q);
    const l = j % q;
    types.counts[i * q + k]!++;
    types.counts[i * q + l]!++;
    types.codes[i * 2] = k;
    types.codes[i * 2 + 1] = l;
    types.mult[i] = conf[off + j]!;
  });
  return types;
}

function setInterval(e: AnalyticErrors, slot: number, value: number, se: number, kind: AnalyticKind, n: number): void {
  if (!Number.isFinite(value) || !Number.isFinite(se)) return;
  e.se[slot] = se;
  const half = (kind === 'z' ? Z975 : studentTQuantile(0.975, n - 1)) * se;
  e.lower[slot] = value - half;
  e.upper[slot] = kind === 't' ? Math.min(1, value + half) : value + half;
}

/** Analytic SEs / CIs of one subset: `values` from computeStatistics, `types` the subset's rating patterns. */
export function analyticErrors(
  vec: ArrayLike<number>,
  vo: number,
  L: StatLayout,
  scale: Scale,
  values: Float64Array,
  types: ItemTypes,
): AnalyticErrors {
  const size = statisticCount(L);
  const e: AnalyticErrors = {
    se: new Float64Array(size).fill(Number.NaN),
    lower: new Float64Array(size).fill(Number.NaN),
    upper: new Float64Array(size).fill(Number.NaN),
  };
  const { q } = L;
  const W = scale.weights;
  const x = makeScratch(L);
  const n = vec[vo + L.N1]!;
  const n2 = vec[vo + L.N2]!;
  gwetPi(vec, vo, L, x.pi);
  const pa0 = values[M.percent_agreement]!;
  setInterval(e, M.percent_agreement, pa0, percentAgreementSE(types, scale, n, n2, pa0), 't', n);
  for (let w = 0; w < 3; w++) {
    const fk = values[M.fleiss_kappa + w]!;
    setInterval(e, M.fleiss_kappa + w, fk, fleissSE(types, W[w]!, x.pi, n, n2, fk, fleissChance(q, W[w]!, x.pi)), 't', n);
    const ac = values[M.gwet_ac1 + w]!;
    const peAc = acChance(q, scale.weightTotals[w]!, x.pi);
    setInterval(e, M.gwet_ac1 + w, ac, acSE(types, W[w]!, scale.weightTotals[w]!, x.pi, n, n2, ac, peAc), 't', n);
  }
  const conger = values[M.conger_kappa]!;
  const peConger = congerChance(vec, vo, L, W[0]!, x.pg, x.pbar, x.included);
  const ng = new Float64Array(L.raters);
  for (let g = 0; g < L.raters; g++) for (let k = 0; k < q; k++) ng[g]! += vec[vo + L.CLASSIF + g * q + k]!;
  setInterval(e, M.conger_kappa, conger, congerSE(types, W[0]!, x.pg, x.pbar, x.included, ng, n, n2, conger, peConger), 't', n);

  for (let p = 0; p < L.pairs.length; p++) {
    const off = vo + L.PAIR + p * q * q;
    const np = marginals(vec, off, q, x.row, x.col);
    const slot = (s: PairwiseStatistic): number => pairSlot(L, p, s);
    const pct = values[slot('percent_agreement')]!;
    setInterval(e, slot('percent_agreement'), pct, binomialSE(pct, np), 'z', np);
    const pairTypes = pairItemTypes(vec, off, q);
    const pi = new Float64Array(q);
    for (let k = 0; k < q; k++) pi[k] = (x.row[k]! + x.col[k]!) / (2 * np);
    for (let w = 0; w < 3; w++) {
      const kappaSlot = slot('cohen_kappa') + w;
      setInterval(e, kappaSlot, values[kappaSlot]!, cohenKappaSE(vec, off, q, W[w]!, x.row, x.col, np, values[kappaSlot]!), 'z', np);
      const acSlot = slot('gwet_ac1') + w;
      const peAc = acChance(q, scale.weightTotals[w]!, pi);
      setInterval(e, acSlot, values[acSlot]!, acSE(pairTypes, W[w]!, scale.weightTotals[w]!, pi, np, np, values[acSlot]!, peAc), 't', np);
    }
  }
  return e;
}
