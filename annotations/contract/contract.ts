/**
 * The one typed contract between the UI and the backend, declared once.
 *
 * Electron main registers a handler per method through it, the preload exposes exactly these methods,
 * the browser-mode HTTP server routes `POST /api/<method>` to the same handlers, and the renderer calls
 * them through either transport without knowing which. Inputs are validated with the method's schema on
 * the receiving side; outputs are typed here and produced by the backend.
 */
import { z } from 'zod';
import { CONDITIONS, GRADES, LEVELS, SERIES_TYPES } from '../domain/protocol.js';
import { READER_ROLES, STUDY_FLAGS } from '../domain/reading.js';
import type {
  AdjudicationQueue,
  AdjudicationReportRow,
  AdjudicationStudy,
  AgreementOverview,
  AppInfo,
  AssignmentMatrix,
  AuditEvent,
  DatasetInfo,
  FolderChoice,
  ImportJobStatus,
  KaggleExportResult,
  KaggleImportResult,
  ReadState,
  ReaderInfo,
  StudyDetail,
  StudySummary,
  TimeOnTask,
  Worklist,
} from './types.js';
import { METHOD_NAMES, type MethodName } from './methods.js';

export interface MethodSpec<I extends z.ZodType, O> {
  readonly input: I;
  /** Phantom field carrying the output type (never read at run time). */
  readonly output?: O;
}

function method<I extends z.ZodType>(input: I) {
  return { returns: <O>(): MethodSpec<I, O> => ({ input }) };
}

const Empty = z.object({}).strict();
const DISAGREEMENT_KINDS = ['grade', 'gap', 'severe', 'gradability', 'distance', 'level'] as const;
const Id = z.number().int().positive();
const SeriesTypeSchema = z.enum([...SERIES_TYPES, 'Other']);
const Read = { readerId: Id, studyId: Id };
const Viewer = { viewerId: Id };
const Point = z
  .object({ seriesId: Id, instanceNumber: z.number().int(), x: z.number().finite(), y: z.number().finite(), override: z.boolean() })
  .strict();

export const contract = {
  getAppInfo: method(Empty).returns<AppInfo>(),
  listDatasets: method(Empty).returns<DatasetInfo[]>(),
  listStudies: method(Empty).returns<StudySummary[]>(),
  getStudy: method(z.object({ studyId: Id }).strict()).returns<StudyDetail>(),
  setSeriesType: method(z.object({ seriesId: Id, type: SeriesTypeSchema.nullable() }).strict()).returns<StudySummary>(),
  startImport: method(z.object({ folder: z.string().min(1).max(4096) }).strict()).returns<ImportJobStatus>(),
  getImportStatus: method(z.object({ jobId: z.string().min(1).max(64) }).strict()).returns<ImportJobStatus>(),
  cancelImport: method(z.object({ jobId: z.string().min(1).max(64) }).strict()).returns<ImportJobStatus>(),
  /** The OS folder dialog (Electron); browser mode answers `supported: false` and the UI shows a path field. */
  pickFolder: method(z.object({ title: z.string().max(200).optional() }).strict()).returns<FolderChoice>(),

  // grading
  listReaders: method(Empty).returns<ReaderInfo[]>(),
  createReader: method(
    z.object({ name: z.string().trim().min(1).max(80), initials: z.string().trim().min(1).max(4), role: z.enum(READER_ROLES) }).strict(),
  ).returns<ReaderInfo>(),
  getWorklist: method(z.object({ readerId: Id }).strict()).returns<Worklist>(),
  getRead: method(z.object(Read).strict()).returns<ReadState>(),
  setLabel: method(
    z
      .object({
        ...Read,
        condition: z.enum(CONDITIONS),
        level: z.enum(LEVELS),
        grade: z.enum(GRADES).nullable().optional(),
        notGradable: z.string().trim().min(1).max(200).nullable().optional(),
        point: Point.nullable().optional(),
      })
      .strict(),
  ).returns<ReadState>(),
  setReadInfo: method(
    z
      .object({
        ...Read,
        status: z.enum(['in_progress', 'complete', 'flagged']).optional(),
        flags: z.array(z.enum(STUDY_FLAGS)).max(STUDY_FLAGS.length).optional(),
        comment: z.string().max(4000).optional(),
      })
      .strict(),
  ).returns<ReadState>(),
  undo: method(z.object(Read).strict()).returns<ReadState>(),
  redo: method(z.object(Read).strict()).returns<ReadState>(),
  addActiveTime: method(z.object({ ...Read, ms: z.number().int().min(0).max(3_600_000) }).strict()).returns<{ ok: true }>(),
  getStudyReads: method(z.object({ ...Viewer, studyId: Id }).strict()).returns<Array<{ reader: ReaderInfo; read: ReadState }>>(),
  getAssignments: method(z.object(Viewer).strict()).returns<AssignmentMatrix>(),
  assignStudies: method(
    z
      .object({
        ...Viewer,
        mode: z.enum(['all', 'random']),
        readerIds: z.array(Id).min(1).max(1000),
        perReader: z.number().int().min(1).optional(),
        overlap: z.number().int().min(1).optional(),
        seed: z.number().int().optional(),
        replace: z.boolean(),
      })
      .strict(),
  ).returns<AssignmentMatrix>(),
  exportAssignments: method(z.object(Viewer).strict()).returns<{ csv: string }>(),
  importAssignments: method(z.object({ ...Viewer, csv: z.string().max(10_000_000) }).strict()).returns<AssignmentMatrix>(),
  getAuditLog: method(z.object({ ...Viewer, studyId: Id }).strict()).returns<AuditEvent[]>(),
  getTimeOnTask: method(z.object(Viewer).strict()).returns<TimeOnTask[]>(),

  // Kaggle files
  exportKaggle: method(
    z.object({ ...Viewer, outDir: z.string().min(1).max(4096), source: z.string().min(1).max(200), images: z.boolean() }).strict(),
  ).returns<KaggleExportResult>(),
  importKaggle: method(
    z.object({ ...Viewer, dir: z.string().min(1).max(4096), readerName: z.string().trim().min(1).max(80) }).strict(),
  ).returns<KaggleImportResult>(),

  // agreement (QA lead)
  getAgreement: method(z.object({ ...Viewer, bootstrap: z.number().int().min(0).max(5000) }).strict()).returns<AgreementOverview>(),

  // adjudication (QA lead)
  getAdjudicationQueue: method(
    z
      .object({
        ...Viewer,
        condition: z.enum(CONDITIONS).optional(),
        level: z.enum(LEVELS).optional(),
        readerId: Id.optional(),
        kind: z.enum(DISAGREEMENT_KINDS).optional(),
      })
      .strict(),
  ).returns<AdjudicationQueue>(),
  getAdjudicationStudy: method(z.object({ ...Viewer, studyId: Id, reveal: z.boolean().optional() }).strict()).returns<AdjudicationStudy>(),
  decideCell: method(
    z
      .object({
        ...Viewer,
        studyId: Id,
        condition: z.enum(CONDITIONS),
        level: z.enum(LEVELS),
        chosenReaderId: Id.optional(),
        grade: z.enum(GRADES).nullable().optional(),
        notGradable: z.string().trim().min(1).max(200).nullable().optional(),
        point: z
          .object({ seriesId: Id, instanceNumber: z.number().int(), x: z.number().finite().min(0), y: z.number().finite().min(0) })
          .strict()
          .nullable()
          .optional(),
        rationale: z.string().max(4000).optional(),
      })
      .strict(),
  ).returns<AdjudicationStudy>(),
  reopenCell: method(
    z
      .object({ ...Viewer, studyId: Id, condition: z.enum(CONDITIONS), level: z.enum(LEVELS), rationale: z.string().max(4000).optional() })
      .strict(),
  ).returns<AdjudicationStudy>(),
  getAdjudicationReport: method(z.object(Viewer).strict()).returns<AdjudicationReportRow[]>(),
} satisfies { [K in MethodName]: MethodSpec<z.ZodType, unknown> };

// Every method name listed once in methods.ts has a spec, and nothing else does.
type Extra = Exclude<keyof typeof contract, MethodName>;
const noExtraMethods: Extra extends never ? true : never = true;
void noExtraMethods;
export { METHOD_NAMES };

export type Contract = typeof contract;
export type MethodInput<K extends MethodName> = z.infer<Contract[K]['input']>;
export type MethodOutput<K extends MethodName> = NonNullable<Contract[K]['output']>;

/** What the renderer calls: one async function per method. */
export type Api = { [K in MethodName]: (input: MethodInput<K>) => Promise<MethodOutput<K>> };

/** What the backend implements. */
export type Handlers = { [K in MethodName]: (input: MethodInput<K>) => Promise<MethodOutput<K>> | MethodOutput<K> };

/** The envelope both transports carry, so errors cross processes as data, not as exceptions. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };
export type ErrorCode = 'bad-request' | 'not-found' | 'conflict' | 'internal' | 'unknown-method';

/** A failure a handler reports to the UI as data (with a code) rather than as an internal error. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isMethodName(name: string): name is MethodName {
  return (METHOD_NAMES as readonly string[]).includes(name);
}

/**
 * Validate and run one call: the single dispatch used by Electron IPC and the HTTP server alike.
 * Never throws: every failure becomes an error envelope.
 */
export async function dispatch(handlers: Handlers, name: string, payload: unknown): Promise<Envelope<unknown>> {
  if (!isMethodName(name)) return { ok: false, error: { code: 'unknown-method', message: `unknown method "${name}"` } };
  const parsed = contract[name].input.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'bad-request', message: `invalid ${name} request${where}: ${issue?.message ?? 'bad input'}` } };
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}
