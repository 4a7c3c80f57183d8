import { describe, expect, it } from 'vitest';
import type { Grade, Level } from '../domain/protocol.js';
import type { RaterLabel } from './detect.js';
import type { FinalCell } from './final.js';
import { readerReport } from './report.js';

const LEVELS: Level[] = ['L1/L2', 'L2/L3', 'L3/L4', 'L4/L5', 'L5/S1'];
const label = (readerId: number, level: Level, grade: Grade): RaterLabel => ({
  readerId,
  condition: 'Spinal Canal Stenosis',
  level,
  grade,
  notGradable: null,
  point: null,
  position: null,
});
const final = (level: Level, grade: Grade | null, status: FinalCell['status']): FinalCell => ({
  condition: 'Spinal Canal Stenosis',
  level,
  status,
  grade,
  notGradable: null,
  point: null,
  kinds: [],
  priority: 0,
});

describe('per-reader report against the final labels', () => {
  const truth: Grade[] = ['Normal/Mild', 'Moderate', 'Severe', 'Normal/Mild', 'Moderate'];
  const studies = [
    {
      study: 's1',
      labels: [...LEVELS.map((l, i) => label(1, l, truth[i]!)), ...LEVELS.map((l, i) => label(2, l, i === 2 ? 'Normal/Mild' : truth[i]!))],
      final: LEVELS.map((l, i) => final(l, i === 4 ? null : truth[i]!, i === 2 ? 'adjudicated' : i === 4 ? 'open' : 'unanimous')),
    },
  ];
  const rows = readerReport(
    [
      { id: 1, name: 'Ann' },
      { id: 2, name: 'Ben' },
      { id: 3, name: 'Idle' },
    ],
    studies,
  );
  const overall = (reader: string) => rows.find((r) => r.reader === reader && r.subset === 'overall')!;

  it('agrees perfectly for a reader who matches every final cell; open cells do not count', () => {
    expect(overall('Ann')).toMatchObject({ n: 4, kappaLinear: 1, kappaQuadratic: 1, ac2Linear: 1, adjudicated: 1, overruled: 0 });
  });

  it('counts an overruled reader and lowers their agreement', () => {
    const ben = overall('Ben');
    expect(ben).toMatchObject({ n: 4, adjudicated: 1, overruled: 1, overruledShare: 1 });
    expect(ben.kappaLinear!).toBeLessThan(1);
    expect(rows.find((r) => r.reader === 'Ben' && r.subset === 'level=L3/L4')).toMatchObject({ adjudicated: 1, overruled: 1 });
    expect(rows.find((r) => r.reader === 'Ben' && r.subset === 'level=L1/L2')).toMatchObject({ adjudicated: 0, overruledShare: null });
  });

  it('leaves out readers with no grades', () => {
    expect(rows.some((r) => r.reader === 'Idle')).toBe(false);
  });
});
