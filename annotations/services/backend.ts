/**
 * The backend: the contract's handlers over one open database. The same object serves Electron IPC
 * and the browser-mode HTTP server.
 */
import type { Db } from '../storage/database.js';
import { SCHEMA_VERSION } from '../storage/database.js';
import { createIndexRepository } from '../storage/index-repository.js';
import { ApiError, type Handlers } from '../contract/contract.js';
import type { AppInfo } from '../contract/types.js';
import { createStudyQueries } from './study-queries.js';
import { createImportJobs } from './import-jobs.js';
import { createGradingService } from './grading.js';
import { createKaggleIo, parseExportSource } from './kaggle-io.js';
import { agreementOverview } from './agreement-data.js';
import { createAdjudicationService } from './adjudication.js';
import { formatExportSummary } from '../kaggle/export-files.js';
import path from 'node:path';

export interface BackendOptions {
  readonly db: Db;
  readonly databasePath: string;
  readonly mode: AppInfo['mode'];
  readonly version: string;
  readonly dicomBase: string;
  /** Folders that hold the generated demo dataset. */
  readonly isDemoFolder?: (folder: string) => boolean;
}

export interface Backend {
  readonly handlers: Handlers;
  readonly grading: ReturnType<typeof createGradingService>;
  readonly imports: ReturnType<typeof createImportJobs>;
  close(): void;
}

export function createBackend(options: BackendOptions): Backend {
  const { db } = options;
  const repo = createIndexRepository(db);
  const studies = createStudyQueries(db);
  const imports = createImportJobs(db, { isDemo: options.isDemoFolder });
  const grading = createGradingService(db);
  const kaggle = createKaggleIo(db);
  const adjudication = createAdjudicationService(db);

  const handlers: Handlers = {
    getAppInfo: () => ({
      version: options.version,
      mode: options.mode,
      databasePath: options.databasePath,
      schemaVersion: SCHEMA_VERSION,
      dicomBase: options.dicomBase,
    }),
    listDatasets: () =>
      repo.datasets().map((d) => ({
        id: d.id,
        root: d.root,
        name: d.name,
        layout: d.layout,
        isDemo: d.is_demo === 1,
        lastImportAt: d.last_import_at,
      })),
    listStudies: () => studies.listStudies(),
    getStudy: ({ studyId }) => {
      const study = studies.getStudy(studyId);
      if (!study) throw new ApiError('not-found', `no study with id ${studyId}`);
      return study;
    },
    setSeriesType: ({ seriesId, type }) => {
      const studyId = studies.setSeriesType(seriesId, type);
      if (studyId === undefined) throw new ApiError('not-found', `no series with id ${seriesId}`);
      return studies.studySummary(studyId)!;
    },
    startImport: ({ folder }) => imports.start(folder),
    getImportStatus: ({ jobId }) => imports.status(jobId),
    cancelImport: ({ jobId }) => imports.cancel(jobId),
    pickFolder: () => ({ supported: false, folder: null }),

    listReaders: () => grading.listReaders(),
    createReader: ({ name, initials, role }) => grading.createReader(name, initials, role),
    getWorklist: ({ readerId }) => grading.worklist(readerId),
    getRead: ({ readerId, studyId }) => grading.getRead(readerId, studyId),
    setLabel: ({ readerId, studyId, condition, level, ...patch }) => grading.setLabel(readerId, studyId, { condition, level }, patch),
    setReadInfo: ({ readerId, studyId, ...patch }) => grading.setReadInfo(readerId, studyId, patch),
    undo: ({ readerId, studyId }) => grading.undo(readerId, studyId),
    redo: ({ readerId, studyId }) => grading.redo(readerId, studyId),
    addActiveTime: ({ readerId, studyId, ms }) => {
      grading.addActiveTime(readerId, studyId, ms);
      return { ok: true as const };
    },
    getStudyReads: ({ viewerId, studyId }) => grading.studyReads(viewerId, studyId),
    getAssignments: ({ viewerId }) => grading.assignmentMatrix(viewerId),
    assignStudies: ({ viewerId, ...request }) => grading.assign(viewerId, request),
    exportAssignments: ({ viewerId }) => ({ csv: grading.exportAssignments(viewerId) }),
    importAssignments: ({ viewerId, csv }) => grading.importAssignments(viewerId, csv),
    getAuditLog: ({ viewerId, studyId }) => grading.auditLog(viewerId, studyId),
    getTimeOnTask: ({ viewerId }) => grading.timeOnTask(viewerId),
    exportKaggle: async ({ viewerId, outDir, source, images }) => {
      grading.requireQaLead(viewerId);
      const result = await kaggle.exportFiles(path.resolve(outDir), parseExportSource(source), { images });
      const { summary } = result;
      return {
        outDir: path.resolve(outDir),
        studies: summary.studies,
        rows: summary.rows,
        missingCells: summary.missingCells,
        leftOut: summary.leftOut,
        ties: result.ties.length,
        idMapRows: result.idMapRows,
        images: result.images,
        openStudies: result.openStudies,
        summaryText: formatExportSummary(summary),
      };
    },
    getAgreement: ({ viewerId, bootstrap }) => {
      grading.requireQaLead(viewerId);
      return agreementOverview(db, bootstrap);
    },
    importKaggle: async ({ viewerId, dir, readerName }) => {
      grading.requireQaLead(viewerId);
      return kaggle.importFiles(path.resolve(dir), readerName);
    },
    getAdjudicationQueue: ({ viewerId, ...filter }) => adjudication.queue(viewerId, filter),
    getAdjudicationStudy: ({ viewerId, studyId, reveal }) => adjudication.study(viewerId, studyId, reveal ?? false),
    decideCell: ({ viewerId, ...input }) => adjudication.decide(viewerId, input),
    reopenCell: ({ viewerId, ...input }) => adjudication.reopen(viewerId, input),
    getAdjudicationReport: ({ viewerId }) => adjudication.report(viewerId),
  };

  return {
    handlers,
    imports,
    grading,
    close() {
      imports.cancelAll();
    },
  };
}
