/**
 * The grading service: readers, worklists, assignments, and every grading change.
 *
 * Invariants: each change (label, read info, undo, redo) is one SQLite transaction that writes the new
 * value and appends its event (who, when, what, before, after) before the caller is answered; a reader
 * sees only their own work (blinding): another reader's labels are served only to a QA lead.
 */
import type { Db } from '../storage/database.js';
import {
  createGradingRepository,
  pointColumns,
  pointOfRow,
  type LabelRow,
  type ReadRow,
  type ReaderRow,
} from '../storage/grading-repository.js';
import { createIndexRepository } from '../storage/index-repository.js';
import { ApiError } from '../contract/contract.js';
import type {
  AssignmentMatrix,
  AuditEvent,
  LabelInfo,
  ReadState,
  ReaderInfo,
  TimeOnTask,
  Worklist,
  WorklistItem,
} from '../contract/types.js';
import { CONDITION_LEVELS, USUAL_SERIES_TYPE, type ConditionLevel, type Grade, type SeriesType } from '../domain/protocol.js';
import { READ_STATUSES, type ReaderRole, type ReadStatus, type StudyFlag } from '../domain/reading.js';
import {
  EMPTY_LABEL,
  fullGrid,
  isDecided,
  labelKey,
  parseLabelKey,
  sameLabelValue,
  type Label,
  type LabelPoint,
  type LabelValue,
} from '../grading/labels.js';
import { historyState, type HistoryEvent } from '../grading/history.js';
import { assignmentsToCsv, assignStudies, AssignmentError, parseAssignmentsCsv, type AssignmentRequest } from '../grading/assignment.js';
import { studyWarnings } from './study-queries.js';
import { qaLeadOf, readerOf } from './roles.js';

export interface LabelPatch {
  readonly grade?: Grade | null;
  readonly notGradable?: string | null;
  readonly point?: LabelPoint | null;
}

export interface ReadPatch {
  readonly status?: 'in_progress' | 'complete' | 'flagged';
  readonly flags?: readonly StudyFlag[];
  readonly comment?: string;
}

interface ReadInfoValue {
  status: 'in_progress' | 'complete' | 'flagged';
  flags: StudyFlag[];
  comment: string;
}

const readerInfo = (r: ReaderRow): ReaderInfo => ({ id: r.id, name: r.name, initials: r.initials, role: r.role });

const withOverride = (point: ReturnType<typeof pointOfRow>, override: boolean): LabelPoint | null =>
  point ? { ...point, override } : null;

function labelFromRow(row: LabelRow): Label {
  return {
    condition: row.condition as Label['condition'],
    level: row.level as Label['level'],
    grade: row.grade as Grade | null,
    notGradable: row.not_gradable,
    point: withOverride(pointOfRow(row), row.point_override === 1),
  };
}

const labelValue = (l: LabelValue): LabelValue => ({ grade: l.grade, notGradable: l.notGradable, point: l.point });

export function createGradingService(db: Db) {
  const repo = createGradingRepository(db);
  const index = createIndexRepository(db);

  const requireReader = (readerId: number): ReaderRow => readerOf(repo, readerId);
  function requireStudy(studyId: number): void {
    if (!index.studyById(studyId)) throw new ApiError('not-found', `no study with id ${studyId}`);
  }
  const requireQaLead = (readerId: number): ReaderRow => qaLeadOf(repo, readerId, "see other readers' work");

  function readInfoOf(row: ReadRow | undefined): ReadInfoValue {
    return row
      ? { status: row.status, flags: JSON.parse(row.flags) as StudyFlag[], comment: row.comment }
      : { status: 'in_progress', flags: [], comment: '' };
  }

  function readState(readerId: number, studyId: number): ReadState {
    const row = repo.read(readerId, studyId);
    const labels = fullGrid(repo.labels(readerId, studyId).map(labelFromRow));
    const history = historyState(repo.historyOfRead(readerId, studyId));
    const info = readInfoOf(row);
    return {
      readerId,
      studyId,
      status: row ? info.status : 'not_started',
      flags: info.flags,
      comment: info.comment,
      activeMs: row?.active_ms ?? 0,
      labels: labels as LabelInfo[],
      decided: labels.filter(isDecided).length,
      canUndo: history.undo.length > 0,
      canRedo: history.redo.length > 0,
    };
  }

  function writeLabel(readerId: number, studyId: number, cl: ConditionLevel, value: LabelValue): void {
    repo.upsertLabel({
      reader_id: readerId,
      study_id: studyId,
      condition: cl.condition,
      level: cl.level,
      grade: value.grade,
      not_gradable: value.notGradable,
      ...pointColumns(value.point),
      point_override: value.point?.override ? 1 : 0,
    });
  }

  function writeReadInfo(readerId: number, studyId: number, value: ReadInfoValue): void {
    repo.updateRead({
      reader_id: readerId,
      study_id: studyId,
      status: value.status,
      flags: JSON.stringify(value.flags),
      comment: value.comment,
    });
  }

  function currentLabel(readerId: number, studyId: number, cl: ConditionLevel): LabelValue {
    const row = repo.labels(readerId, studyId).find((l) => l.condition === cl.condition && l.level === cl.level);
    return row ? labelValue(labelFromRow(row)) : EMPTY_LABEL;
  }

  /** A point must lie on a series of this study, on an image that exists, on the condition's usual series type unless confirmed. */
  function checkPoint(studyId: number, cl: ConditionLevel, point: LabelPoint): void {
    const series = index.seriesById(point.seriesId);
    if (!series || series.study_id !== studyId) throw new ApiError('bad-request', `series ${point.seriesId} is not part of this study`);
    const instances = index.seriesInstances(point.seriesId);
    const instance = instances.find((i) => i.instance_number === point.instanceNumber);
    if (!instance) throw new ApiError('bad-request', `series ${series.series_key} has no image ${point.instanceNumber}`);
    if (
      !Number.isFinite(point.x) ||
      !Number.isFinite(point.y) ||
      point.x < 0 ||
      point.y < 0 ||
      (instance.columns !== null && point.x > instance.columns) ||
      (instance.rows !== null && point.y > instance.rows)
    ) {
      throw new ApiError('bad-request', `point (${point.x}, ${point.y}) is outside the image (${instance.columns}x${instance.rows})`);
    }
    const type = series.type_override ?? series.type;
    const usual = USUAL_SERIES_TYPE[cl.condition];
    if (type !== usual && !point.override) {
      throw new ApiError('conflict', `${cl.condition} is graded on ${usual}; this point is on ${type}. Confirm to place it there anyway.`);
    }
  }

  /** Run one user change as one transaction with its event. */
  const change = db.transaction(
    (
      readerId: number,
      studyId: number,
      kind: 'label' | 'read',
      target: string,
      before: unknown,
      after: unknown,
      reverts: number | null,
      eventKind?: 'undo' | 'redo',
    ) => {
      repo.ensureRead(readerId, studyId);
      if (kind === 'label') writeLabel(readerId, studyId, parseLabelKey(target)!, after as LabelValue);
      else writeReadInfo(readerId, studyId, after as ReadInfoValue);
      repo.appendEvent({
        reader_id: readerId,
        study_id: studyId,
        kind: eventKind ?? kind,
        target,
        before: JSON.stringify(before),
        after: JSON.stringify(after),
        reverts,
      });
    },
  );

  function applyHistory(readerId: number, studyId: number, direction: 'undo' | 'redo'): ReadState {
    requireReader(readerId);
    const history = historyState(repo.eventsOfRead(readerId, studyId));
    const event: HistoryEvent | undefined = direction === 'undo' ? history.undo.at(-1) : history.redo.at(-1);
    if (!event) throw new ApiError('conflict', `nothing to ${direction}`);
    const original = event;
    const value = JSON.parse((direction === 'undo' ? original.before : original.after) ?? 'null') as unknown;
    const current =
      original.kind === 'label'
        ? currentLabel(readerId, studyId, parseLabelKey(original.target)!)
        : readInfoOf(repo.read(readerId, studyId));
    change(readerId, studyId, original.kind as 'label' | 'read', original.target, current, value, original.id, direction);
    return readState(readerId, studyId);
  }

  function assignmentMatrix(): AssignmentMatrix {
    const statuses = new Map(repo.allReads().map((r) => [`${r.reader_id}/${r.study_id}`, r.status as ReadStatus]));
    return {
      readers: repo.readers().map(readerInfo),
      studies: index.studies().map((s) => ({ id: s.id, studyKey: s.study_key })),
      cells: repo.assignments().map((a) => ({
        readerId: a.reader_id,
        studyId: a.study_id,
        status: statuses.get(`${a.reader_id}/${a.study_id}`) ?? 'not_started',
      })),
    };
  }

  return {
    /** Throws unless the reader is a QA lead (exports and imports reveal every reader's work). */
    requireQaLead,
    listReaders: () => repo.readers().map(readerInfo),

    /** A new profile; a new reader is assigned the demo studies straight away, so there is something to read. */
    createReader(name: string, initials: string, role: ReaderRole): ReaderInfo {
      const trimmed = name.trim();
      if (repo.readerByName(trimmed)) throw new ApiError('conflict', `a reader named "${trimmed}" already exists`);
      const id = db.transaction(() => {
        const readerId = repo.createReader(trimmed, initials.trim().toUpperCase(), role);
        const demoIds = new Set(
          index
            .datasets()
            .filter((d) => d.is_demo)
            .map((d) => d.id),
        );
        if (role === 'reader') for (const study of index.studies()) if (demoIds.has(study.dataset_id)) repo.assign(readerId, study.id);
        repo.appendEvent({
          reader_id: readerId,
          study_id: 0,
          kind: 'reader',
          target: 'create',
          before: null,
          after: JSON.stringify({ name: trimmed, role }),
          reverts: null,
        });
        return readerId;
      })();
      return readerInfo(repo.reader(id)!);
    },

    worklist(readerId: number): Worklist {
      const reader = requireReader(readerId);
      const reads = new Map(repo.readsOfReader(readerId).map((r) => [r.study_id, r]));
      const decided = repo.decidedCounts(readerId);
      const assigned = new Set(repo.assignedStudies(readerId));
      const seriesOf = index.seriesTypesByStudy();
      const items: WorklistItem[] = index
        .studies()
        .filter((s) => assigned.has(s.id))
        .map((study) => {
          const read = reads.get(study.id);
          const info = readInfoOf(read);
          return {
            studyId: study.id,
            studyKey: study.study_key,
            patientName: study.patient_name,
            status: read ? info.status : 'not_started',
            decided: decided.get(study.id) ?? 0,
            flags: info.flags,
            activeMs: read?.active_ms ?? 0,
            warnings: studyWarnings(
              (seriesOf.get(study.id) ?? []).map((se) => ({
                type: (se.type_override ?? se.type) as SeriesType,
                warnings: JSON.parse(se.warnings) as string[],
              })),
            ),
          };
        });
      const counts = Object.fromEntries(READ_STATUSES.map((s) => [s, items.filter((i) => i.status === s).length])) as Record<
        ReadStatus,
        number
      >;
      return { reader: readerInfo(reader), items, counts: { ...counts, total: items.length } };
    },

    getRead(readerId: number, studyId: number): ReadState {
      requireReader(readerId);
      requireStudy(studyId);
      return readState(readerId, studyId);
    },

    setLabel(readerId: number, studyId: number, cl: ConditionLevel, patch: LabelPatch): ReadState {
      requireReader(readerId);
      requireStudy(studyId);
      const before = currentLabel(readerId, studyId, cl);
      let after: LabelValue = { ...before };
      if (patch.grade !== undefined) after = { ...after, grade: patch.grade, notGradable: patch.grade !== null ? null : after.notGradable };
      if (patch.notGradable !== undefined)
        after = { ...after, notGradable: patch.notGradable, grade: patch.notGradable !== null ? null : after.grade };
      if (patch.point !== undefined) {
        if (patch.point) checkPoint(studyId, cl, patch.point);
        after = { ...after, point: patch.point };
      }
      if (!sameLabelValue(before, after)) change(readerId, studyId, 'label', labelKey(cl), before, after, null);
      const read = repo.read(readerId, studyId);
      // A completed study edited again goes back to in progress.
      if (read?.status === 'complete' && !isDecided(after)) {
        const info = readInfoOf(read);
        change(readerId, studyId, 'read', '', info, { ...info, status: 'in_progress' }, null);
      }
      return readState(readerId, studyId);
    },

    setReadInfo(readerId: number, studyId: number, patch: ReadPatch): ReadState {
      requireReader(readerId);
      requireStudy(studyId);
      const before = readInfoOf(repo.read(readerId, studyId));
      const after: ReadInfoValue = {
        status: patch.status ?? before.status,
        flags: [...(patch.flags ?? before.flags)],
        comment: patch.comment ?? before.comment,
      };
      if (after.status === 'complete' && before.status !== 'complete') {
        const undecided = fullGrid(repo.labels(readerId, studyId).map(labelFromRow)).filter((l) => !isDecided(l));
        if (undecided.length > 0) {
          throw new ApiError(
            'conflict',
            `${undecided.length} of 25 cells have neither a grade nor "not gradable" (first: ${undecided[0]!.condition} ${undecided[0]!.level})`,
          );
        }
      }
      if (JSON.stringify(before) !== JSON.stringify(after) || !repo.read(readerId, studyId))
        change(readerId, studyId, 'read', '', before, after, null);
      return readState(readerId, studyId);
    },

    undo: (readerId: number, studyId: number) => applyHistory(readerId, studyId, 'undo'),
    redo: (readerId: number, studyId: number) => applyHistory(readerId, studyId, 'redo'),

    addActiveTime(readerId: number, studyId: number, ms: number): void {
      requireReader(readerId);
      requireStudy(studyId);
      db.transaction(() => {
        repo.ensureRead(readerId, studyId);
        repo.addActiveTime(readerId, studyId, Math.round(ms));
      })();
    },

    /** Every reader's read of a study: for QA leads only (readers are blinded). */
    studyReads(viewerId: number, studyId: number): Array<{ reader: ReaderInfo; read: ReadState }> {
      requireQaLead(viewerId);
      requireStudy(studyId);
      const readers = new Map(repo.readers().map((r) => [r.id, r]));
      const ids = new Set([...repo.readsOfStudy(studyId).map((r) => r.reader_id), ...repo.labelsOfStudy(studyId).map((l) => l.reader_id)]);
      return [...ids].flatMap((id) => (readers.has(id) ? [{ reader: readerInfo(readers.get(id)!), read: readState(id, studyId) }] : []));
    },

    assignmentMatrix(viewerId: number): AssignmentMatrix {
      requireQaLead(viewerId);
      return assignmentMatrix();
    },

    assign(viewerId: number, request: Omit<AssignmentRequest, 'studyIds'> & { replace: boolean }): AssignmentMatrix {
      requireQaLead(viewerId);
      let pairs;
      try {
        pairs = assignStudies({ ...request, studyIds: index.studies().map((s) => s.id) });
      } catch (error) {
        if (error instanceof AssignmentError) throw new ApiError('bad-request', error.message);
        throw error;
      }
      db.transaction(() => {
        if (request.replace) repo.clearAssignments();
        for (const p of pairs) repo.assign(p.readerId, p.studyId);
        repo.appendEvent({
          reader_id: viewerId,
          study_id: 0,
          kind: 'assignment',
          target: request.mode,
          before: null,
          after: JSON.stringify({ ...request, pairs: pairs.length }),
          reverts: null,
        });
      })();
      return assignmentMatrix();
    },

    exportAssignments(viewerId: number): string {
      requireQaLead(viewerId);
      const readers = new Map(repo.readers().map((r) => [r.id, r.name]));
      const studies = new Map(index.studies().map((s) => [s.id, s.study_key]));
      return assignmentsToCsv(
        repo.assignments().map((a) => ({ readerName: readers.get(a.reader_id)!, studyKey: studies.get(a.study_id)! })),
      );
    },

    /** All-or-nothing: every unknown reader or study is reported with its line, and nothing is written. */
    importAssignments(viewerId: number, csv: string): AssignmentMatrix {
      requireQaLead(viewerId);
      const { rows, errors } = parseAssignmentsCsv(csv);
      const readers = new Map(repo.readers().map((r) => [r.name.toLowerCase(), r.id]));
      const studies = new Map(index.studies().map((s) => [s.study_key, s.id]));
      rows.forEach((row, i) => {
        if (!readers.has(row.readerName.toLowerCase())) errors.push(`row ${i + 1}: unknown reader "${row.readerName}"`);
        if (!studies.has(row.studyKey)) errors.push(`row ${i + 1}: unknown study "${row.studyKey}"`);
      });
      if (errors.length > 0)
        throw new ApiError(
          'bad-request',
          `assignments not imported: ${errors.slice(0, 10).join('; ')}${errors.length > 10 ? `; and ${errors.length - 10} more` : ''}`,
        );
      db.transaction(() => {
        for (const row of rows) repo.assign(readers.get(row.readerName.toLowerCase())!, studies.get(row.studyKey)!);
      })();
      return assignmentMatrix();
    },

    auditLog(viewerId: number, studyId: number): AuditEvent[] {
      const viewer = requireReader(viewerId);
      const names = new Map(repo.readers().map((r) => [r.id, r.name]));
      return repo
        .eventsOfStudy(studyId)
        .filter((e) => viewer.role === 'qa_lead' || e.reader_id === viewerId)
        .map((e) => ({
          id: e.id,
          at: e.at,
          readerId: e.reader_id,
          readerName: names.get(e.reader_id) ?? `#${e.reader_id}`,
          studyId: e.study_id,
          kind: e.kind,
          target: e.target,
          before: e.before === null ? null : (JSON.parse(e.before) as unknown),
          after: e.after === null ? null : (JSON.parse(e.after) as unknown),
        }));
    },

    timeOnTask(viewerId: number): TimeOnTask[] {
      requireQaLead(viewerId);
      const names = new Map(repo.readers().map((r) => [r.id, r.name]));
      const studies = new Map(index.studies().map((s) => [s.id, s.study_key]));
      return repo.allReads().map((r) => ({
        readerId: r.reader_id,
        readerName: names.get(r.reader_id) ?? '',
        studyId: r.study_id,
        studyKey: studies.get(r.study_id) ?? '',
        status: r.status,
        activeMs: r.active_ms,
      }));
    },

    /** Current labels of every reader (for agreement and export). */
    allLabels: () => repo.allLabels().map((row) => ({ readerId: row.reader_id, studyId: row.study_id, ...labelFromRow(row) })),
    conditionLevels: CONDITION_LEVELS,
  };
}

export type GradingService = ReturnType<typeof createGradingService>;
