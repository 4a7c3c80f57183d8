import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexedStudyFixture, type StudyFixture } from '../test-support/study-fixture.js';
import { createGradingService, type GradingService } from './grading.js';
import { ApiError } from '../contract/contract.js';

let f: StudyFixture;
let grading: GradingService;
let reader: number;
let other: number;
let qa: number;
const scs45 = { condition: 'Spinal Canal Stenosis', level: 'L4/L5' } as const;

beforeEach(async () => {
  f = await indexedStudyFixture();
  grading = createGradingService(f.db);
  reader = grading.createReader('Dr Ada', 'aa', 'reader').id;
  other = grading.createReader('Dr Bo', 'BB', 'reader').id;
  qa = grading.createReader('Dr Lead', 'QA', 'qa_lead').id;
});
afterEach(() => f.cleanup());

describe('grading service', () => {
  it('saves a grade and a point, and reads them back', () => {
    const state = grading.setLabel(reader, f.studyId, scs45, {
      grade: 'Moderate',
      point: { seriesId: f.seriesIds.sagT2, instanceNumber: 3, x: 7.5, y: 8.25, override: false },
    });
    const label = state.labels.find((l) => l.condition === scs45.condition && l.level === scs45.level)!;
    expect(label).toMatchObject({ grade: 'Moderate', point: { seriesId: f.seriesIds.sagT2, instanceNumber: 3, x: 7.5, y: 8.25 } });
    expect(state).toMatchObject({ status: 'in_progress', decided: 1, canUndo: true, canRedo: false });
    expect(grading.getRead(reader, f.studyId).labels).toEqual(state.labels);
    expect(state.labels.map((l) => `${l.condition} ${l.level}`)[0]).toBe('Spinal Canal Stenosis L1/L2');
  });

  it('refuses a point on another series type unless confirmed, and records the override', () => {
    const onT1 = { seriesId: f.seriesIds.sagT1, instanceNumber: 2, x: 3, y: 3, override: false };
    expect(() => grading.setLabel(reader, f.studyId, scs45, { point: onT1 })).toThrow(
      /graded on Sagittal T2\/STIR; this point is on Sagittal T1/,
    );
    const state = grading.setLabel(reader, f.studyId, scs45, { point: { ...onT1, override: true } });
    expect(state.labels.find((l) => l.level === 'L4/L5' && l.condition === scs45.condition)!.point!.override).toBe(true);
    expect(() => grading.setLabel(reader, f.studyId, scs45, { point: { ...onT1, instanceNumber: 99, override: true } })).toThrow(
      /no image 99/,
    );
    expect(() => grading.setLabel(reader, f.studyId, scs45, { point: { ...onT1, x: 40, override: true } })).toThrow(/outside the image/);
  });

  it('a grade and "not gradable" exclude each other', () => {
    grading.setLabel(reader, f.studyId, scs45, { grade: 'Severe' });
    let label = grading.setLabel(reader, f.studyId, scs45, { notGradable: 'artefact' }).labels.find((l) => l.level === 'L4/L5')!;
    expect(label).toMatchObject({ grade: null, notGradable: 'artefact' });
    label = grading.setLabel(reader, f.studyId, scs45, { grade: 'Normal/Mild' }).labels.find((l) => l.level === 'L4/L5')!;
    expect(label).toMatchObject({ grade: 'Normal/Mild', notGradable: null });
  });

  it('marks complete only when all 25 cells are decided', () => {
    expect(() => grading.setReadInfo(reader, f.studyId, { status: 'complete' })).toThrow(/25 cells have neither/);
    for (const cl of grading.conditionLevels)
      grading.setLabel(reader, f.studyId, cl, cl.level === 'L1/L2' ? { notGradable: 'level not covered' } : { grade: 'Normal/Mild' });
    expect(grading.setReadInfo(reader, f.studyId, { status: 'complete' }).status).toBe('complete');
    grading.assign(qa, { mode: 'all', readerIds: [reader], replace: true });
    expect(grading.worklist(reader).counts).toMatchObject({ complete: 1, total: 1 });
    // Clearing a cell of a complete study puts it back in progress.
    expect(grading.setLabel(reader, f.studyId, scs45, { grade: null }).status).toBe('in_progress');
  });

  it('undo and redo walk the event log, across labels and flags', () => {
    grading.setLabel(reader, f.studyId, scs45, { grade: 'Moderate' });
    grading.setLabel(reader, f.studyId, scs45, { grade: 'Severe' });
    grading.setReadInfo(reader, f.studyId, { flags: ['motion'], comment: 'blurry' });
    let s = grading.undo(reader, f.studyId);
    expect(s.flags).toEqual([]);
    s = grading.undo(reader, f.studyId);
    expect(s.labels.find((l) => l.level === 'L4/L5')!.grade).toBe('Moderate');
    s = grading.redo(reader, f.studyId);
    expect(s.labels.find((l) => l.level === 'L4/L5')!.grade).toBe('Severe');
    expect(s.canRedo).toBe(true);
    grading.setLabel(reader, f.studyId, { condition: 'Spinal Canal Stenosis', level: 'L1/L2' }, { grade: 'Normal/Mild' });
    expect(grading.getRead(reader, f.studyId).canRedo).toBe(false);
    expect(() => grading.redo(reader, f.studyId)).toThrow(ApiError);
    const kinds = grading.auditLog(qa, f.studyId).map((e) => e.kind);
    expect(kinds).toEqual(['label', 'label', 'read', 'undo', 'undo', 'redo', 'label']);
  });

  it('keeps the event log append-only at the database level', () => {
    grading.setLabel(reader, f.studyId, scs45, { grade: 'Moderate' });
    expect(() => f.db.prepare('UPDATE events SET kind = ?').run('x')).toThrow(/append-only/);
    expect(() => f.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
  });

  it('blinds readers: only a QA lead sees other readers, and the audit log is filtered', () => {
    grading.setLabel(reader, f.studyId, scs45, { grade: 'Moderate' });
    grading.setLabel(other, f.studyId, scs45, { grade: 'Severe' });
    expect(grading.getRead(other, f.studyId).labels.find((l) => l.level === 'L4/L5')!.grade).toBe('Severe');
    expect(() => grading.studyReads(reader, f.studyId)).toThrow(/only a QA lead/);
    const reads = grading.studyReads(qa, f.studyId);
    expect(reads.map((r) => r.reader.name).sort()).toEqual(['Dr Ada', 'Dr Bo']);
    expect(grading.auditLog(reader, f.studyId).every((e) => e.readerId === reader)).toBe(true);
    expect(grading.auditLog(qa, f.studyId)).toHaveLength(2);
  });

  it('assigns, exports and imports assignments; a bad CSV writes nothing', () => {
    const matrix = grading.assign(qa, { mode: 'all', readerIds: [reader, other], replace: true });
    expect(matrix.cells).toHaveLength(2);
    expect(grading.worklist(reader).items.map((i) => i.studyId)).toEqual([f.studyId]);
    const csv = grading.exportAssignments(qa);
    expect(csv).toMatch(/^reader,study_id\nDr Ada,/);
    expect(() => grading.importAssignments(qa, 'reader,study_id\nNobody,1\n')).toThrow(/unknown reader "Nobody"/);
    grading.assign(qa, { mode: 'all', readerIds: [qa], replace: true });
    expect(grading.assignmentMatrix(qa).cells).toHaveLength(1);
    grading.importAssignments(qa, csv);
    expect(grading.assignmentMatrix(qa).cells).toHaveLength(3);
    expect(() => grading.assign(reader, { mode: 'all', readerIds: [reader], replace: true })).toThrow(/only a QA lead/);
  });

  it('accumulates active time per read', () => {
    grading.addActiveTime(reader, f.studyId, 1500);
    grading.addActiveTime(reader, f.studyId, 2500);
    expect(grading.getRead(reader, f.studyId).activeMs).toBe(4000);
    expect(grading.timeOnTask(qa)).toEqual([expect.objectContaining({ readerName: 'Dr Ada', activeMs: 4000 })]);
  });

  it('refuses duplicate reader names', () => {
    expect(() => grading.createReader('dr ada', 'X', 'reader')).toThrow(/already exists/);
  });
});
