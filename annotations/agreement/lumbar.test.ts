/** The lumbar adapter and simulation feed the engine: 25 items per study, grades coded 0-2, breakdowns. */
import { describe, expect, it } from 'vitest';
import { CONDITION_LEVELS } from '../domain/protocol.js';
import { validateAgreementDataset } from './dataset.js';
import { buildAgreementDataset, type GradeRecord } from './lumbar.js';
import { computeAgreementReport } from './report.js';
import { simulateLumbarGrades } from './simulate.js';

describe('buildAgreementDataset', () => {
  const records: GradeRecord[] = [
    { reader: 'alice', study: '100', condition: 'Spinal Canal Stenosis', level: 'L4/L5', grade: 'Severe' },
    { reader: 'bob', study: '100', condition: 'Spinal Canal Stenosis', level: 'L4/L5', grade: 'Moderate' },
    { reader: 'bob', study: '100', condition: 'Left Subarticular Stenosis', level: 'L1/L2', grade: null },
    { reader: 'alice', study: '200', condition: 'Spinal Canal Stenosis', level: 'L4/L5', grade: 'Normal/Mild' },
  ];

  it('makes a valid ordinal dataset with every label of every study as an item', () => {
    const ds = buildAgreementDataset(records, { id: 'x' });
    expect(validateAgreementDataset(ds).ok).toBe(true);
    expect(ds.raters).toEqual(['alice', 'bob']);
    expect(ds.categories).toEqual([0, 1, 2]);
    expect(ds.items).toHaveLength(2 * CONDITION_LEVELS.length);
    expect(ds.items[3]).toEqual({
      id: '100:spinal_canal_stenosis_l4_l5',
      study: '100',
      condition: 'Spinal Canal Stenosis',
      level: 'L4/L5',
    });
    expect(ds.ratings).toContainEqual(['100:spinal_canal_stenosis_l4_l5', 'alice', 2]);
    expect(ds.ratings).toContainEqual(['100:left_subarticular_stenosis_l1_l2', 'bob', null]);
    const report = computeAgreementReport(ds, { bootstrap: 0 });
    expect(report.subsets.overall!.n_items).toBe(50);
    expect(report.subsets.overall!.pairwise['alice|bob']!.n).toBe(1);
  });

  it('rejects a second grade of the same label by the same reader', () => {
    expect(() => buildAgreementDataset([...records, records[0]!])).toThrow(/alice graded Spinal Canal Stenosis L4\/L5 of study 100 twice/);
  });
});

describe('simulateLumbarGrades', () => {
  it('is seeded, skewed towards Normal/Mild, and biased per reader', () => {
    const a = simulateLumbarGrades({ studies: 40, seed: 3 });
    expect(a).toEqual(simulateLumbarGrades({ studies: 40, seed: 3 }));
    expect(a).not.toEqual(simulateLumbarGrades({ studies: 40, seed: 4 }));
    expect(a).toHaveLength(40 * 25 * 3);
    const graded = a.filter((r) => r.grade !== null);
    const normal = graded.filter((r) => r.grade === 'Normal/Mild').length / graded.length;
    expect(normal).toBeGreaterThan(0.7);
    expect(normal).toBeLessThan(0.9);
    const severe = (reader: string) => graded.filter((r) => r.reader === reader && r.grade !== 'Normal/Mild').length;
    expect(severe('R3')).toBeGreaterThan(severe('R1'));
  });
});
