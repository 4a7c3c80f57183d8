/**
 * Data shapes crossing the UI/backend boundary. Plain JSON: no Dates, Maps or class instances.
 */
import type { Condition, Grade, Level, SeriesType } from '../domain/protocol.js';
import type { ReaderRole, ReadStatus, StudyFlag } from '../domain/reading.js';
import type { AgreementReport } from '../agreement/report.js';
import type { PointSummary } from '../agreement/points.js';
import type { ReaderReportRow } from '../adjudication/report.js';

export interface AppInfo {
  readonly version: string;
  readonly mode: 'electron' | 'browser';
  readonly databasePath: string;
  readonly schemaVersion: number;
  /** URL prefix of DICOM files: `${dicomBase}/${datasetId}/${path}`. */
  readonly dicomBase: string;
}

export interface SeriesSummary {
  readonly id: number;
  readonly seriesKey: string;
  readonly description: string | null;
  /** Effective type: the user's override when set, else the importer's. */
  readonly type: SeriesType;
  readonly detectedType: SeriesType;
  readonly typeReason: string;
  readonly typeOverridden: boolean;
  readonly instances: number;
  readonly warnings: readonly string[];
}

export interface StudySummary {
  readonly id: number;
  readonly datasetId: number;
  readonly studyKey: string;
  readonly patientName: string | null;
  readonly description: string | null;
  readonly isDemo: boolean;
  readonly series: readonly SeriesSummary[];
  /** Study-level warnings: missing series types, several axials, ... */
  readonly warnings: readonly string[];
}

export interface InstanceGeometry {
  readonly ipp: readonly [number, number, number];
  readonly iop: readonly [number, number, number, number, number, number];
  /** [row spacing, column spacing] (mm) */
  readonly pixelSpacing: readonly [number, number];
  readonly sliceThickness: number | null;
}

export interface InstanceInfo {
  readonly id: number;
  readonly instanceNumber: number | null;
  readonly frame: number;
  /** Path relative to the dataset root ('/' separated); with dicomBase and datasetId it gives the URL. */
  readonly path: string;
  readonly rows: number | null;
  readonly columns: number | null;
  readonly geometry: InstanceGeometry | null;
  /** Position along the series' slice normal (mm), when geometry is known. */
  readonly sliceLocation: number | null;
  readonly windowCenter: number | null;
  readonly windowWidth: number | null;
  readonly decodable: boolean;
}

export interface SeriesDetail extends SeriesSummary {
  readonly frameOfReferenceUid: string | null;
  /** Slices in geometric order (along the slice normal), InstanceNumber when geometry is missing. */
  readonly slices: readonly InstanceInfo[];
}

export interface StudyDetail extends Omit<StudySummary, 'series'> {
  readonly series: readonly SeriesDetail[];
}

export interface ImportProblemInfo {
  readonly path: string;
  readonly kind: string;
  readonly reason: string;
}

export interface ImportSummaryInfo {
  readonly datasetId: number;
  readonly root: string;
  readonly layout: 'kaggle' | 'dicom';
  readonly studies: number;
  readonly series: number;
  readonly instances: number;
  readonly skipped: number;
  readonly read: number;
  readonly missing: number;
  readonly problems: readonly ImportProblemInfo[];
  readonly problemsByKind: Readonly<Record<string, number>>;
  readonly cancelled: boolean;
  readonly elapsedMs: number;
}

export interface ImportJobStatus {
  readonly jobId: string;
  readonly folder: string;
  readonly state: 'running' | 'done' | 'failed' | 'cancelled';
  readonly phase: 'scanning' | 'indexing' | 'finishing' | 'done';
  readonly filesSeen: number;
  readonly filesRead: number;
  readonly filesPerSecond: number;
  readonly etaSeconds: number | null;
  readonly summary: ImportSummaryInfo | null;
  readonly error: string | null;
}

export interface DatasetInfo {
  readonly id: number;
  readonly root: string;
  readonly name: string;
  readonly layout: 'kaggle' | 'dicom';
  readonly isDemo: boolean;
  readonly lastImportAt: string | null;
}

export interface FolderChoice {
  /** False where no OS dialog exists (browser mode). */
  readonly supported: boolean;
  /** The chosen folder, or null when cancelled / unsupported. */
  readonly folder: string | null;
}

// ---- grading ----
export interface ReaderInfo {
  readonly id: number;
  readonly name: string;
  readonly initials: string;
  readonly role: ReaderRole;
}

export interface LabelPointInfo {
  readonly seriesId: number;
  readonly instanceNumber: number;
  readonly x: number;
  readonly y: number;
  readonly override: boolean;
}

export interface LabelInfo {
  readonly condition: Condition;
  readonly level: Level;
  readonly grade: Grade | null;
  readonly notGradable: string | null;
  readonly point: LabelPointInfo | null;
}

/** One reader's reading of one study: the 25 labels (protocol order), status, flags, history. */
export interface ReadState {
  readonly readerId: number;
  readonly studyId: number;
  readonly status: ReadStatus;
  readonly flags: readonly StudyFlag[];
  readonly comment: string;
  readonly activeMs: number;
  readonly labels: readonly LabelInfo[];
  readonly decided: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

export interface WorklistItem {
  readonly studyId: number;
  readonly studyKey: string;
  readonly patientName: string | null;
  readonly status: ReadStatus;
  readonly decided: number;
  readonly flags: readonly StudyFlag[];
  readonly activeMs: number;
  readonly warnings: readonly string[];
}

export interface Worklist {
  readonly reader: ReaderInfo;
  readonly items: readonly WorklistItem[];
  readonly counts: Readonly<Record<ReadStatus, number>> & { readonly total: number };
}

export interface AssignmentMatrix {
  readonly readers: readonly ReaderInfo[];
  readonly studies: ReadonlyArray<{ readonly id: number; readonly studyKey: string }>;
  /** Assigned (readerId, studyId) pairs, with each read's status. */
  readonly cells: ReadonlyArray<{ readonly readerId: number; readonly studyId: number; readonly status: ReadStatus }>;
}

export interface AuditEvent {
  readonly id: number;
  readonly at: string;
  readonly readerId: number;
  readonly readerName: string;
  readonly studyId: number;
  readonly kind: string;
  readonly target: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface TimeOnTask {
  readonly readerId: number;
  readonly readerName: string;
  readonly studyId: number;
  readonly studyKey: string;
  readonly status: ReadStatus;
  readonly activeMs: number;
}

// ---- Kaggle files ----
export interface KaggleExportResult {
  readonly outDir: string;
  readonly studies: number;
  readonly rows: { readonly train: number; readonly coordinates: number; readonly seriesDescriptions: number };
  readonly missingCells: number;
  readonly leftOut: ReadonlyArray<{ readonly studyId: string; readonly reasons: readonly string[] }>;
  readonly ties: number;
  readonly idMapRows: number;
  readonly images: number;
  /** Source final: studies with open disagreements (left out unless the source is final:partial). */
  readonly openStudies?: readonly string[];
  /** The summary as the CLI prints it (grade counts per condition, ...). */
  readonly summaryText: string;
}

export interface KaggleImportResult {
  readonly reader: string;
  readonly studies: number;
  readonly labels: number;
  readonly points: number;
}

// ---- agreement ----
export interface GradeDistributionRow {
  readonly reader: string;
  readonly condition: Condition;
  readonly counts: Readonly<Record<Grade | 'not gradable', number>>;
}

/** Everything the QA lead's agreement dashboard shows, computed from the current grades of all readers. */
export interface AgreementOverview {
  readonly readers: readonly string[];
  readonly studies: number;
  readonly bootstrap: number;
  /** The engine's report: subsets overall, condition=, level=, condition=|level= (AGREEMENT.md names). */
  readonly report: AgreementReport;
  readonly gradeDistribution: readonly GradeDistributionRow[];
  /** Point distances between readers (mm, patient space) per condition and level. */
  readonly points: readonly PointSummary[];
}

// ---- adjudication (QA lead) ----
export type DisagreementKindName = 'grade' | 'gap' | 'severe' | 'gradability' | 'distance' | 'level';
export type FinalStatusName = 'unanimous' | 'majority' | 'adjudicated' | 'open';

export interface AdjudicationQueueItem {
  readonly studyId: number;
  readonly studyKey: string;
  /** The highest priority of the study's open cells (the queue's sort key), then their sum. */
  readonly priority: number;
  readonly totalPriority: number;
  readonly openCells: number;
  readonly kinds: Readonly<Record<DisagreementKindName, number>>;
  readonly readers: number;
}

export interface AdjudicationQueue {
  readonly items: readonly AdjudicationQueueItem[];
  readonly counters: {
    readonly studies: number;
    readonly openCells: number;
    readonly byKind: Readonly<Record<DisagreementKindName, number>>;
    /** Over all studies, unfiltered. */
    readonly adjudicatedCells: number;
    readonly autoFinalCells: number;
    readonly finalStudies: number;
  };
}

export interface AdjudicationReading {
  /** A, B, C... in reader id order among the study's readers. */
  readonly alias: string;
  readonly readerId: number;
  readonly grade: Grade | null;
  readonly notGradable: string | null;
  readonly point: { readonly seriesId: number; readonly instanceNumber: number; readonly x: number; readonly y: number } | null;
}

export interface AdjudicationCell {
  readonly condition: Condition;
  readonly level: Level;
  readonly status: FinalStatusName;
  readonly kinds: readonly DisagreementKindName[];
  readonly priority: number;
  readonly readings: readonly AdjudicationReading[];
  readonly final: Pick<AdjudicationReading, 'grade' | 'notGradable' | 'point'> | null;
  readonly decision: {
    readonly chosenAlias: string | null;
    readonly rationale: string;
    readonly qaReaderId: number;
    readonly decidedAt: string;
    readonly reopened: boolean;
  } | null;
}

export interface AdjudicationStudy {
  readonly studyId: number;
  readonly studyKey: string;
  /** name is null unless revealed. */
  readonly readers: ReadonlyArray<{ readonly alias: string; readonly readerId: number; readonly name: string | null }>;
  readonly cells: readonly AdjudicationCell[];
  readonly open: number;
}

/** One reader against the final labels, per subset ('overall', 'condition=<c>' or 'level=<l>'). */
export type AdjudicationReportRow = ReaderReportRow;
