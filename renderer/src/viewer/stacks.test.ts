import { describe, expect, it } from 'vitest';
import { axialChoices, initialChoices, missingMessage } from './hanging-protocol';
import { buildStack, canMergeAxials, imageIdOf, indexOfInstance, mergedAxialStack } from './stacks';
import { axial, instance, SAG, sagittal, series, study } from './test-fixtures';

const BASE = 'http://127.0.0.1:9/dicom';

describe('hanging protocol', () => {
  it('hangs sagittal T2, sagittal T1 and axial; a missing type leaves its viewport empty with a message', () => {
    const s = study([sagittal(1), axial(3, [0, 4, 8])]);
    const c = initialChoices(s);
    expect(c['sag-t2']).toEqual({ kind: 'series', seriesId: 1 });
    expect(c['sag-t1']).toBeNull();
    expect(c['ax-t2']).toEqual({ kind: 'series', seriesId: 3 });
    expect(missingMessage('sag-t1')).toBe('No Sagittal T1 series in this study');
    // no scout and one axial: the localizer shows the sagittal T2
    expect(c.loc).toEqual({ kind: 'series', seriesId: 1 });
  });

  it('merges several axial series sharing a frame of reference into one stack along the spine, with a picker', () => {
    const s = study([sagittal(1), sagittal(2, 'Sagittal T1'), axial(3, [10, 14]), axial(4, [-20, -16, 12])]);
    expect(axialChoices(s).map((c) => c.label)).toEqual(['All axial (5 slices)', 'Axial T2 3 (2)', 'Axial T2 4 (3)']);
    expect(initialChoices(s)['ax-t2']).toEqual({ kind: 'axial-all' });
    const merged = mergedAxialStack(s, BASE)!;
    expect(merged.slices.map((sl) => sl.plane!.ipp[2])).toEqual([-20, -16, 10, 12, 14]);
    expect(merged.slices.map((sl) => sl.seriesId)).toEqual([4, 4, 3, 4, 3]);
    expect(indexOfInstance(merged, 4, 3)).toBe(3);
  });

  it('does not merge axials across frames of reference; the localizer then shows the second axial', () => {
    const s = study([sagittal(1), axial(3, [0, 4]), axial(4, [20, 24], '9.9.9')]);
    expect(canMergeAxials([axial(3, [0]), axial(4, [20], '9.9.9')])).toBe(false);
    expect(axialChoices(s).map((c) => c.choice)).toEqual([
      { kind: 'series', seriesId: 3 },
      { kind: 'series', seriesId: 4 },
    ]);
    expect(initialChoices(s).loc).toEqual({ kind: 'series', seriesId: 4 });
  });

  it('prefers a scout (Other with geometry) for the localizer', () => {
    const scout = series(9, 'Other', [instance(1, [0, 0, 0], [0, 1, 0, 0, 0, -1])]);
    expect(initialChoices(study([sagittal(1), scout])).loc).toEqual({ kind: 'series', seriesId: 9 });
  });
});

describe('stacks', () => {
  it('builds deterministic wadouri image ids with encoded paths and frames', () => {
    // The index's frame 2 is the third frame; the loader counts frames from 1 (it reads frame - 1).
    const i = { ...instance(3, null, SAG), path: 'a b/3#.dcm', frame: 2 };
    expect(imageIdOf(i, 5, BASE)).toBe('wadouri:http://127.0.0.1:9/dicom/5/a%20b/3%23.dcm?frame=3');
    expect(imageIdOf({ ...i, frame: 0 }, 5, BASE)).toBe('wadouri:http://127.0.0.1:9/dicom/5/a%20b/3%23.dcm');
  });

  it('keeps slices without geometry (plane null) and returns null for a series the study lacks', () => {
    const s = study([series(1, 'Sagittal T1', [instance(1, null, SAG), instance(2, [0, 0, 0], SAG)])]);
    const stack = buildStack(s, { kind: 'series', seriesId: 1 }, BASE)!;
    expect(stack.slices.map((sl) => sl.plane === null)).toEqual([true, false]);
    expect(buildStack(s, { kind: 'series', seriesId: 99 }, BASE)).toBeNull();
    expect(buildStack(s, { kind: 'axial-all' }, BASE)).toBeNull();
  });
});
