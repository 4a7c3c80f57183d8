import { describe, expect, it } from 'vitest';
import { buildAnatomy } from './anatomy.js';
import { studyGrades } from './grades.js';
import { capsule, ellipsoid, extruded, roundBox, S, sdf, tube, W, X } from './primitives.js';
import { SpineCurve, type SpinePoint } from './spine-curve.js';

describe('spine curve', () => {
  const curve = SpineCurve.build(
    1.5,
    [
      { s: 50, kappa: 1 / 300 },
      { s: 230, kappa: 1 / 110 },
      { s: 260, kappa: -1 / 95 },
    ],
    380,
    { s: 170, y: 2, z: -10, alpha: 0 },
  );

  it('passes through the anchor with the anchor tangent', () => {
    const f = curve.frameAt(170);
    expect(f.y).toBeCloseTo(2, 9);
    expect(f.z).toBeCloseTo(-10, 9);
    expect(f.alpha).toBeCloseTo(0, 9);
    // Lordosis: above and below the apex the spine lies further back (+y).
    expect(curve.frameAt(60).y).toBeGreaterThan(2);
    expect(curve.frameAt(250).y).toBeGreaterThan(2);
  });

  it('is continuous (G1) across pieces', () => {
    for (const s of [50, 230, 260, 380]) {
      const a = curve.frameAt(s - 1e-7);
      const b = curve.frameAt(s + 1e-7);
      expect(Math.hypot(a.y - b.y, a.z - b.z)).toBeLessThan(1e-5);
      expect(Math.abs(a.alpha - b.alpha)).toBeLessThan(1e-5);
    }
  });

  it('projects patient points back to their spine coordinates near the curve', () => {
    const out: SpinePoint = { s: 0, w: 0 };
    for (let s = -40; s <= 420; s += 7.3) {
      for (const w of [-40, -12, 0, 9, 30, 60]) {
        const p = curve.toPatient(s, 3, w);
        expect(p[0]).toBeCloseTo(4.5, 9);
        curve.project(p[1], p[2], out);
        expect(out.s).toBeCloseTo(s, 6);
        expect(out.w).toBeCloseTo(w, 6);
      }
    }
  });

  it('lays out the anatomy head to feet without gaps', () => {
    const a = buildAnatomy({ seed: 3, studyIndex: 1, grades: studyGrades(3, 1) });
    let s = a.vertebrae[0]?.sTop ?? NaN;
    for (const [i, v] of a.vertebrae.entries()) {
      expect(v.sTop).toBeCloseTo(s, 9);
      s = v.sBottom;
      const disc = a.discs.find((d) => d.upper === i);
      if (disc) {
        expect(disc.sTop).toBeCloseTo(s, 9);
        s = disc.sBottom;
      }
    }
    expect(a.levels.map((l) => a.discs[l.discIndex]?.name)).toEqual(['L1/L2', 'L2/L3', 'L3/L4', 'L4/L5', 'L5/S1']);
  });
});

describe('primitives', () => {
  const style = { tissue: { t1: 1, t2: 1 } };
  it('have negative distance inside, positive outside, ~distance near the surface', () => {
    const e = ellipsoid('e', style, [0, 0, 0], [4, 2, 3]);
    expect(sdf(e, 0, 0, 0)).toBeLessThan(0);
    expect(sdf(e, 5, 0, 0)).toBeCloseTo(1, 5);
    const b = roundBox('b', style, [0, 0, 0], [4, 2, 3], 1);
    expect(sdf(b, 0, 0, 0)).toBeCloseTo(-2, 9);
    expect(sdf(b, 0, 3, 0)).toBeCloseTo(1, 9);
    const c = capsule('c', style, [0, 0, 0], [10, 0, 0], 2);
    expect(sdf(c, 5, 0, 3)).toBeCloseTo(1, 9);
    expect(sdf(c, -3, 0, 0)).toBeCloseTo(1, 9);
    const x = extruded('x', style, [X, W, S], [0, 0, 10, 0], 2, [-5, 5], 0);
    expect(sdf(x, 0, 5, 1)).toBeCloseTo(-1, 9);
    expect(sdf(x, 7, 5, 0)).toBeCloseTo(2, 9);
    const t = tube('t', style, { s: 0, cx: 0, cw: 0, rx: 10, ra: 5, rp: 5 }, { s: 20, cx: 0, cw: 0, rx: 10, ra: 5, rp: 5 }, undefined, 0);
    expect(sdf(t, 10, 0, 0)).toBeLessThan(0);
    expect(sdf(t, 10, 11, 0)).toBeCloseTo(1, 6);
    expect(sdf(t, 25, 0, 0)).toBeCloseTo(5, 6);
  });

  it('have bounding boxes that contain their inside', () => {
    const prims = [
      ellipsoid('e', style, [1, 2, 3], [4, 2, 3]),
      roundBox('b', style, [1, -2, 3], [4, 2, 3], 1),
      capsule('c', style, [0, 1, 0], [10, -3, 4], 2),
      extruded('x', style, [S, W, X], [0, 30, 8, 50], 5, [-3, 3], 1),
      tube(
        't',
        style,
        { s: 0, cx: 0, cw: 0, rx: 10, ra: 6, rp: 4 },
        { s: 20, cx: 3, cw: 2, rx: 8, ra: 5, rp: 5 },
        { anterior: 2, posterior: 4 },
      ),
    ];
    for (const p of prims) {
      for (let i = 0; i < 2000; i++) {
        const q = [0, 1, 2].map((a) => (p.lo[a] as number) - 3 + Math.random() * ((p.hi[a] as number) - (p.lo[a] as number) + 6));
        const [s, x, w] = q as [number, number, number];
        if (sdf(p, s, x, w) <= 0) {
          expect(s).toBeGreaterThanOrEqual((p.lo[0] as number) - 1e-9);
          expect(s).toBeLessThanOrEqual((p.hi[0] as number) + 1e-9);
          expect(x).toBeGreaterThanOrEqual((p.lo[1] as number) - 1e-9);
          expect(x).toBeLessThanOrEqual((p.hi[1] as number) + 1e-9);
          expect(w).toBeGreaterThanOrEqual((p.lo[2] as number) - 1e-9);
          expect(w).toBeLessThanOrEqual((p.hi[2] as number) + 1e-9);
        }
      }
    }
  });
});
