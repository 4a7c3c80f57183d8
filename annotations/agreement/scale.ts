/**
 * The category scale of an agreement analysis: q ordered categories and the weight matrices every
 * statistic uses.
 *
 * Invariants (AGREEMENT.md conventions 1-2): the scale is always the full category list, used or not;
 * weights are computed on the category *index* k = 0..q-1, never on the code values; matrices are
 * row-major Float64Arrays of q*q; q >= 2.
 */

/** The three weightings, in the order used by every weight-indexed array of this module. */
export const WEIGHTINGS = ['identity', 'linear', 'quadratic'] as const;
export type Weighting = (typeof WEIGHTINGS)[number];
export const IDENTITY = 0;
export const LINEAR = 1;
export const QUADRATIC = 2;

export interface Scale {
  readonly q: number;
  /** Agreement weights w_kl per weighting (WEIGHTINGS order), q*q row-major. */
  readonly weights: readonly Float64Array[];
  /** T_w = sum_kl w_kl, per weighting. */
  readonly weightTotals: readonly number[];
}

/** identity w_kl = [k=l]; linear 1 - |k-l|/(q-1); quadratic 1 - (k-l)^2/(q-1)^2. */
export function makeScale(q: number): Scale {
  if (!Number.isInteger(q) || q < 2) throw new RangeError(`a scale needs at least 2 categories, got ${q}`);
  const weights = WEIGHTINGS.map((weighting) => {
    const w = new Float64Array(q * q);
    for (let k = 0; k < q; k++) {
      for (let l = 0; l < q; l++) {
        const d = Math.abs(k - l);
        w[k * q + l] =
          weighting === 'identity' ? (d === 0 ? 1 : 0) : weighting === 'linear' ? 1 - d / (q - 1) : 1 - (d * d) / ((q - 1) * (q - 1));
      }
    }
    return w;
  });
  const weightTotals = weights.map((w) => w.reduce((s, x) => s + x, 0));
  return { q, weights, weightTotals };
}
