/**
 * Krippendorff's alpha from a q x q coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
 * alpha-reliability"): alpha = 1 - (n - 1) sum o_kl d2_kl / sum n_k n_l d2_kl, with n_k the coincidence
 * marginals and n = sum n_k the pairable values.
 *
 * Metrics on the category index: nominal [k != l]; ordinal (sum_{g=k..l} n_g - (n_k + n_l)/2)^2;
 * interval (k - l)^2. Invariants: alpha is NaN (undefined) when fewer than two categories have pairable
 * values (expected disagreement 0); coincidences may be non-integer (bootstrap weights).
 */

/** The three alphas (nominal, ordinal, interval) into out[at], out[at+1], out[at+2]. */
function alphasFromCoincidences(
  o: ArrayLike<number>,
  off: number,
  symmetricPair: boolean,
  q: number,
  marg: Float64Array,
  cum: Float64Array,
  out: Float64Array,
  at: number,
): void {
  let n = 0;
  let used = 0;
  cum[0] = 0;
  for (let k = 0; k < q; k++) {
    n += marg[k]!;
    if (marg[k]! > 0) used++;
    cum[k + 1] = cum[k]! + marg[k]!;
  }
  if (used < 2) {
    out[at] = out[at + 1] = out[at + 2] = Number.NaN;
    return;
  }
  let oNom = 0;
  let oOrd = 0;
  let oInt = 0;
  let eNom = 0;
  let eOrd = 0;
  let eInt = 0;
  for (let k = 0; k < q; k++) {
    for (let l = k + 1; l < q; l++) {
      // Unordered pair {k, l}: both cells of o (for a confusion matrix C, o = C + C^T).
      const okl = symmetricPair ? o[off + k * q + l]! + o[off + l * q + k]! : o[off + k * q + l]!;
      const d = cum[l + 1]! - cum[k]! - (marg[k]! + marg[l]!) / 2;
      const ord = d * d;
      const int = (l - k) * (l - k);
      const e = marg[k]! * marg[l]!;
      oNom += okl;
      oOrd += okl * ord;
      oInt += okl * int;
      eNom += e;
      eOrd += e * ord;
      eInt += e * int;
    }
  }
  // Both sums ran over k < l only: each is half of the full symmetric sum, so the halves cancel.
  out[at] = 1 - ((n - 1) * oNom) / eNom;
  out[at + 1] = 1 - ((n - 1) * oOrd) / eOrd;
  out[at + 2] = 1 - ((n - 1) * oInt) / eInt;
}

/** Alphas of a coincidence matrix o[off + k*q + l] (symmetric); `marg`, `cum` are q / q+1 scratch arrays. */
export function krippendorffAlphas(
  o: ArrayLike<number>,
  off: number,
  q: number,
  marg: Float64Array,
  cum: Float64Array,
  out: Float64Array,
  at: number,
): void {
  for (let k = 0; k < q; k++) {
    let s = 0;
    for (let l = 0; l < q; l++) s += o[off + k * q + l]!;
    marg[k] = s;
  }
  alphasFromCoincidences(o, off, false, q, marg, cum, out, at);
}

/**
 * Alphas of two readers from their confusion matrix C (each unit has m_u = 2, so o = C + C^T and the
 * coincidence marginals are row + column totals).
 */
export function pairKrippendorffAlphas(
  conf: ArrayLike<number>,
  off: number,
  q: number,
  row: Float64Array,
  col: Float64Array,
  marg: Float64Array,
  cum: Float64Array,
  out: Float64Array,
  at: number,
): void {
  for (let k = 0; k < q; k++) marg[k] = row[k]! + col[k]!;
  alphasFromCoincidences(conf, off, true, q, marg, cum, out, at);
}
