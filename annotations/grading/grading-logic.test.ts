import { describe, expect, it } from 'vitest';
import { CONDITION_LEVELS } from '../domain/protocol.js';
import { assignStudies, AssignmentError, assignmentsToCsv, parseAssignmentsCsv } from './assignment.js';
import { historyState, type HistoryEvent } from './history.js';
import { fullGrid, nextUndecided, undecidedCells, type Label } from './labels.js';

const graded = (i: number): Label => ({ ...CONDITION_LEVELS[i]!, grade: 'Normal/Mild', notGradable: null, point: null });

describe('labels', () => {
  it('fills a 25-cell grid in protocol order and finds the next undecided cell, wrapping', () => {
    const labels = [graded(0), graded(1), { ...CONDITION_LEVELS[3]!, grade: null, notGradable: 'level not covered', point: null }];
    expect(fullGrid(labels)).toHaveLength(25);
    expect(undecidedCells(labels)).toHaveLength(22);
    expect(nextUndecided(labels, CONDITION_LEVELS[0]!)).toEqual(CONDITION_LEVELS[2]);
    expect(nextUndecided(labels, CONDITION_LEVELS[2]!)).toEqual(CONDITION_LEVELS[4]);
    const all = CONDITION_LEVELS.map((_, i) => graded(i)).filter((_, i) => i !== 1);
    expect(nextUndecided(all, CONDITION_LEVELS[10]!)).toEqual(CONDITION_LEVELS[1]);
    expect(
      nextUndecided(
        CONDITION_LEVELS.map((_, i) => graded(i)),
        CONDITION_LEVELS[0]!,
      ),
    ).toBeUndefined();
  });
});

describe('history', () => {
  const e = (id: number, kind: string, reverts: number | null = null): HistoryEvent => ({
    id,
    kind,
    target: 't',
    before: null,
    after: null,
    reverts,
  });
  it('undo pops, redo re-pushes, a new change clears redo', () => {
    expect(historyState([e(1, 'label'), e(2, 'label')]).undo.map((x) => x.id)).toEqual([1, 2]);
    const afterUndo = historyState([e(1, 'label'), e(2, 'label'), e(3, 'undo', 2)]);
    expect(afterUndo.undo.map((x) => x.id)).toEqual([1]);
    expect(afterUndo.redo.map((x) => x.id)).toEqual([2]);
    const afterRedo = historyState([e(1, 'label'), e(2, 'label'), e(3, 'undo', 2), e(4, 'redo', 2)]);
    expect(afterRedo.undo.map((x) => x.id)).toEqual([1, 2]);
    expect(afterRedo.redo).toEqual([]);
    const branched = historyState([e(1, 'label'), e(2, 'undo', 1), e(3, 'read')]);
    expect(branched.undo.map((x) => x.id)).toEqual([3]);
    expect(branched.redo).toEqual([]);
  });
});

describe('assignment', () => {
  const readers = [1, 2, 3, 4];
  const studies = Array.from({ length: 50 }, (_, i) => 100 + i);
  it('all: every reader x every study', () => {
    expect(assignStudies({ mode: 'all', readerIds: [1, 2], studyIds: [7, 8, 9] })).toHaveLength(6);
  });
  it('random: N per reader, k readers per study, balanced, seeded', () => {
    const a = assignStudies({ mode: 'random', readerIds: readers, studyIds: studies, perReader: 10, overlap: 2, seed: 42 });
    expect(a).toHaveLength(40);
    const perReader = readers.map((r) => a.filter((x) => x.readerId === r).length);
    expect(perReader).toEqual([10, 10, 10, 10]);
    const perStudy = new Map<number, Set<number>>();
    for (const x of a) perStudy.set(x.studyId, (perStudy.get(x.studyId) ?? new Set()).add(x.readerId));
    expect(perStudy.size).toBe(20);
    for (const set of perStudy.values()) expect(set.size).toBe(2);
    expect(assignStudies({ mode: 'random', readerIds: readers, studyIds: studies, perReader: 10, overlap: 2, seed: 42 })).toEqual(a);
    expect(assignStudies({ mode: 'random', readerIds: readers, studyIds: studies, perReader: 10, overlap: 2, seed: 43 })).not.toEqual(a);
  });
  it('refuses impossible requests with a reason', () => {
    expect(() => assignStudies({ mode: 'random', readerIds: readers, studyIds: studies, perReader: 100, overlap: 1 })).toThrow(
      AssignmentError,
    );
    expect(() => assignStudies({ mode: 'random', readerIds: readers, studyIds: studies, perReader: 5, overlap: 5 })).toThrow(
      /between 1 and/,
    );
  });
  it('round-trips through CSV and reports bad lines', () => {
    const csv = assignmentsToCsv([
      { readerName: 'Dr B', studyKey: '20' },
      { readerName: 'Dr A', studyKey: '100' },
      { readerName: 'Dr A', studyKey: '9' },
    ]);
    expect(csv).toBe('reader,study_id\nDr A,9\nDr A,100\nDr B,20\n');
    expect(parseAssignmentsCsv(csv)).toEqual({
      rows: [
        { readerName: 'Dr A', studyKey: '9' },
        { readerName: 'Dr A', studyKey: '100' },
        { readerName: 'Dr B', studyKey: '20' },
      ],
      errors: [],
    });
    expect(parseAssignmentsCsv('reader,study\nx').errors).toEqual([
      'line 1: expected the header "reader,study_id"',
      'line 2: expected "reader,study_id"',
    ]);
  });
});
