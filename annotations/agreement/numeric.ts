/**
 * Numerical helpers of the agreement statistics: Student t quantiles (for Gwet's t intervals), the
 * linear-interpolation sample quantile (numpy's default, for percentile bootstrap intervals), and the
 * sample standard deviation.
 *
 * Invariants: pure; results agree with scipy.stats.t.ppf to ~1e-12 for integer df >= 1 (checked by
 * numeric.test.ts against stored scipy values).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Gamma(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/**
 * ln(Gamma(a + 1/2) / Gamma(a)) without the cancellation of two large log-gammas: Lanczos for small a,
 * the Stirling series difference (with log1p) for a >= 20.
 */
function logGammaHalfRatio(a: number): number {
  if (a < 20) return logGamma(a + 0.5) - logGamma(a);
  const s = (z: number): number => {
    const z2 = z * z;
    return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * z2)) / z2) / z2) / z2) / z;
  };
  return 0.5 * Math.log(a) + a * Math.log1p(0.5 / a) - 0.5 + s(a + 0.5) - s(a);
}

/** Upper tail P(T > t) of Student's t with df degrees of freedom, for t > 0: I_x(df/2, 1/2) / 2. */
function studentUpperTail(t: number, df: number): number {
  const a = df / 2;
  const b = 0.5;
  const t2 = t * t;
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  const lnX = -Math.log1p(t2 / df);
  const lnY = Math.log(y);
  const lnBeta = 0.5 * Math.log(Math.PI) - logGammaHalfRatio(a);
  const front = Math.exp(a * lnX + b * lnY - lnBeta);
  const incomplete =
    x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, y)) / b;
  return 0.5 * incomplete;
}

function studentDensity(t: number, df: number): number {
  const lnC = logGammaHalfRatio(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(lnC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

const tQuantileCache = new Map<string, number>();

/**
 * Quantile of Student's t distribution: the t with P(T <= t) = p, for 0 < p < 1 and df > 0.
 * Newton's method on the tail probability from a normal start, safeguarded by bisection.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const key = `${p}:${df}`;
  const cached = tQuantileCache.get(key);
  if (cached !== undefined) return cached;
  const tail = 1 - p;
  let result: number;
  if (df === 1) result = Math.tan(Math.PI * (p - 0.5));
  else if (df === 2) result = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  else if (df >= 1000 && p <= 0.999) {
    // Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5): error below 1e-15 from df = 1000 on.
    const z = normalQuantile(p);
    const z2 = z * z;
    const g1 = (z * (z2 + 1)) / 4;
    const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
    const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
    const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
    result = z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
  } else {
    let lo = 0;
    let hi = 1;
    while (studentUpperTail(hi, df) > tail) hi *= 2;
    let t = Math.min(Math.max(normalQuantileApprox(p), lo), hi);
    for (let i = 0; i < 200; i++) {
      const f = studentUpperTail(t, df) - tail; // decreasing in t
      if (f > 0) lo = t;
      else hi = t;
      let next = t + f / studentDensity(t, df);
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) {
        t = next;
        break;
      }
      t = next;
    }
    result = t;
  }
  if (tQuantileCache.size > 10_000) tQuantileCache.clear();
  tQuantileCache.set(key, result);
  return result;
}

/** erf(x) for 0 <= x <= 5 by the all-positive series 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (2n+1)!!. */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** Standard normal quantile for 0.5 <= p <= 0.999: Acklam's start polished by Newton steps on erf. */
function normalQuantile(p: number): number {
  let z = normalQuantileApprox(p);
  for (let i = 0; i < 5; i++) {
    const cdf = 0.5 * (1 + erfSeries(z / Math.SQRT2));
    const step = (cdf - p) / (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI));
    z -= step;
    if (Math.abs(step) < 1e-16) break;
  }
  return z;
}

/** Acklam's rational approximation of the normal quantile (relative error ~1e-9): a starting point only. */
function normalQuantileApprox(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - 0.02425) return -normalQuantileApprox(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** Sample quantile with linear interpolation (numpy 'linear', R type 7) of an ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}

/** Sample standard deviation (n - 1 denominator) of the first n values; NaN when n < 2. */
export function sampleSd(values: ArrayLike<number>, n = values.length): number {
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}
