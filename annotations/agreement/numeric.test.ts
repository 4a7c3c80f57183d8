/** Numerical helpers against independent values: Student t quantiles (mpmath, 40 digits), numpy quantiles. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures/compare-reference.js';
import { quantileSorted, sampleSd, studentTQuantile } from './numeric.js';
import { createRng } from './prng.js';

describe('studentTQuantile', () => {
  const ref = JSON.parse(readFileSync(join(FIXTURES, 't_quantiles.json'), 'utf8')) as { quantiles: Record<string, number> };
  it.each(Object.entries(ref.quantiles))('t(0.975, %s) matches mpmath to 1e-12', (df, expected) => {
    expect(Math.abs(studentTQuantile(0.975, Number(df)) - expected)).toBeLessThan(1e-12);
  });
  it('is symmetric and NaN outside its domain', () => {
    expect(studentTQuantile(0.025, 10)).toBe(-studentTQuantile(0.975, 10));
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(1, 7)).toBeNaN();
    expect(studentTQuantile(0.975, 0)).toBeNaN();
  });
});

describe('quantileSorted / sampleSd', () => {
  it('interpolates linearly like numpy.quantile', () => {
    const x = Float64Array.from([1, 2, 4, 8, 16]);
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(16);
    expect(quantileSorted(x, 0.5)).toBe(4);
    expect(quantileSorted(x, 0.025)).toBeCloseTo(1.1, 14); // numpy.quantile([1,2,4,8,16], 0.025) = 1.1
    expect(quantileSorted(x, 0.9)).toBeCloseTo(12.8, 14);
  });
  it('uses the n - 1 denominator', () => {
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 14);
    expect(sampleSd([1])).toBeNaN();
  });
});

describe('Rng', () => {
  it('is reproducible from its seed and uniform enough', () => {
    const a = createRng(123);
    const b = createRng(123);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(createRng(124).next()).not.toBe(xs[0]);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[a.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});
