import { beforeEach, describe, expect, it } from 'vitest';
import type { SlicePlane } from '../../../annotations/domain/geometry';
import { recordToWorld, SliceIndex, worldToRecord } from './point-mapping';
import { pointLabel, usePointStore } from './point-store';
import { seriesStack } from './stacks';
import { axial, series, instance } from './test-fixtures';

const rec = (id: string, over: Partial<Parameters<ReturnType<typeof usePointStore.getState>['add']>[0]> = {}) => ({
  id,
  studyId: 7,
  seriesId: 3,
  instanceNumber: 2,
  x: 10.5,
  y: 20.25,
  condition: 'Left Subarticular Stenosis' as const,
  level: 'L4/L5' as const,
  ...over,
});

describe('point store', () => {
  beforeEach(() => usePointStore.setState({ points: [], lastChange: null, changes: 0 }));

  it('adds, moves and deletes with an origin, counting only effective changes', () => {
    const s = usePointStore.getState;
    s().add(rec('a'), 'viewer');
    expect(s().points).toEqual([{ ...rec('a'), origin: 'viewer' }]);
    s().add(rec('a'), 'viewer'); // same point again: no change
    s().move('a', { seriesId: 3, instanceNumber: 2, x: 10.5, y: 20.25 }, 'viewer'); // same position: no change
    expect(s().changes).toBe(1);
    s().move('a', { seriesId: 3, instanceNumber: 3, x: 11, y: 21 }, 'backend');
    expect(s().points[0]).toMatchObject({ instanceNumber: 3, x: 11, y: 21, origin: 'backend' });
    expect(s().lastChange).toEqual({ kind: 'move', id: 'a', origin: 'backend' });
    s().delete('a', 'viewer');
    s().delete('a', 'viewer');
    expect(s().points).toEqual([]);
    expect(s().changes).toBe(3);
  });

  it('keeps one point per (study, condition, level): a new one replaces the old', () => {
    const s = usePointStore.getState;
    s().add(rec('a'), 'viewer');
    s().add(rec('b', { x: 99 }), 'viewer');
    s().add(rec('c', { level: 'L5/S1' }), 'viewer');
    expect(s().points.map((p) => p.id)).toEqual(['b', 'c']);
  });

  it('labels points the short way', () => {
    expect(pointLabel('Right Neural Foraminal Narrowing', 'L4/L5')).toBe('L4/L5 R-NFN');
    expect(pointLabel('Spinal Canal Stenosis', 'L1/L2')).toBe('L1/L2 SCS');
  });
});

describe('point mapping (Kaggle pixel coordinates <-> patient space)', () => {
  const stack = seriesStack(axial(3, [0, 4, 8]), 1, 'http://h/dicom');
  const index = new SliceIndex(stack.slices);

  it('maps a record to the world point of its pixel and back (x = column, y = row)', () => {
    const located = recordToWorld(index, { seriesId: 3, instanceNumber: 2, x: 10.5, y: 20.25 })!;
    expect(located.world).toEqual([-50 + 10.5, -50 + 20.25, 4]);
    expect(worldToRecord(index, located.slice.imageId, located.world)).toEqual({ seriesId: 3, instanceNumber: 2, x: 10.5, y: 20.25 });
  });

  it('maps through an oblique, anisotropic plane', () => {
    const oblique: SlicePlane['iop'] = [1, 0, 0, 0, 0.8, 0.6];
    const s = series(5, 'Axial T2', [
      { ...instance(1, [0, 0, 0], oblique), geometry: { ipp: [0, 0, 0], iop: oblique, pixelSpacing: [0.5, 0.25], sliceThickness: 4 } },
    ]);
    const idx = new SliceIndex(seriesStack(s, 1, 'http://h').slices);
    const located = recordToWorld(idx, { seriesId: 5, instanceNumber: 1, x: 8, y: 10 })!;
    // x: 8 columns * 0.25 mm along +x; y: 10 rows * 0.5 mm along (0, 0.8, 0.6)
    expect(located.world[0]).toBeCloseTo(2, 9);
    expect(located.world[1]).toBeCloseTo(4, 9);
    expect(located.world[2]).toBeCloseTo(3, 9);
    const back = worldToRecord(idx, located.slice.imageId, located.world)!;
    expect(back.x).toBeCloseTo(8, 9);
    expect(back.y).toBeCloseTo(10, 9);
  });

  it('refuses unknown images, unknown instances and slices without geometry', () => {
    expect(worldToRecord(index, 'wadouri:nope', [0, 0, 0])).toBeNull();
    expect(recordToWorld(index, { seriesId: 3, instanceNumber: 99, x: 0, y: 0 })).toBeNull();
    const noGeo = new SliceIndex(seriesStack(series(6, 'Axial T2', [instance(1, null, [1, 0, 0, 0, 1, 0])]), 1, 'h').slices);
    expect(recordToWorld(noGeo, { seriesId: 6, instanceNumber: 1, x: 0, y: 0 })).toBeNull();
  });
});
