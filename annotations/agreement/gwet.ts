/**
 * Multi-rater coefficients in Gwet's general form (Gwet 2008, 2014; as R irrCAC), which handles missing
 * ratings: percent agreement, Fleiss' generalized kappa (any weights), Gwet's AC1/AC2, Conger's kappa,
 * and Fleiss (1971) on complete cases; plus their linearisation standard errors (f = 0).
 *
 * Coefficients read a sufficient vector (sufficient.ts layout at offset `vo`); SEs need the per-item
 * quantities, so they read `ItemTypes` (distinct rating patterns with multiplicities).
 * Invariants: n = items with >= 1 rating, n2 = items with >= 2; NaN means undefined (n2 = 0, or
 * |1 - pe| < 1e-12); raters who rated nothing in a subset are left out of Conger's chance agreement.
 */
import { UNDEFINED_EPS } from './cohen.js';
import type { Scale } from './scale.js';
import type { StatLayout } from './sufficient.js';

/** (pa - pe) / (1 - pe), NaN when pa or pe is NaN or |1 - pe| < 1e-12. */
export function chanceCorrected(pa: number, pe: number): number {
  if (!Number.isFinite(pa) || !Number.isFinite(pe) || Math.abs(1 - pe) < UNDEFINED_EPS) return Number.NaN;
  return (pa - pe) / (1 - pe);
}

/** Gwet's pi_k = (1/n) sum_{r_i >= 1} n_ik / r_i into `pi`; returns n. */
export function gwetPi(vec: ArrayLike<number>, vo: number, L: StatLayout, pi: Float64Array): number {
  const n = vec[vo + L.N1]!;
  for (let k = 0; k < L.q; k++) pi[k] = n > 0 ? vec[vo + L.PI + k]! / n : Number.NaN;
  return n;
}

/** Weighted percent agreement pa = (1/n2) sum_{r_i >= 2} pa_i for weighting index w (0, 1, 2). */
export function generalPercentAgreement(vec: ArrayLike<number>, vo: number, L: StatLayout, w: number): number {
  const n2 = vec[vo + L.N2]!;
  return n2 > 0 ? vec[vo + L.PA + w]! / n2 : Number.NaN;
}

/** Fleiss' chance agreement sum_kl w_kl pi_k pi_l. */
export function fleissChance(q: number, w: Float64Array, pi: Float64Array): number {
  let s = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) s += w[k * q + l]! * pi[k]! * pi[l]!;
  return s;
}

/** Gwet's AC chance agreement T_w / (q (q - 1)) sum_k pi_k (1 - pi_k). */
export function acChance(q: number, weightTotal: number, pi: Float64Array): number {
  let s = 0;
  for (let k = 0; k < q; k++) s += pi[k]! * (1 - pi[k]!);
  return (weightTotal / (q * (q - 1))) * s;
}

/**
 * Conger's chance agreement sum_kl w_kl (pbar_k pbar_l - s_kl / m) from each reader's own category
 * shares p_gk (m = readers with >= 1 rating; NaN when m < 2). `pg` is a raters*q scratch (receives
 * p_gk), `pbar` a q scratch (receives pbar_k).
 */
export function congerChance(
  vec: ArrayLike<number>,
  vo: number,
  L: StatLayout,
  w: Float64Array,
  pg: Float64Array,
  pbar: Float64Array,
  included: Uint8Array,
): number {
  const { q, raters: R } = L;
  let m = 0;
  pbar.fill(0);
  for (let g = 0; g < R; g++) {
    let ng = 0;
    for (let k = 0; k < q; k++) ng += vec[vo + L.CLASSIF + g * q + k]!;
    included[g] = ng > 0 ? 1 : 0;
    if (ng === 0) continue;
    m++;
    for (let k = 0; k < q; k++) {
      const p = vec[vo + L.CLASSIF + g * q + k]! / ng;
      pg[g * q + k] = p;
      pbar[k]! += p;
    }
  }
  if (m < 2) return Number.NaN;
  for (let k = 0; k < q; k++) pbar[k]! /= m;
  let pe = 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      let cross = 0;
      for (let g = 0; g < R; g++) if (included[g]) cross += pg[g * q + k]! * pg[g * q + l]!;
      const s2 = (cross - m * pbar[k]! * pbar[l]!) / (m - 1);
      pe += w[k * q + l]! * (pbar[k]! * pbar[l]! - s2 / m);
    }
  }
  return pe;
}

/** Fleiss (1971) kappa on complete items only (what irr::kappam.fleiss and statsmodels compute). */
export function fleissCompleteCases(vec: ArrayLike<number>, vo: number, L: StatLayout): number {
  const n = vec[vo + L.N_COMPLETE]!;
  if (!(n > 0)) return Number.NaN;
  const pa = vec[vo + L.PA_COMPLETE]! / n;
  let pe = 0;
  for (let k = 0; k < L.q; k++) {
    const p = vec[vo + L.COUNTS_COMPLETE + k]! / (n * L.raters);
    pe += p * p;
  }
  return chanceCorrected(pa, pe);
}

/** Distinct items of a subset for the linearisation SEs: per type its category counts, ratings, multiplicity. */
export interface ItemTypes {
  readonly count: number;
  readonly q: number;
  readonly raters: number;
  /** counts[t*q + k] = n_tk. */
  readonly counts: Float64Array;
  /** r[t] = number of ratings. */
  readonly r: Float64Array;
  /** codes[t*raters + g] = category index or -1 (for Conger). */
  readonly codes: Int16Array;
  /** How many items of the subset have this type. */
  readonly mult: Float64Array;
}

/** Item types from pattern codes and their histogram (types with multiplicity 0 are dropped). */
export function itemTypesFromPatterns(codes: Int16Array, raters: number, q: number, hist: ArrayLike<number>): ItemTypes {
  const keep: number[] = [];
  for (let p = 0; p < hist.length; p++) if (hist[p]! > 0) keep.push(p);
  const t = keep.length;
  const out = {
    count: t,
    q,
    raters,
    counts: new Float64Array(t * q),
    r: new Float64Array(t),
    codes: new Int16Array(t * raters),
    mult: new Float64Array(t),
  };
  keep.forEach((p, i) => {
    out.mult[i] = hist[p]!;
    for (let g = 0; g < raters; g++) {
      const c = codes[p * raters + g]!;
      out.codes[i * raters + g] = c;
      if (c >= 0) {
        out.counts[i * q + c]!++;
        out.r[i]!++;
      }
    }
  });
  return out;
}

function itemPa(types: ItemTypes, t: number, w: Float64Array): number {
  const { q } = types;
  const r = types.r[t]!;
  if (r < 2) return 0;
  let s = 0;
  for (let k = 0; k < q; k++) {
    const nk = types.counts[t * q + k]!;
    if (nk === 0) continue;
    let nstar = 0;
    for (let l = 0; l < q; l++) nstar += w[k * q + l]! * types.counts[t * q + l]!;
    s += nk * (nstar - 1);
  }
  return s / (r * (r - 1));
}

/**
 * Gwet's linearisation SE: kstar_i = (n/n2)(pa_i - pe [r_i >= 2])/(1 - pe);
 * kstar2_i = kstar_i - 2 (1 - coef)(pe_i - pe)/(1 - pe); Var = sum (kstar2_i - coef)^2 / (n (n - 1)).
 */
function linearisedSE(
  types: ItemTypes,
  w: Float64Array,
  n: number,
  n2: number,
  coef: number,
  pe: number,
  peItem: (t: number) => number,
): number {
  if (!Number.isFinite(coef) || !(n >= 2) || !(n2 > 0)) return Number.NaN;
  let s = 0;
  for (let t = 0; t < types.count; t++) {
    const r = types.r[t]!;
    if (r < 1) continue;
    const kstar = ((n / n2) * (itemPa(types, t, w) - (r >= 2 ? pe : 0))) / (1 - pe);
    const kstar2 = kstar - (2 * (1 - coef) * (peItem(t) - pe)) / (1 - pe);
    s += types.mult[t]! * (kstar2 - coef) * (kstar2 - coef);
  }
  return Math.sqrt(s / (n * (n - 1)));
}

/** SE of the percent agreement: sqrt(sum (x_i - pa)^2 / (n (n - 1))) with x_i = (n/n2) pa_i. */
export function percentAgreementSE(types: ItemTypes, scale: Scale, n: number, n2: number, pa: number): number {
  if (!Number.isFinite(pa) || !(n >= 2)) return Number.NaN;
  let s = 0;
  for (let t = 0; t < types.count; t++) {
    if (types.r[t]! < 1) continue;
    const x = (n / n2) * itemPa(types, t, scale.weights[0]!);
    s += types.mult[t]! * (x - pa) * (x - pa);
  }
  return Math.sqrt(s / (n * (n - 1)));
}

/** SE of Fleiss' generalized kappa: pe_i = sum_k (n_ik/r_i) sum_l ((w_kl + w_lk)/2) pi_l. */
export function fleissSE(types: ItemTypes, w: Float64Array, pi: Float64Array, n: number, n2: number, coef: number, pe: number): number {
  const { q } = types;
  const b = new Float64Array(q);
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) b[k]! += ((w[k * q + l]! + w[l * q + k]!) / 2) * pi[l]!;
  return linearisedSE(types, w, n, n2, coef, pe, (t) => {
    let s = 0;
    for (let k = 0; k < q; k++) s += (types.counts[t * q + k]! / types.r[t]!) * b[k]!;
    return s;
  });
}

/** SE of Gwet's AC1/AC2: pe_i = T_w/(q(q-1)) sum_k (n_ik/r_i)(1 - pi_k). */
export function acSE(
  types: ItemTypes,
  w: Float64Array,
  weightTotal: number,
  pi: Float64Array,
  n: number,
  n2: number,
  coef: number,
  pe: number,
): number {
  const { q } = types;
  const c = weightTotal / (q * (q - 1));
  return linearisedSE(types, w, n, n2, coef, pe, (t) => {
    let s = 0;
    for (let k = 0; k < q; k++) s += (types.counts[t * q + k]! / types.r[t]!) * (1 - pi[k]!);
    return c * s;
  });
}

/**
 * SE of Conger's kappa (irrCAC's conger.kappa.raw): pe_i = sum_g lambda_ig / (m (m - 1)) with
 * lambda_ig = sum_k (n/n_g) [sum_l w_kl (delta_igl - (eps_ig - n_g/n) p_gl)] (m pbar_k - p_gk).
 * `pg`, `pbar`, `included` are the outputs of congerChance; `classifTotals[g]` = n_g.
 */
export function congerSE(
  types: ItemTypes,
  w: Float64Array,
  pg: Float64Array,
  pbar: Float64Array,
  included: Uint8Array,
  ng: Float64Array,
  n: number,
  n2: number,
  coef: number,
  pe: number,
): number {
  const { q, raters: R } = types;
  let m = 0;
  for (let g = 0; g < R; g++) m += included[g]!;
  return linearisedSE(types, w, n, n2, coef, pe, (t) => {
    let lambda = 0;
    for (let g = 0; g < R; g++) {
      if (!included[g]) continue;
      const c = types.codes[t * R + g]!;
      const eps = c >= 0 ? 1 : 0;
      for (let k = 0; k < q; k++) {
        let inner = 0;
        for (let l = 0; l < q; l++) inner += w[k * q + l]! * ((c === l ? 1 : 0) - (eps - ng[g]! / n) * pg[g * q + l]!);
        lambda += (n / ng[g]!) * inner * (m * pbar[k]! - pg[g * q + k]!);
      }
    }
    return lambda / (m * (m - 1));
  });
}

/**
 * The bootstrap's hot path for the Gwet-form family: Fleiss' kappa and Gwet's AC for the 3 weightings in
 * one pass (pi computed once, the three chance agreements in one double loop). Writes
 * out[fleissAt + w] and out[acAt + w]; `pi` is a q scratch array that receives pi_k.
 */
export function fleissAndAc(
  vec: ArrayLike<number>,
  vo: number,
  L: StatLayout,
  weights: readonly Float64Array[],
  weightTotals: readonly number[],
  pi: Float64Array,
  out: Float64Array,
  fleissAt: number,
  acAt: number,
): void {
  const q = L.q;
  const n = vec[vo + L.N1]!;
  const n2 = vec[vo + L.N2]!;
  if (!(n2 > 0)) {
    for (let w = 0; w < 3; w++) out[fleissAt + w] = out[acAt + w] = Number.NaN;
    return;
  }
  let spread = 0;
  for (let k = 0; k < q; k++) {
    const p = vec[vo + L.PI + k]! / n;
    pi[k] = p;
    spread += p * (1 - p);
  }
  const W0 = weights[0]!;
  const W1 = weights[1]!;
  const W2 = weights[2]!;
  let pe0 = 0;
  let pe1 = 0;
  let pe2 = 0;
  for (let k = 0; k < q; k++) {
    const pk = pi[k]!;
    for (let l = 0; l < q; l++) {
      const j = k * q + l;
      const pp = pk * pi[l]!;
      pe0 += W0[j]! * pp;
      pe1 += W1[j]! * pp;
      pe2 += W2[j]! * pp;
    }
  }
  const ac = spread / (q * (q - 1));
  out[fleissAt] = chanceCorrected(vec[vo + L.PA]! / n2, pe0);
  out[fleissAt + 1] = chanceCorrected(vec[vo + L.PA + 1]! / n2, pe1);
  out[fleissAt + 2] = chanceCorrected(vec[vo + L.PA + 2]! / n2, pe2);
  for (let w = 0; w < 3; w++) out[acAt + w] = chanceCorrected(vec[vo + L.PA + w]! / n2, weightTotals[w]! * ac);
}
