/**
 * Hand-computed cases for the viewer's patient-space geometry: pixel <-> patient mapping, plane
 * intersection (reference lines, including an oblique axial), nearest slice, orientation markers, stack
 * ordering and series without geometry.
 */
import { describe, expect, it } from 'vitest';
import {
  clipLineToImage,
  distanceToPlane,
  nearestSliceIndex,
  orderAlongNormal,
  orientationLabel,
  orientationMarkers,
  patientToPixel,
  pixelToPatient,
  planeCenter,
  planeIntersectionLine,
  referenceLine,
  referenceSegment,
  sameOrientation,
  sliceNormal,
  type SlicePlane,
  type Vec3,
} from './geometry.js';

const close = (actual: readonly number[], expected: readonly number[], digits = 6) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));
};

/** Sagittal at x (mm): rows go down (feet), columns go posterior; 200x200, 1 mm. */
const sagittal = (x: number): SlicePlane => ({
  ipp: [x, -100, 100],
  iop: [0, 1, 0, 0, 0, -1],
  pixelSpacing: [1, 1],
  rows: 200,
  columns: 200,
});
/** Axial at z: columns go left, rows go posterior; 100x100, 1 mm, centred on x = 0. */
const axial = (z: number): SlicePlane => ({ ipp: [-50, -50, z], iop: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1], rows: 100, columns: 100 });
/** Axial tilted about the L-R axis: column direction (0, 0.8, 0.6) (36.87 degrees, a 3-4-5 triangle). */
const obliqueAxial: SlicePlane = { ipp: [-50, -50, 0], iop: [1, 0, 0, 0, 0.8, 0.6], pixelSpacing: [1, 1], rows: 100, columns: 100 };

describe('pixel <-> patient', () => {
  it('maps x = column along the row direction and y = row along the column direction, with [row, column] spacing', () => {
    const plane: SlicePlane = { ipp: [10, 20, 30], iop: [0, 1, 0, 0, 0, -1], pixelSpacing: [0.5, 0.8], rows: 64, columns: 128 };
    // x = 10 columns * 0.8 mm along +y (posterior), y = 4 rows * 0.5 mm along -z (inferior)
    close(pixelToPatient(plane, 10, 4), [10, 28, 28]);
    const back = patientToPixel(plane, [13, 28, 28]);
    close([back.x, back.y, back.distance], [10, 4, -3]); // normal of this sagittal is -x
  });

  it('round-trips on an oblique plane', () => {
    const p = pixelToPatient(obliqueAxial, 12.25, 40.5);
    close(p, [-50 + 12.25, -50 + 0.8 * 40.5, 0.6 * 40.5]);
    const back = patientToPixel(obliqueAxial, p);
    close([back.x, back.y, back.distance], [12.25, 40.5, 0]);
  });
});

describe('plane intersection and reference lines', () => {
  it('is null for parallel planes', () => {
    expect(planeIntersectionLine(sagittal(0), sagittal(4))).toBeNull();
    expect(referenceLine(sagittal(0), sagittal(4), 'f', 'f')).toEqual({ kind: 'parallel' });
  });

  it('crosses an axial and a sagittal along the A-P line at the axial z, clipped to both images', () => {
    const segment = referenceSegment(axial(-20), sagittal(0))!;
    // the axial covers y in [-50.5, 49.5]; the sagittal covers y in [-100.5, 99.5]
    const ys = [segment.start[1], segment.end[1]].sort((a, b) => a - b);
    close(ys, [-50.5, 49.5]);
    close([segment.start[0], segment.start[2], segment.end[0], segment.end[2]], [0, -20, 0, -20]);
    // on the sagittal image: row y = 100 - z = 120, from column 49.5 to 149.5
    const a = patientToPixel(sagittal(0), segment.start);
    const b = patientToPixel(sagittal(0), segment.end);
    close([a.y, b.y], [120, 120]);
    close([Math.min(a.x, b.x), Math.max(a.x, b.x)], [49.5, 149.5]);
  });

  it('draws the sagittal plane on the axial as a vertical line at its x', () => {
    const segment = referenceSegment(sagittal(12), axial(0))!;
    const a = patientToPixel(axial(0), segment.start);
    const b = patientToPixel(axial(0), segment.end);
    close([a.x, b.x], [62, 62]); // column 62 = x 12 mm from the -50 edge
    close([Math.min(a.y, b.y), Math.max(a.y, b.y)], [-0.5, 99.5]); // the whole axial height
  });

  it('gives a sloped line for an oblique axial on the sagittal', () => {
    const segment = referenceSegment(obliqueAxial, sagittal(0))!;
    // points of the oblique axial with x = 0: column 50, y = -50 + 0.8 r, z = 0.6 r, r in [-0.5, 99.5]
    const pts = [patientToPixel(sagittal(0), segment.start), patientToPixel(sagittal(0), segment.end)].sort((p, q) => p.x - q.x);
    close([pts[0]!.x, pts[0]!.y, pts[1]!.x, pts[1]!.y], [49.6, 100.3, 129.6, 40.3]);
    const line = planeIntersectionLine(obliqueAxial, sagittal(0))!;
    close([Math.abs(line.direction[1]), Math.abs(line.direction[2])], [0.8, 0.6]);
  });

  it('reports an axial outside the sagittal image, a frame-of-reference mismatch and missing geometry', () => {
    expect(referenceLine(axial(300), sagittal(0), 'f', 'f')).toEqual({ kind: 'outside' });
    const ok = referenceLine(axial(0), sagittal(0), 'f', 'f');
    expect(ok.kind === 'line' && ok.frameOfReferenceMismatch).toBe(false);
    const mismatch = referenceLine(axial(0), sagittal(0), 'f1', 'f2');
    expect(mismatch.kind === 'line' && mismatch.frameOfReferenceMismatch).toBe(true);
    const unknown = referenceLine(axial(0), sagittal(0), null, 'f2');
    expect(unknown.kind === 'line' && unknown.frameOfReferenceMismatch).toBe(true);
    expect(referenceLine(null, sagittal(0), 'f', 'f')).toEqual({ kind: 'missing-geometry' });
    expect(referenceLine(axial(0), null, 'f', 'f')).toEqual({ kind: 'missing-geometry' });
  });

  it('clips a line lying in the plane to the pixel edges', () => {
    const line = { point: [0, 0, 7] as Vec3, direction: [1, 0, 0] as Vec3 };
    expect(clipLineToImage(line, axial(7))).toEqual([-50.5, 49.5]);
    expect(clipLineToImage({ point: [0, 80, 7], direction: [1, 0, 0] }, axial(7))).toBeNull();
  });
});

describe('nearest slice', () => {
  const stack = [axial(10), axial(6), axial(2), axial(-2)];

  it('picks the slice nearest along the normal, ties to the lower index', () => {
    expect(nearestSliceIndex(stack, [3, 0, 5.1])).toEqual({ index: 1, distance: expect.closeTo(0.9, 9) });
    expect(nearestSliceIndex(stack, [0, 0, 4])!.index).toBe(1); // 2 mm from both 6 and 2
    expect(nearestSliceIndex(stack, [0, 0, -40])!.index).toBe(3);
  });

  it('works for an oblique stack', () => {
    const n = sliceNormal(obliqueAxial.iop); // (0, -0.6, 0.8)
    close(n, [0, -0.6, 0.8]);
    const oblique = [0, 5, 10].map((d) => ({ ...obliqueAxial, ipp: [-50, -50 - 0.6 * d, 0.8 * d] as Vec3 }));
    // the point 6 mm along the normal from the first slice's origin is nearest to the 5 mm slice
    expect(nearestSliceIndex(oblique, [-50, -50 - 0.6 * 6, 0.8 * 6])).toEqual({ index: 1, distance: expect.closeTo(1, 9) });
    expect(distanceToPlane(oblique[2]!, [0, 0, 0])).toBeCloseTo(-(-0.6 * -56 + 0.8 * 8), 9);
  });

  it('skips slices without geometry and is null for a series without any', () => {
    expect(nearestSliceIndex([null, axial(0), null], [0, 0, 30])!.index).toBe(1);
    expect(nearestSliceIndex([null, null], [0, 0, 0])).toBeNull();
  });

  it('orders a merged stack along the normal, slices without geometry last', () => {
    expect(orderAlongNormal([axial(5), null, axial(-3), axial(9)], [0, 0, 1], false)).toEqual([3, 0, 2, 1]);
    expect(orderAlongNormal([axial(5), axial(-3)], [0, 0, 1])).toEqual([1, 0]);
  });
});

describe('orientation', () => {
  it('labels directions with the dominant patient letters', () => {
    expect(orientationLabel([0, 1, 0])).toBe('P');
    expect(orientationLabel([-1, 0, 0])).toBe('R');
    expect(orientationLabel([0, 0, -1])).toBe('I');
    expect(orientationLabel([0, 0.8, 0.6])).toBe('PS');
    expect(orientationLabel([0.1, 0.99, 0])).toBe('P');
  });

  it('gives the four edge markers of sagittal and axial slices, and follows flips', () => {
    expect(orientationMarkers([0, 1, 0, 0, 0, -1])).toEqual({ left: 'A', right: 'P', top: 'S', bottom: 'I' });
    expect(orientationMarkers([1, 0, 0, 0, 1, 0])).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect(orientationMarkers([1, 0, 0, 0, 1, 0], { horizontal: true })).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' });
    expect(orientationMarkers([1, 0, 0, 0, 1, 0], { vertical: true })).toEqual({ left: 'R', right: 'L', top: 'P', bottom: 'A' });
    expect(orientationMarkers(obliqueAxial.iop)).toEqual({ left: 'R', right: 'L', top: 'AI', bottom: 'PS' });
  });

  it('tells same-orientation series apart', () => {
    expect(sameOrientation(sagittal(0).iop, [0, 1, 0, 0, 0, -1])).toBe(true);
    expect(sameOrientation(sagittal(0).iop, [0, -1, 0, 0, 0, -1])).toBe(true); // opposite normal, same plane family
    expect(sameOrientation(axial(0).iop, obliqueAxial.iop)).toBe(false); // 36.9 degrees apart
    expect(sameOrientation(axial(0).iop, sagittal(0).iop)).toBe(false);
  });

  it('finds an image centre', () => {
    close(planeCenter(axial(3)), [-0.5, -0.5, 3]);
  });
});
