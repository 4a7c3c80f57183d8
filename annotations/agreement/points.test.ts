/** Point agreement: patient-space distances from DICOM geometry, same-instance share, summaries. */
import { describe, expect, it } from 'vitest';
import { patientPosition, pointAgreement, type InstanceGeometry, type PointRecord } from './points.js';

// Axial images 0.5 mm pixels, slices 4 mm apart along +z; a sagittal image with 0.8 x 0.6 mm pixels.
const axial = (z: number): InstanceGeometry => ({
  imagePositionPatient: [-100, -120, z],
  imageOrientationPatient: [1, 0, 0, 0, 1, 0],
  pixelSpacing: [0.5, 0.5],
});
const sagittal: InstanceGeometry = {
  imagePositionPatient: [10, -150, 200],
  imageOrientationPatient: [0, 1, 0, 0, 0, -1],
  pixelSpacing: [0.8, 0.6],
};
const geometry = (study: string, series: string, instance: number): InstanceGeometry | undefined =>
  study !== 'S1' ? undefined : series === 'ax' ? axial(4 * instance) : series === 'sag' ? sagittal : undefined;
const point = (
  reader: string,
  condition: string,
  level: string,
  seriesId: string,
  instanceNumber: number,
  x: number,
  y: number,
  study = 'S1',
): PointRecord => ({
  reader,
  study,
  condition,
  level,
  seriesId,
  instanceNumber,
  x,
  y,
});

describe('patientPosition', () => {
  it('maps x along the row direction with the column spacing and y along the column direction with the row spacing', () => {
    expect(patientPosition(sagittal, 10, 0)).toEqual([10, -150 + 6, 200]);
    expect(patientPosition(sagittal, 0, 10)).toEqual([10, -150, 200 - 8]);
    expect(patientPosition(axial(8), 2, 4)).toEqual([-99, -118, 8]);
  });
});

describe('pointAgreement', () => {
  const points: PointRecord[] = [
    // same instance, 3-4-5 pixel triangle at 0.5 mm: 2.5 mm
    point('A', 'LSS', 'L4/L5', 'ax', 3, 100, 100),
    point('B', 'LSS', 'L4/L5', 'ax', 3, 103, 104),
    // adjacent instances (4 mm apart), same pixel: 4 mm
    point('A', 'LSS', 'L5/S1', 'ax', 5, 50, 60),
    point('B', 'LSS', 'L5/S1', 'ax', 6, 50, 60),
    point('C', 'LSS', 'L5/S1', 'ax', 5, 50, 60),
    // sagittal, 10 columns apart at 0.6 mm: 6 mm; geometry unknown for study S2
    point('A', 'SCS', 'L1/L2', 'sag', 1, 10, 10),
    point('B', 'SCS', 'L1/L2', 'sag', 1, 20, 10),
    point('A', 'SCS', 'L1/L2', 'sag', 1, 10, 10, 'S2'),
    point('B', 'SCS', 'L1/L2', 'sag', 1, 20, 10, 'S2'),
    point('A', 'SCS', 'L1/L2', 'sag', 1, 99, 99, 'S2'), // duplicate: ignored
  ];
  const result = pointAgreement(points, geometry);

  it('pairs readers who both placed a point and measures millimetres', () => {
    const d = (cond: string, level: string, a: string, b: string, study = 'S1') =>
      result.pairs.find((p) => p.condition === cond && p.level === level && p.readerA === a && p.readerB === b && p.study === study);
    expect(d('LSS', 'L4/L5', 'A', 'B')).toMatchObject({ sameInstance: true, distanceMm: 2.5 });
    expect(d('LSS', 'L5/S1', 'A', 'B')).toMatchObject({ sameInstance: false, distanceMm: 4 });
    expect(d('LSS', 'L5/S1', 'A', 'C')).toMatchObject({ sameInstance: true, distanceMm: 0 });
    expect(d('LSS', 'L5/S1', 'B', 'C')?.distanceMm).toBeCloseTo(4, 12);
    expect(d('SCS', 'L1/L2', 'A', 'B')?.distanceMm).toBeCloseTo(6, 12);
    expect(d('SCS', 'L1/L2', 'A', 'B', 'S2')).toMatchObject({ distanceMm: null, sameInstance: true });
    expect(result.pairs).toHaveLength(6);
    expect(result.duplicates).toBe(1);
  });

  it('summarises per condition and level: n, median, p90, same-instance share', () => {
    const s = (condition: string, level: string | null) => result.summaries.find((x) => x.condition === condition && x.level === level)!;
    expect(s('LSS', 'L5/S1')).toMatchObject({ n_pairs: 3, n: 3, median_mm: 4, same_instance_share: 1 / 3 });
    expect(s('LSS', 'L5/S1').p90_mm).toBeCloseTo(4, 12);
    expect(s('LSS', null)).toMatchObject({ n_pairs: 4, n: 4 });
    expect(s('LSS', null).median_mm).toBeCloseTo(3.25, 12); // [0, 2.5, 4, 4]
    expect(s('LSS', null).p90_mm).toBeCloseTo(4, 12);
    expect(s('SCS', 'L1/L2')).toMatchObject({ n_pairs: 2, n: 1, same_instance_share: 1 });
    expect(s('SCS', 'L1/L2').median_mm).toBeCloseTo(6, 12);
  });
});
