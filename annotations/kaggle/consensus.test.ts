import { describe, expect, it } from 'vitest';
import type { Grade } from '../domain/protocol.js';
import { consensus, consensusPoint, decideCell } from './consensus.js';
import type { KaggleLabelSet, KagglePoint, KaggleStudy } from './model.js';

const N = 'Normal/Mild';
const M = 'Moderate';
const S = 'Severe';
const COL = 'spinal_canal_stenosis_l4_l5';
const COL2 = 'left_subarticular_stenosis_l1_l2';

function point(seriesId: string, instanceNumber: number, x: number, y: number): KagglePoint {
  return { seriesId, instanceNumber, condition: 'Spinal Canal Stenosis', level: 'L4/L5', x, y };
}
function reader(grade: Grade | null, points: KagglePoint[], grade2: Grade | null = N, studyId = '100'): KaggleLabelSet {
  const study: KaggleStudy = {
    studyId,
    grades: new Map([
      [COL, grade],
      [COL2, grade2],
    ]),
    points,
    series: [{ seriesId: '1', description: 'Sagittal T2/STIR' }],
  };
  return { studies: [study] };
}

describe('decideCell', () => {
  it('unanimous needs every vote equal (missing counts as a vote)', () => {
    expect(decideCell([M, M, M], 'unanimous')).toBe(M);
    expect(decideCell([null, null], 'unanimous')).toBeNull();
    expect(decideCell([M, M, null], 'unanimous')).toBeUndefined();
    expect(decideCell([], 'unanimous')).toBeNull();
  });
  it('majority needs more than half', () => {
    expect(decideCell([M, M, S], 'majority')).toBe(M);
    expect(decideCell([M, S], 'majority')).toBeUndefined();
    expect(decideCell([N, M, S], 'majority')).toBeUndefined();
    expect(decideCell([M, M, S, S], 'majority')).toBeUndefined();
    expect(decideCell([null, null, S], 'majority')).toBeNull();
    expect(decideCell([M, M, S, N], 'majority')).toBeUndefined();
  });
});

describe('consensusPoint', () => {
  it('averages points on the same instance, else takes the first', () => {
    expect(consensusPoint([point('1', 8, 10, 20), point('1', 8, 12, 26)])).toEqual(point('1', 8, 11, 23));
    expect(consensusPoint([point('1', 8, 10, 20), point('1', 9, 12, 26)])).toEqual(point('1', 8, 10, 20));
    expect(consensusPoint([point('2', 8, 10, 20), point('1', 8, 12, 26)])).toEqual(point('2', 8, 10, 20));
    expect(consensusPoint([])).toBeUndefined();
  });
});

describe('consensus', () => {
  it('majority: grade of the majority, point of the agreeing readers only', () => {
    const readers = [reader(M, [point('1', 8, 10, 20)]), reader(S, [point('1', 8, 100, 200)]), reader(M, [point('1', 8, 14, 30)])];
    const { labelSet, ties } = consensus(readers, 'majority');
    const study = labelSet.studies[0]!;
    expect(study.grades.get(COL)).toBe(M);
    expect(study.points).toEqual([point('1', 8, 12, 25)]);
    expect(study.series).toEqual([{ seriesId: '1', description: 'Sagittal T2/STIR' }]);
    expect(ties).toEqual([]);
  });

  it('unanimous: disagreement leaves the cell empty and lists it', () => {
    const readers = [reader(M, [point('1', 8, 10, 20)]), reader(S, []), reader(M, [])];
    const { labelSet, ties } = consensus(readers, 'unanimous');
    expect(labelSet.studies[0]!.grades.get(COL)).toBeNull();
    expect(labelSet.studies[0]!.points).toEqual([]);
    expect(ties).toEqual([
      {
        studyId: '100',
        column: COL,
        votes: [
          { reader: 0, grade: M },
          { reader: 1, grade: S },
          { reader: 2, grade: M },
        ],
      },
    ]);
    // The agreed cell is kept; unanimous missing cells are not ties.
    expect(labelSet.studies[0]!.grades.get(COL2)).toBe(N);
    expect(ties.some((t) => t.column === 'spinal_canal_stenosis_l1_l2')).toBe(false);
  });

  it('takes the first agreeing reader with a point when points are on different instances', () => {
    const readers = [reader(M, []), reader(M, [point('1', 9, 1, 2)]), reader(M, [point('1', 8, 3, 4)])];
    const { labelSet } = consensus(readers, 'unanimous');
    expect(labelSet.studies[0]!.points).toEqual([point('1', 9, 1, 2)]);
  });

  it('ties in a 2-reader majority; readers lacking a study abstain; studies in numeric order', () => {
    const a = reader(M, [], N, '20');
    const b = { studies: [...reader(S, [], N, '20').studies, ...reader(S, [point('1', 8, 5, 5)], M, '3').studies] };
    const { labelSet, ties } = consensus([a, b], 'majority');
    expect(labelSet.studies.map((s) => s.studyId)).toEqual(['3', '20']);
    expect(labelSet.studies[0]!.grades.get(COL)).toBe(S); // only reader b has study 3
    expect(labelSet.studies[0]!.points).toEqual([point('1', 8, 5, 5)]);
    expect(ties.map((t) => `${t.studyId}/${t.column}`)).toEqual([`20/${COL}`]);
  });
});
