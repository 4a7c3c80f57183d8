import { describe, expect, it } from 'vitest';
import type { SlicePlane } from '../../../annotations/domain/geometry';
import { linkedMoves, locateMoves, onSliceTolerance } from './locate';
import { computeLines } from './reference-lines';

const sag = (x: number): SlicePlane => ({ ipp: [x, -100, 100], iop: [0, 1, 0, 0, 0, -1], pixelSpacing: [1, 1], rows: 200, columns: 200 });
const ax = (z: number): SlicePlane => ({ ipp: [-50, -50, z], iop: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1], rows: 100, columns: 100 });

const sagT2 = { id: 'sag-t2', planes: [-8, -4, 0, 4, 8].map(sag), index: 2 };
const sagT1 = { id: 'sag-t1', planes: [-10, -5, 0, 5, 10].map(sag), index: 2 };
const axial = { id: 'ax-t2', planes: [-40, -36, -32, 0, 4, 8].map(ax), index: 0 };

describe('locate', () => {
  it('moves every other viewport to its slice nearest the point, never the source', () => {
    expect(locateMoves([5.5, 0, 3], [sagT2, sagT1, axial], 'sag-t2')).toEqual([
      { id: 'sag-t1', index: 3 },
      { id: 'ax-t2', index: 4 },
    ]);
    // viewports already on the right slice are not moved
    expect(locateMoves([0, 0, -40], [sagT2, axial], 'sag-t2')).toEqual([]);
  });

  it('links same-orientation viewports by position, and never moves another orientation', () => {
    const leader = { ...sagT2, index: 4 }; // x = 8
    expect(linkedMoves(leader, [leader, sagT1, axial])).toEqual([{ id: 'sag-t1', index: 4 }]); // x = 10 (nearest to 8)
    expect(linkedMoves({ ...axial, index: 5 }, [sagT2, sagT1, axial])).toEqual([]);
  });

  it('skips stacks without geometry', () => {
    expect(locateMoves([0, 0, 0], [{ id: 'x', planes: [null, null], index: 0 }], 'y')).toEqual([]);
    expect(linkedMoves({ id: 'x', planes: [null], index: 0 }, [sagT1])).toEqual([]);
  });

  it('marks a point as on a slice within half the slice spacing', () => {
    expect(onSliceTolerance(axial.planes)).toBeCloseTo(2.01, 5);
    expect(onSliceTolerance([ax(0)])).toBe(2);
  });
});

describe('reference lines to draw', () => {
  const source = (id: string, plane: SlicePlane | null, forUid: string | null = 'f', stack: Array<SlicePlane | null> = []) => ({
    id,
    color: '#fff',
    shortName: id,
    plane,
    frameOfReferenceUid: forUid,
    stackPlanes: stack,
  });

  it('draws the axial on a sagittal, skips parallel sagittals, and adds the ladder on request', () => {
    const axialStack = [ax(-10), ax(0), ax(10)];
    const { lines, notice } = computeLines(
      { plane: sag(0), frameOfReferenceUid: 'f' },
      [source('ax', axialStack[1]!, 'f', axialStack), source('sag-t1', sag(4))],
      true,
    );
    expect(notice).toBeNull();
    expect(lines.filter((l) => l.role === 'current').map((l) => l.sourceId)).toEqual(['ax']);
    expect(lines.filter((l) => l.role === 'ladder')).toHaveLength(2);
    expect(computeLines({ plane: sag(0), frameOfReferenceUid: 'f' }, [source('ax', ax(0), 'f', axialStack)], false).lines).toHaveLength(1);
  });

  it('keeps lines across frames of reference with a warning, and hides them with a message without geometry', () => {
    const mismatch = computeLines({ plane: sag(0), frameOfReferenceUid: 'f' }, [source('ax', ax(0), 'other')], false);
    expect(mismatch.lines).toHaveLength(1);
    expect(mismatch.lines[0]!.mismatch).toBe(true);
    expect(mismatch.notice).toMatchObject({ kind: 'warning' });
    const noSource = computeLines({ plane: sag(0), frameOfReferenceUid: 'f' }, [source('ax', null)], false);
    expect(noSource).toMatchObject({ lines: [], notice: { kind: 'hidden' } });
    const noTarget = computeLines({ plane: null, frameOfReferenceUid: 'f' }, [source('ax', ax(0))], false);
    expect(noTarget).toMatchObject({ lines: [], notice: { kind: 'hidden', text: expect.stringContaining('this slice has no geometry') } });
  });
});
