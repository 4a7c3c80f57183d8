/**
 * SQL of grading: readers, assignments, reads, labels and the append-only event log. Statements are
 * prepared once; the grading service wraps each user change in one transaction.
 */
import type { Db } from './database.js';

export interface ReaderRow {
  id: number;
  name: string;
  initials: string;
  role: 'reader' | 'qa_lead';
  created_at: string;
}

export interface ReadRow {
  reader_id: number;
  study_id: number;
  status: 'in_progress' | 'complete' | 'flagged';
  flags: string;
  comment: string;
  active_ms: number;
  started_at: string;
  completed_at: string | null;
}

export interface LabelRow {
  reader_id: number;
  study_id: number;
  condition: string;
  level: string;
  grade: string | null;
  not_gradable: string | null;
  series_id: number | null;
  instance_number: number | null;
  x: number | null;
  y: number | null;
  point_override: number;
  updated_at: string;
}

export interface EventRow {
  id: number;
  at: string;
  reader_id: number;
  study_id: number;
  kind: string;
  target: string;
  before: string | null;
  after: string | null;
  reverts: number | null;
}

export function createGradingRepository(db: Db) {
  const s = {
    readers: db.prepare<[], ReaderRow>('SELECT * FROM readers ORDER BY name COLLATE NOCASE'),
    reader: db.prepare<[number], ReaderRow>('SELECT * FROM readers WHERE id = ?'),
    readerByName: db.prepare<[string], ReaderRow>('SELECT * FROM readers WHERE name = ?'),
    insertReader: db.prepare<[string, string, string]>('INSERT INTO readers (name, initials, role) VALUES (?, ?, ?)'),
    assign: db.prepare<[number, number]>('INSERT OR IGNORE INTO assignments (reader_id, study_id) VALUES (?, ?)'),
    unassignAll: db.prepare('DELETE FROM assignments'),
    assignments: db.prepare<[], { reader_id: number; study_id: number }>('SELECT reader_id, study_id FROM assignments'),
    assignedStudies: db.prepare<[number], { study_id: number }>('SELECT study_id FROM assignments WHERE reader_id = ?'),
    isAssigned: db.prepare<[number, number], { one: number }>('SELECT 1 AS one FROM assignments WHERE reader_id = ? AND study_id = ?'),
    read: db.prepare<[number, number], ReadRow>('SELECT * FROM reads WHERE reader_id = ? AND study_id = ?'),
    readsOfReader: db.prepare<[number], ReadRow>('SELECT * FROM reads WHERE reader_id = ?'),
    readsOfStudy: db.prepare<[number], ReadRow>('SELECT * FROM reads WHERE study_id = ?'),
    allReads: db.prepare<[], ReadRow>('SELECT * FROM reads'),
    ensureRead: db.prepare<[number, number]>('INSERT OR IGNORE INTO reads (reader_id, study_id) VALUES (?, ?)'),
    updateRead: db.prepare<{ reader_id: number; study_id: number; status: string; flags: string; comment: string }>(
      `UPDATE reads SET status = @status, flags = @flags, comment = @comment,
         completed_at = CASE WHEN @status = 'complete' THEN COALESCE(completed_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ELSE NULL END
       WHERE reader_id = @reader_id AND study_id = @study_id`,
    ),
    addActive: db.prepare<[number, number, number]>('UPDATE reads SET active_ms = active_ms + ? WHERE reader_id = ? AND study_id = ?'),
    labels: db.prepare<[number, number], LabelRow>('SELECT * FROM labels WHERE reader_id = ? AND study_id = ?'),
    labelsOfStudy: db.prepare<[number], LabelRow>('SELECT * FROM labels WHERE study_id = ?'),
    allLabels: db.prepare<[], LabelRow>('SELECT * FROM labels'),
    decidedCounts: db.prepare<[number], { study_id: number; decided: number }>(
      `SELECT study_id, COUNT(*) AS decided FROM labels WHERE reader_id = ? AND (grade IS NOT NULL OR not_gradable IS NOT NULL) GROUP BY study_id`,
    ),
    upsertLabel: db.prepare<Omit<LabelRow, 'updated_at'>>(
      `INSERT INTO labels (reader_id, study_id, condition, level, grade, not_gradable, series_id, instance_number, x, y, point_override)
       VALUES (@reader_id, @study_id, @condition, @level, @grade, @not_gradable, @series_id, @instance_number, @x, @y, @point_override)
       ON CONFLICT (reader_id, study_id, condition, level) DO UPDATE SET grade = excluded.grade, not_gradable = excluded.not_gradable,
         series_id = excluded.series_id, instance_number = excluded.instance_number, x = excluded.x, y = excluded.y,
         point_override = excluded.point_override, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    ),
    appendEvent: db.prepare<Omit<EventRow, 'id' | 'at'>>(
      `INSERT INTO events (reader_id, study_id, kind, target, before, after, reverts)
       VALUES (@reader_id, @study_id, @kind, @target, @before, @after, @reverts)`,
    ),
    eventsOfRead: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE reader_id = ? AND study_id = ? ORDER BY id'),
    // The undo/redo stacks need only the shape of the log, not the before/after values (which grow).
    historyOfRead: db.prepare<[number, number], EventRow>(
      'SELECT id, at, reader_id, study_id, kind, target, NULL AS before, NULL AS after, reverts FROM events WHERE reader_id = ? AND study_id = ? ORDER BY id',
    ),
    event: db.prepare<[number], EventRow>('SELECT * FROM events WHERE id = ?'),
    eventsOfStudy: db.prepare<[number], EventRow>('SELECT * FROM events WHERE study_id = ? ORDER BY id'),
  };

  return {
    readers: () => s.readers.all(),
    reader: (id: number) => s.reader.get(id),
    readerByName: (name: string) => s.readerByName.get(name),
    createReader: (name: string, initials: string, role: ReaderRow['role']) =>
      Number(s.insertReader.run(name, initials, role).lastInsertRowid),
    assign: (readerId: number, studyId: number) => s.assign.run(readerId, studyId).changes > 0,
    clearAssignments: () => s.unassignAll.run(),
    assignments: () => s.assignments.all(),
    assignedStudies: (readerId: number) => s.assignedStudies.all(readerId).map((r) => r.study_id),
    isAssigned: (readerId: number, studyId: number) => s.isAssigned.get(readerId, studyId) !== undefined,
    read: (readerId: number, studyId: number) => s.read.get(readerId, studyId),
    readsOfReader: (readerId: number) => s.readsOfReader.all(readerId),
    readsOfStudy: (studyId: number) => s.readsOfStudy.all(studyId),
    allReads: () => s.allReads.all(),
    ensureRead: (readerId: number, studyId: number) => s.ensureRead.run(readerId, studyId),
    updateRead: (row: { reader_id: number; study_id: number; status: string; flags: string; comment: string }) => s.updateRead.run(row),
    addActiveTime: (readerId: number, studyId: number, ms: number) => s.addActive.run(ms, readerId, studyId),
    labels: (readerId: number, studyId: number) => s.labels.all(readerId, studyId),
    labelsOfStudy: (studyId: number) => s.labelsOfStudy.all(studyId),
    allLabels: () => s.allLabels.all(),
    decidedCounts: (readerId: number) => new Map(s.decidedCounts.all(readerId).map((r) => [r.study_id, r.decided])),
    upsertLabel: (row: Omit<LabelRow, 'updated_at'>) => s.upsertLabel.run(row),
    appendEvent: (row: Omit<EventRow, 'id' | 'at'>) => Number(s.appendEvent.run(row).lastInsertRowid),
    eventsOfRead: (readerId: number, studyId: number) => s.eventsOfRead.all(readerId, studyId),
    historyOfRead: (readerId: number, studyId: number) => s.historyOfRead.all(readerId, studyId),
    event: (id: number) => s.event.get(id),
    eventsOfStudy: (studyId: number) => s.eventsOfStudy.all(studyId),
  };
}

export type GradingRepository = ReturnType<typeof createGradingRepository>;

/** The point columns shared by labels and decisions. */
export interface PointColumns {
  series_id: number | null;
  instance_number: number | null;
  x: number | null;
  y: number | null;
}

/** The columns of a point for a label or decision row (all empty without one); `pointOfRow` reads them back. */
export function pointColumns(point: { seriesId: number; instanceNumber: number; x: number; y: number } | null | undefined): PointColumns {
  return {
    series_id: point?.seriesId ?? null,
    instance_number: point?.instanceNumber ?? null,
    x: point?.x ?? null,
    y: point?.y ?? null,
  };
}

/** The point a label or decision row holds, or null when any of its columns is empty. */
export function pointOfRow(row: PointColumns): { seriesId: number; instanceNumber: number; x: number; y: number } | null {
  return row.series_id !== null && row.instance_number !== null && row.x !== null && row.y !== null
    ? { seriesId: row.series_id, instanceNumber: row.instance_number, x: row.x, y: row.y }
    : null;
}
