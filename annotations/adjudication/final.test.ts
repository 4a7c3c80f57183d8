import { describe, expect, it } from 'vitest';
import type { Grade, Level } from '../domain/protocol.js';
import { assessStudy, DEFAULT_SETTINGS, type RaterLabel } from './detect.js';
import { finalOfStudy, type Decision } from './final.js';

function label(readerId: number, grade: Grade | null, level: Level = 'L4/L5', x?: number): RaterLabel {
  return {
    readerId,
    condition: 'Spinal Canal Stenosis',
    level,
    grade,
    notGradable: grade === null ? 'motion' : null,
    point: x === undefined ? null : { seriesId: 7, instanceNumber: 3, x, y: 1 },
    position: x === undefined ? null : [x, 0, 0],
  };
}
function decision(level: Level, grade: Grade, reopened = false): Decision {
  return {
    condition: 'Spinal Canal Stenosis',
    level,
    grade,
    notGradable: null,
    point: { seriesId: 7, instanceNumber: 2, x: 5, y: 5 },
    chosenReaderId: null,
    rationale: 'looked again',
    qaReaderId: 9,
    decidedAt: '2026-01-01T00:00:00.000Z',
    reopened,
  };
}

describe('final labels', () => {
  const labels = [
    label(1, 'Moderate', 'L1/L2'),
    label(2, 'Moderate', 'L1/L2', 4),
    label(1, 'Moderate', 'L2/L3'),
    label(2, 'Severe', 'L2/L3'),
    label(1, null, 'L3/L4'),
    label(2, null, 'L3/L4'),
  ];
  const cells = assessStudy(labels, DEFAULT_SETTINGS);

  it('unanimous cells are final with the agreed grade and the first point placed; disagreements are open', () => {
    const f = finalOfStudy(cells, [], 'unanimous');
    expect(f.cells.map((c) => [c.level, c.status, c.grade])).toEqual([
      ['L1/L2', 'unanimous', 'Moderate'],
      ['L2/L3', 'open', null],
      ['L3/L4', 'unanimous', null],
    ]);
    expect(f.cells[0]!.point).toEqual({ seriesId: 7, instanceNumber: 3, x: 4, y: 1 });
    expect(f.cells[2]!.notGradable).toBe('motion');
    expect(f.open).toBe(1);
  });

  it('a decision makes the cell adjudicated; a reopened decision leaves it open again', () => {
    const decided = finalOfStudy(cells, [decision('L2/L3', 'Severe')], 'unanimous');
    expect(decided.cells[1]).toMatchObject({ status: 'adjudicated', grade: 'Severe', point: { x: 5, y: 5 } });
    expect(decided.open).toBe(0);
    const reopened = finalOfStudy(cells, [decision('L2/L3', 'Severe', true)], 'unanimous');
    expect(reopened.cells[1]!.status).toBe('open');
    expect(reopened.open).toBe(1);
  });

  it('a decision wins over a unanimous cell, and stands on a cell no reader decided', () => {
    const f = finalOfStudy(cells, [decision('L1/L2', 'Severe'), decision('L5/S1', 'Normal/Mild')], 'unanimous');
    expect(f.cells[0]).toMatchObject({ status: 'adjudicated', grade: 'Severe' });
    expect(f.cells.at(-1)).toMatchObject({ level: 'L5/S1', status: 'adjudicated', grade: 'Normal/Mild' });
  });

  it('majority setting: 2 of 3 agreeing readers make the cell final; unanimous setting keeps it open', () => {
    const three = assessStudy(
      [label(1, 'Moderate', 'L4/L5', 2), label(2, 'Severe', 'L4/L5'), label(3, 'Moderate', 'L4/L5', 3)],
      DEFAULT_SETTINGS,
    );
    expect(finalOfStudy(three, [], 'unanimous').cells[0]!.status).toBe('open');
    const m = finalOfStudy(three, [], 'majority').cells[0]!;
    expect(m).toMatchObject({ status: 'majority', grade: 'Moderate', point: { x: 2 } });
    // 1 vs 1: no majority.
    const two = assessStudy([label(1, 'Moderate'), label(2, 'Severe')], DEFAULT_SETTINGS);
    expect(finalOfStudy(two, [], 'majority').cells[0]!.status).toBe('open');
  });
});
