import { describe, expect, it } from 'vitest';
import type { Condition, Grade, Level } from '../domain/protocol.js';
import { assessStudy, DEFAULT_SETTINGS, priorityOf, resolveSettings, type RaterLabel, type Vec3 } from './detect.js';

const SCS: Condition = 'Spinal Canal Stenosis';
const LNFN: Condition = 'Left Neural Foraminal Narrowing';

function label(
  readerId: number,
  grade: Grade | null,
  opts: { level?: Level; condition?: Condition; ng?: string; at?: Vec3 } = {},
): RaterLabel {
  return {
    readerId,
    condition: opts.condition ?? SCS,
    level: opts.level ?? 'L4/L5',
    grade,
    notGradable: opts.ng ?? null,
    point: opts.at ? { seriesId: 1, instanceNumber: 1, x: opts.at[0], y: opts.at[1] } : null,
    position: opts.at ?? null,
  };
}
const cellOf = (labels: RaterLabel[], level: Level = 'L4/L5', condition: Condition = SCS) =>
  assessStudy(labels, DEFAULT_SETTINGS).find((c) => c.level === level && c.condition === condition)!;

describe('disagreement detection', () => {
  it('finds nothing in a unanimous cell, and nothing with one reader', () => {
    expect(cellOf([label(1, 'Moderate', { at: [0, 0, 0] }), label(2, 'Moderate', { at: [3, 0, 0] })]).kinds).toEqual([]);
    expect(cellOf([label(1, 'Severe')]).kinds).toEqual([]);
    expect(cellOf([label(1, null, { ng: 'motion' }), label(2, null, { ng: 'cut off' })]).kinds).toEqual([]);
  });

  it('grade differs by one step: grade only', () => {
    expect(cellOf([label(1, 'Normal/Mild'), label(2, 'Moderate')]).kinds).toEqual(['grade']);
  });

  it('gap of two grades is also Severe vs not Severe', () => {
    expect(cellOf([label(1, 'Normal/Mild'), label(2, 'Severe')]).kinds).toEqual(['grade', 'gap', 'severe']);
  });

  it('Severe vs Moderate: severe without gap', () => {
    expect(cellOf([label(1, 'Moderate'), label(2, 'Severe')]).kinds).toEqual(['grade', 'severe']);
  });

  it('one graded, another not gradable', () => {
    expect(cellOf([label(1, 'Moderate'), label(2, null, { ng: 'artefact' })]).kinds).toEqual(['gradability']);
  });

  it('points farther apart than the threshold, not at or below it', () => {
    expect(cellOf([label(1, 'Moderate', { at: [0, 0, 0] }), label(2, 'Moderate', { at: [10.5, 0, 0] })]).kinds).toEqual(['distance']);
    expect(cellOf([label(1, 'Moderate', { at: [0, 0, 0] }), label(2, 'Moderate', { at: [10, 0, 0] })]).kinds).toEqual([]);
    // The threshold is a setting.
    const wide = assessStudy([label(1, 'Moderate', { at: [0, 0, 0] }), label(2, 'Moderate', { at: [10.5, 0, 0] })], {
      ...DEFAULT_SETTINGS,
      distanceMm: 20,
    });
    expect(wide[0]!.kinds).toEqual([]);
    // A point without geometry takes part in no point rule.
    expect(cellOf([label(1, 'Moderate', { at: [0, 0, 0] }), label(2, 'Moderate')]).kinds).toEqual([]);
  });

  it('a point on a neighbouring level: nearer the other reader point of L3/L4 than of L4/L5', () => {
    // Reader 1: L3/L4 at y=0, L4/L5 at y=8. Reader 2 puts L4/L5 at y=1 (within 10 mm of reader 1's L4/L5).
    const labels = [
      label(1, 'Moderate', { level: 'L3/L4', at: [0, 0, 0] }),
      label(1, 'Moderate', { level: 'L4/L5', at: [0, 8, 0] }),
      label(2, 'Moderate', { level: 'L4/L5', at: [0, 1, 0] }),
    ];
    expect(cellOf(labels).kinds).toEqual(['level']);
    // Same points, other condition's neighbours do not count.
    const other = [
      label(1, 'Moderate', { level: 'L3/L4', at: [0, 0, 0], condition: LNFN }),
      label(1, 'Moderate', { level: 'L4/L5', at: [0, 8, 0] }),
      label(2, 'Moderate', { level: 'L4/L5', at: [0, 1, 0] }),
    ];
    expect(cellOf(other).kinds).toEqual([]);
  });

  it('ignores undecided labels (a point without a grade) as raters but uses their points as neighbours', () => {
    const cells = assessStudy(
      [label(1, null, { level: 'L3/L4', at: [0, 0, 0] }), label(1, 'Moderate', { at: [0, 8, 0] }), label(2, 'Moderate', { at: [0, 1, 0] })],
      DEFAULT_SETTINGS,
    );
    expect(cells.map((c) => c.level)).toEqual(['L4/L5']);
    expect(cells[0]!.kinds).toEqual(['level']);
  });

  it('finds a strict majority whose points agree', () => {
    const three = cellOf([label(1, 'Moderate'), label(2, 'Moderate'), label(3, 'Severe')]);
    expect(three.majority).toEqual([1, 2]);
    expect(cellOf([label(1, 'Moderate'), label(2, 'Severe')]).majority).toBeNull();
    const apart = cellOf([label(1, 'Moderate', { at: [0, 0, 0] }), label(2, 'Moderate', { at: [20, 0, 0] }), label(3, 'Severe')]);
    expect(apart.majority).toBeNull();
  });
});

describe('priority', () => {
  it('sums the kind weights, with extra weight on a severe spinal disagreement', () => {
    const w = DEFAULT_SETTINGS.weights;
    expect(priorityOf(['grade'], SCS, w)).toBe(1);
    expect(priorityOf(['grade', 'gap', 'severe'], SCS, w)).toBe(1 + 3 + 4 + 4);
    expect(priorityOf(['grade', 'gap', 'severe'], LNFN, w)).toBe(1 + 3 + 4);
    expect(priorityOf([], SCS, w)).toBe(0);
  });

  it('orders cells: spinal Normal vs Severe > foraminal Normal vs Severe > gradability > one-step grade', () => {
    const labels = [
      label(1, 'Normal/Mild', { level: 'L1/L2' }),
      label(2, 'Severe', { level: 'L1/L2' }),
      label(1, 'Normal/Mild', { level: 'L1/L2', condition: LNFN }),
      label(2, 'Severe', { level: 'L1/L2', condition: LNFN }),
      label(1, 'Moderate', { level: 'L2/L3' }),
      label(2, null, { level: 'L2/L3', ng: 'x' }),
      label(1, 'Moderate', { level: 'L3/L4' }),
      label(2, 'Normal/Mild', { level: 'L3/L4' }),
    ];
    const order = assessStudy(labels, DEFAULT_SETTINGS)
      .sort((a, b) => b.priority - a.priority)
      .map((c) => `${c.condition === SCS ? 'SCS' : 'NFN'} ${c.level}`);
    expect(order).toEqual(['SCS L1/L2', 'NFN L1/L2', 'SCS L2/L3', 'SCS L3/L4']);
  });

  it('weights are configurable, bad values fall back to the defaults', () => {
    const s = resolveSettings({ distanceMm: 5, weights: { grade: 10, gap: -1 }, autoFinal: 'majority' });
    expect(s.distanceMm).toBe(5);
    expect(s.weights.grade).toBe(10);
    expect(s.weights.gap).toBe(DEFAULT_SETTINGS.weights.gap);
    expect(s.autoFinal).toBe('majority');
    expect(resolveSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    const cell = assessStudy([label(1, 'Moderate'), label(2, 'Normal/Mild')], s)[0]!;
    expect(cell.priority).toBe(10);
  });
});
