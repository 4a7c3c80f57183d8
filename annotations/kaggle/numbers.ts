/**
 * Numbers as the Kaggle files spell them: decimal ids kept as strings, and floats written the way Python
 * `repr` / pandas `to_csv` writes float64 (what Kaggle's own files contain).
 *
 * Float format (decision): shortest round-trip digits (JS and Python agree on them); fixed notation when
 * 1e-4 <= |x| < 1e16, always with a fraction (`261.0`, like pandas writes an integral float64), otherwise
 * scientific with a signed two-digit-minimum exponent (`1e-07`, `1.5e+16`); `-0.0` for negative zero.
 * Parsing accepts any plain decimal (`261`, `261.0`, `2.61e2`); `isCanonicalFloat` tells whether the text
 * is the one we would write, so that round trips are byte-identical for canonical files.
 */

const DECIMAL_ID = /^(?:0|[1-9][0-9]*)$/;
const FLOAT = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** True for `0` or a run of digits without a leading zero (ids are kept as such strings). */
export function isDecimalId(text: string): boolean {
  return DECIMAL_ID.test(text);
}

/** Numeric order of two decimal ids (shorter is smaller, then digit by digit). */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Python `repr(float(n))`: the text pandas writes for a float64 cell. Throws on non-finite input. */
export function formatFloat(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`cannot write non-finite number ${n}`);
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-4 && abs < 1e16) {
    // Fixed notation in this range (JS switches only below 1e-6 or at 1e21); integral values get ".0".
    return Number.isInteger(n) ? `${n}.0` : String(n);
  }
  const exponential = n.toExponential(); // shortest round-trip digits, e.g. "1.5e-7"
  const at = exponential.indexOf('e');
  const mantissa = exponential.slice(0, at);
  const exponent = Number(exponential.slice(at + 1));
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** A finite number from a plain decimal text (optional `-`, digits, `.`, exponent), else undefined. */
export function parseFloatStrict(text: string): number | undefined {
  if (!FLOAT.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** True when `text` is exactly what `formatFloat` writes for its value. */
export function isCanonicalFloat(text: string): boolean {
  const value = parseFloatStrict(text);
  return value !== undefined && formatFloat(value) === text;
}

/** A non-negative safe integer from a decimal id text (instance numbers), else undefined. */
export function parseIndex(text: string): number | undefined {
  if (!isDecimalId(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
