/**
 * Two-reader statistics from a q x q confusion matrix of counts (rows = first reader, columns = second):
 * percent agreement, Cohen's kappa (any weight matrix) with the Fleiss-Cohen-Everitt (1969) SE, Gwet's
 * AC1/AC2 (pairCoefficients, the bootstrap hot path), unweighted kappa for the Light average.
 *
 * Invariants: matrices are read at `conf[off + k*q + l]`; counts may be non-integer (bootstrap weights);
 * an undefined value is NaN here (0/0, or |1 - Pe| < 1e-12 for chance-corrected coefficients) and is
 * turned into `null` + `undefined: true` by the report, never shown as NaN.
 */

/** |1 - pe| below this is 0/0: the coefficient is undefined (AGREEMENT.md convention 4). */
export const UNDEFINED_EPS = 1e-12;

/** Row and column totals into `row` / `col`; returns n. */
export function marginals(conf: ArrayLike<number>, off: number, q: number, row: Float64Array, col: Float64Array): number {
  row.fill(0);
  col.fill(0);
  let n = 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      const c = conf[off + k * q + l]!;
      row[k]! += c;
      col[l]! += c;
      n += c;
    }
  }
  return n;
}

/** Cohen's chance agreement P_e = sum w_kl p_k+ p_+l. */
export function cohenChance(q: number, w: Float64Array, row: Float64Array, col: Float64Array, n: number): number {
  let s = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) s += w[k * q + l]! * row[k]! * col[l]!;
  return s / (n * n);
}

/**
 * Fleiss-Cohen-Everitt (1969) large-sample SE of a (weighted) kappa:
 * Var = [sum p_kl (w_kl - (wbar_k+ + wbar_+l)(1 - kappa))^2 - (kappa - P_e (1 - kappa))^2] / (n (1 - P_e)^2).
 */
export function cohenKappaSE(
  conf: ArrayLike<number>,
  off: number,
  q: number,
  w: Float64Array,
  row: Float64Array,
  col: Float64Array,
  n: number,
  kappa: number,
): number {
  if (!Number.isFinite(kappa) || !(n > 0)) return Number.NaN;
  const pe = cohenChance(q, w, row, col, n);
  let s = 0;
  for (let k = 0; k < q; k++) {
    let wRow = 0; // wbar_k+ = sum_l p_+l w_kl
    for (let l = 0; l < q; l++) wRow += (col[l]! / n) * w[k * q + l]!;
    for (let l = 0; l < q; l++) {
      let wCol = 0; // wbar_+l = sum_k p_k+ w_kl
      for (let m = 0; m < q; m++) wCol += (row[m]! / n) * w[m * q + l]!;
      const d = w[k * q + l]! - (wRow + wCol) * (1 - kappa);
      s += (conf[off + k * q + l]! / n) * d * d;
    }
  }
  const c = kappa - pe * (1 - kappa);
  const variance = (s - c * c) / (n * (1 - pe) * (1 - pe));
  return Math.sqrt(Math.max(0, variance));
}

/** Binomial SE sqrt(p(1-p)/n) of a percent agreement. */
export function binomialSE(p: number, n: number): number {
  return Number.isFinite(p) && n > 0 ? Math.sqrt(Math.max(0, (p * (1 - p)) / n)) : Number.NaN;
}

/**
 * The hot path of the bootstrap: percent agreement, Cohen's kappa and Gwet's AC for the 3 weightings of
 * one pair (the identity weighting from the diagonal and the margins alone). `weights[0]` must be the
 * identity. Writes out[at] = percent agreement, out[at + 1 + w] = kappa_w,
 * out[at + 4 + w] = AC_w (w = identity, linear, quadratic). `row` / `col` / `n` from `marginals`.
 */
export function pairCoefficients(
  conf: ArrayLike<number>,
  off: number,
  q: number,
  weights: readonly Float64Array[],
  weightTotals: readonly number[],
  row: Float64Array,
  col: Float64Array,
  n: number,
  out: Float64Array,
  at: number,
): void {
  if (!(n > 0)) {
    for (let j = 0; j < 7; j++) out[at + j] = Number.NaN;
    return;
  }
  let gwetSum = 0;
  let diag = 0;
  let rc = 0;
  for (let k = 0; k < q; k++) {
    const pi = (row[k]! + col[k]!) / (2 * n);
    gwetSum += pi * (1 - pi);
    diag += conf[off + k * q + k]!;
    rc += row[k]! * col[k]!;
  }
  const n2 = n * n;
  const acUnit = gwetSum / (q * (q - 1));
  // Identity weights: P_o is the diagonal, P_e = sum_k p_k+ p_+k.
  let po = diag / n;
  let pe = rc / n2;
  out[at] = po;
  out[at + 1] = Math.abs(1 - pe) < UNDEFINED_EPS ? Number.NaN : (po - pe) / (1 - pe);
  let peAc = weightTotals[0]! * acUnit;
  out[at + 4] = Math.abs(1 - peAc) < UNDEFINED_EPS ? Number.NaN : (po - peAc) / (1 - peAc);
  for (let w = 1; w < 3; w++) {
    const W = weights[w]!;
    po = 0;
    pe = 0;
    for (let k = 0; k < q; k++) {
      const rk = row[k]!;
      for (let l = 0; l < q; l++) {
        const wkl = W[k * q + l]!;
        po += wkl * conf[off + k * q + l]!;
        pe += wkl * rk * col[l]!;
      }
    }
    po /= n;
    pe /= n2;
    out[at + 1 + w] = Math.abs(1 - pe) < UNDEFINED_EPS ? Number.NaN : (po - pe) / (1 - pe);
    peAc = weightTotals[w]! * acUnit;
    out[at + 4 + w] = Math.abs(1 - peAc) < UNDEFINED_EPS ? Number.NaN : (po - peAc) / (1 - peAc);
  }
}

/** Unweighted Cohen's kappa straight from a confusion matrix (marginals included); NaN when undefined. */
export function identityKappa(conf: ArrayLike<number>, off: number, q: number, row: Float64Array, col: Float64Array): number {
  row.fill(0);
  col.fill(0);
  let n = 0;
  let diag = 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      const c = conf[off + k * q + l]!;
      row[k]! += c;
      col[l]! += c;
      n += c;
    }
    diag += conf[off + k * q + k]!;
  }
  if (!(n > 0)) return Number.NaN;
  let pe = 0;
  for (let k = 0; k < q; k++) pe += row[k]! * col[k]!;
  pe /= n * n;
  return Math.abs(1 - pe) < UNDEFINED_EPS ? Number.NaN : (diag / n - pe) / (1 - pe);
}
