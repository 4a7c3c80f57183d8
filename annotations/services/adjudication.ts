/**
 * The adjudication service: the QA lead's queue of studies with open disagreements, a study's cells with
 * every reader's grade and point (readers as A/B/C, names on request), decisions and reopenings, the
 * final labels the Kaggle export reads, and the per-reader report against the final labels.
 *
 * Invariants: QA leads only (the viewer-checked methods); readers' labels only (a QA lead's own grading
 * is not a reading); each decide/reopen is one transaction that writes the `decisions` row and appends
 * an 'adjudication' event (before/after) so the audit trail holds the full history; settings come from
 * the `settings` row 'adjudication' over the defaults, overridable per service.
 */
import type { Db } from '../storage/database.js';
import { createGradingRepository, pointColumns, pointOfRow, type LabelRow } from '../storage/grading-repository.js';
import { createInstanceGeometryLookup } from './instance-geometry.js';
import { createIndexRepository } from '../storage/index-repository.js';
import { createAdjudicationRepository, type DecisionRow } from '../storage/adjudication-repository.js';
import { ApiError } from '../contract/contract.js';
import type {
  AdjudicationCell,
  AdjudicationQueue,
  AdjudicationQueueItem,
  AdjudicationReportRow,
  AdjudicationStudy,
  DisagreementKindName,
} from '../contract/types.js';
import { patientPosition } from '../agreement/points.js';
import type { Condition, ConditionLevel, Grade, Level } from '../domain/protocol.js';
import {
  assessStudy,
  KINDS,
  resolveSettings,
  type AdjudicationSettings,
  type CellAssessment,
  type DisagreementKind,
  type RaterLabel,
  type RaterPoint,
  type Vec3,
} from '../adjudication/detect.js';
import { finalOfStudy, isActive, type Decision, type StudyFinal } from '../adjudication/final.js';
import { readerReport } from '../adjudication/report.js';
import { qaLeadOf } from './roles.js';

export interface QueueFilter {
  readonly condition?: Condition;
  readonly level?: Level;
  readonly readerId?: number;
  readonly kind?: DisagreementKind;
}

export interface DecideInput extends ConditionLevel {
  readonly studyId: number;
  /** Take this reader's grade and point; otherwise the QA lead's own `grade`/`notGradable`/`point`. */
  readonly chosenReaderId?: number;
  readonly grade?: Grade | null;
  readonly notGradable?: string | null;
  readonly point?: RaterPoint | null;
  readonly rationale?: string;
}

/** One study's adjudication state. */
export interface StudyAssessment {
  readonly studyId: number;
  readonly studyKey: string;
  readonly labels: readonly RaterLabel[];
  readonly cells: readonly CellAssessment[];
  readonly decisions: readonly Decision[];
  readonly final: StudyFinal;
}

const alias = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : `R${i + 1}`);
const zeroKinds = (): Record<DisagreementKindName, number> => Object.fromEntries(KINDS.map((k) => [k, 0])) as never;

function decisionOf(row: DecisionRow): Decision {
  return {
    condition: row.condition as Condition,
    level: row.level as Level,
    grade: row.grade as Grade | null,
    notGradable: row.not_gradable,
    point: pointOfRow(row),
    chosenReaderId: row.chosen_reader_id,
    rationale: row.rationale,
    qaReaderId: row.qa_reader_id,
    decidedAt: row.decided_at,
    reopened: row.reopened === 1,
  };
}

export function createAdjudicationService(db: Db, overrides: Partial<AdjudicationSettings> = {}) {
  const grading = createGradingRepository(db);
  const index = createIndexRepository(db);
  const repo = createAdjudicationRepository(db);
  const settings = (): AdjudicationSettings => resolveSettings({ ...(repo.setting('adjudication') as object | undefined), ...overrides });

  const requireQaLead = (viewerId: number): void => void qaLeadOf(grading, viewerId, 'adjudicate');

  const geometryOf = createInstanceGeometryLookup(index);
  function positionOf(row: Pick<LabelRow, 'series_id' | 'instance_number' | 'x' | 'y'>): Vec3 | null {
    const point = pointOfRow(row);
    const g = point ? geometryOf(point.seriesId, point.instanceNumber) : undefined;
    return point && g ? patientPosition(g, point.x, point.y) : null;
  }

  function raterLabel(row: LabelRow): RaterLabel {
    return {
      readerId: row.reader_id,
      condition: row.condition as Condition,
      level: row.level as Level,
      grade: row.grade as Grade | null,
      notGradable: row.not_gradable,
      point: pointOfRow(row),
      position: positionOf(row),
    };
  }

  const readerIds = () =>
    new Set(
      grading
        .readers()
        .filter((r) => r.role === 'reader')
        .map((r) => r.id),
    );

  function assess(studyId: number, readers = readerIds(), s = settings()): StudyAssessment | undefined {
    const study = index.studyById(studyId);
    if (!study) return undefined;
    const labels = grading
      .labelsOfStudy(studyId)
      .filter((l) => readers.has(l.reader_id))
      .map(raterLabel);
    const cells = assessStudy(labels, s);
    const decisions = repo.decisionsOfStudy(studyId).map(decisionOf);
    return { studyId, studyKey: study.study_key, labels, cells, decisions, final: finalOfStudy(cells, decisions, s.autoFinal) };
  }

  /** Every study with a reader's label or a decision, in index order. */
  function assessAll(): StudyAssessment[] {
    const readers = readerIds();
    const s = settings();
    const ids = new Set([
      ...grading
        .allLabels()
        .filter((l) => readers.has(l.reader_id))
        .map((l) => l.study_id),
      ...repo.allDecisions().map((d) => d.study_id),
    ]);
    return index
      .studies()
      .filter((st) => ids.has(st.id))
      .map((st) => assess(st.id, readers, s)!);
  }

  function queue(filter: QueueFilter = {}): AdjudicationQueue {
    const all = assessAll();
    const items: AdjudicationQueueItem[] = [];
    const byKind = zeroKinds();
    let openCells = 0;
    for (const a of all) {
      const open = a.final.cells.filter(
        (c) =>
          c.status === 'open' &&
          (!filter.condition || c.condition === filter.condition) &&
          (!filter.level || c.level === filter.level) &&
          (!filter.kind || c.kinds.includes(filter.kind)) &&
          (filter.readerId === undefined ||
            a.labels.some((l) => l.readerId === filter.readerId && l.condition === c.condition && l.level === c.level)),
      );
      if (open.length === 0) continue;
      const kinds = zeroKinds();
      for (const c of open) {
        for (const k of c.kinds) {
          kinds[k]++;
          byKind[k]++;
        }
      }
      openCells += open.length;
      items.push({
        studyId: a.studyId,
        studyKey: a.studyKey,
        priority: Math.max(...open.map((c) => c.priority)),
        totalPriority: open.reduce((sum, c) => sum + c.priority, 0),
        openCells: open.length,
        kinds,
        readers: new Set(a.labels.map((l) => l.readerId)).size,
      });
    }
    items.sort((x, y) => y.priority - x.priority || y.totalPriority - x.totalPriority || x.studyId - y.studyId);
    const finalCells = all.flatMap((a) => a.final.cells);
    return {
      items,
      counters: {
        studies: items.length,
        openCells,
        byKind,
        adjudicatedCells: finalCells.filter((c) => c.status === 'adjudicated').length,
        autoFinalCells: finalCells.filter((c) => c.status === 'unanimous' || c.status === 'majority').length,
        finalStudies: all.filter((a) => a.final.open === 0).length,
      },
    };
  }

  function studyDetail(studyId: number, reveal: boolean): AdjudicationStudy {
    const a = assess(studyId);
    if (!a) throw new ApiError('not-found', `no study with id ${studyId}`);
    const ids = [...new Set(a.labels.map((l) => l.readerId))].sort((x, y) => x - y);
    const aliases = new Map(ids.map((id, i) => [id, alias(i)]));
    const names = new Map(grading.readers().map((r) => [r.id, r.name]));
    const decisions = new Map(a.decisions.map((d) => [`${d.condition}|${d.level}`, d]));
    const cells: AdjudicationCell[] = a.final.cells.map((f) => {
      const cell = a.cells.find((c) => c.condition === f.condition && c.level === f.level);
      const d = decisions.get(`${f.condition}|${f.level}`);
      return {
        condition: f.condition,
        level: f.level,
        status: f.status,
        kinds: f.kinds,
        priority: f.priority,
        readings: (cell?.raters ?? []).map((r) => ({
          alias: aliases.get(r.readerId)!,
          readerId: r.readerId,
          grade: r.grade,
          notGradable: r.notGradable,
          point: r.point,
        })),
        final: f.status === 'open' ? null : { grade: f.grade, notGradable: f.notGradable, point: f.point },
        decision: d
          ? {
              chosenAlias: d.chosenReaderId === null ? null : (aliases.get(d.chosenReaderId) ?? `#${d.chosenReaderId}`),
              rationale: d.rationale,
              qaReaderId: d.qaReaderId,
              decidedAt: d.decidedAt,
              reopened: d.reopened,
            }
          : null,
      };
    });
    return {
      studyId,
      studyKey: a.studyKey,
      readers: ids.map((id) => ({ alias: aliases.get(id)!, readerId: id, name: reveal ? (names.get(id) ?? null) : null })),
      cells,
      open: a.final.open,
    };
  }

  function checkPoint(studyId: number, point: RaterPoint): void {
    const series = index.seriesById(point.seriesId);
    if (!series || series.study_id !== studyId) throw new ApiError('bad-request', `series ${point.seriesId} is not part of this study`);
    if (!index.seriesInstances(point.seriesId).some((i) => i.instance_number === point.instanceNumber))
      throw new ApiError('bad-request', `series ${series.series_key} has no image ${point.instanceNumber}`);
  }

  const writeDecision = db.transaction((qaId: number, input: DecideInput, value: Omit<DecisionRow, 'decided_at' | 'reopened'>) => {
    const before = repo.decision(input.studyId, input.condition, input.level);
    repo.upsertDecision(value);
    grading.appendEvent({
      reader_id: qaId,
      study_id: input.studyId,
      kind: 'adjudication',
      target: `${input.condition}|${input.level}`,
      before: before ? JSON.stringify(decisionOf(before)) : null,
      after: JSON.stringify({ action: 'decide', ...decisionOf({ ...value, decided_at: '', reopened: 0 }) }),
      reverts: null,
    });
  });

  function decide(qaId: number, input: DecideInput): AdjudicationStudy {
    if (!index.studyById(input.studyId)) throw new ApiError('not-found', `no study with id ${input.studyId}`);
    let value: { grade: Grade | null; notGradable: string | null; point: RaterPoint | null };
    if (input.chosenReaderId !== undefined) {
      const row = grading
        .labels(input.chosenReaderId, input.studyId)
        .find((l) => l.condition === input.condition && l.level === input.level && (l.grade !== null || l.not_gradable !== null));
      if (!row)
        throw new ApiError('bad-request', `reader ${input.chosenReaderId} did not grade ${input.condition} ${input.level} of this study`);
      const r = raterLabel(row);
      value = { grade: r.grade, notGradable: r.notGradable, point: input.point !== undefined ? input.point : r.point };
    } else {
      const grade = input.grade ?? null;
      const notGradable = input.notGradable ?? null;
      if ((grade === null) === (notGradable === null))
        throw new ApiError('bad-request', 'give a grade or a not-gradable reason (exactly one), or choose a reader');
      value = { grade, notGradable, point: input.point ?? null };
    }
    if (value.point) checkPoint(input.studyId, value.point);
    writeDecision(qaId, input, {
      study_id: input.studyId,
      condition: input.condition,
      level: input.level,
      grade: value.grade,
      not_gradable: value.notGradable,
      ...pointColumns(value.point),
      chosen_reader_id: input.chosenReaderId ?? null,
      rationale: input.rationale?.trim() ?? '',
      qa_reader_id: qaId,
    });
    return studyDetail(input.studyId, false);
  }

  function reopen(qaId: number, input: ConditionLevel & { studyId: number; rationale?: string }): AdjudicationStudy {
    const before = repo.decision(input.studyId, input.condition, input.level);
    if (!before || !isActive(decisionOf(before)))
      throw new ApiError('conflict', `${input.condition} ${input.level} has no current decision to reopen`);
    db.transaction(() => {
      repo.reopen(input.studyId, input.condition, input.level);
      grading.appendEvent({
        reader_id: qaId,
        study_id: input.studyId,
        kind: 'adjudication',
        target: `${input.condition}|${input.level}`,
        before: JSON.stringify(decisionOf(before)),
        after: JSON.stringify({ action: 'reopen', rationale: input.rationale?.trim() ?? '' }),
        reverts: null,
      });
    })();
    return studyDetail(input.studyId, false);
  }

  function report(): AdjudicationReportRow[] {
    const readers = grading.readers().filter((r) => r.role === 'reader');
    return readerReport(
      readers,
      assessAll().map((a) => ({ study: a.studyKey, labels: a.labels, final: a.final.cells })),
    );
  }

  return {
    settings,
    /** Store settings (merged over the stored ones, validated); returns the effective settings. */
    saveSettings(partial: Partial<AdjudicationSettings>): AdjudicationSettings {
      const stored = resolveSettings({ ...(repo.setting('adjudication') as object | undefined), ...partial });
      repo.putSetting('adjudication', stored);
      return settings();
    },
    /** Unchecked (CLI, export): every study's assessment and final labels. */
    assessAll,
    queueOf: queue,
    reportOf: report,
    queue(viewerId: number, filter: QueueFilter = {}) {
      requireQaLead(viewerId);
      return queue(filter);
    },
    study(viewerId: number, studyId: number, reveal = false) {
      requireQaLead(viewerId);
      return studyDetail(studyId, reveal);
    },
    decide(viewerId: number, input: DecideInput) {
      requireQaLead(viewerId);
      return decide(viewerId, input);
    },
    reopen(viewerId: number, input: ConditionLevel & { studyId: number; rationale?: string }) {
      requireQaLead(viewerId);
      return reopen(viewerId, input);
    },
    report(viewerId: number) {
      requireQaLead(viewerId);
      return report();
    },
  };
}

export type AdjudicationService = ReturnType<typeof createAdjudicationService>;
