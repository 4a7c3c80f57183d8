/**
 * The dataset indexer: walks a folder, reads each file's header (never pixels), and records studies,
 * series, instances and problems in the index.
 *
 * Invariants: incremental (a file whose size and mtime are unchanged is not read again) and idempotent
 * (importing the same folder twice changes nothing); writes go in batched transactions, each leaving the
 * index consistent, so an interrupted import is completed by running it again; a bad file never stops the
 * import, it is recorded with a one-line reason.
 */
import path from 'node:path';
import type { Db } from '../storage/database.js';
import { createIndexRepository, type IndexRepository, type InstanceFields } from '../storage/index-repository.js';
import type { DicomHeader, ProblemKind } from '../dicom/header-parser.js';
import { isViewerDecodable, transferSyntaxName } from '../dicom/transfer-syntax.js';
import { dot, sliceNormal, type SlicePlane, type Vec3 } from '../domain/geometry.js';
import { classifySeries } from './series-type.js';
import { imagesRootOf, kaggleIdsOfPath, readSeriesDescriptions } from './kaggle-layout.js';
import { readHeaderAt, type HeaderRead } from './read-header.js';
import { fileState, walkFiles } from './walk.js';

export interface ImportProgress {
  readonly phase: 'scanning' | 'indexing' | 'finishing' | 'done';
  readonly filesSeen: number;
  readonly filesRead: number;
  readonly currentPath?: string;
}

export interface ImportProblem {
  readonly path: string;
  readonly kind: ProblemKind | 'non-image' | 'undecodable';
  readonly reason: string;
}

export interface ImportSummary {
  readonly datasetId: number;
  readonly root: string;
  readonly layout: 'kaggle' | 'dicom';
  readonly studies: number;
  readonly series: number;
  readonly instances: number;
  /** Files left as they were (unchanged since the last import). */
  readonly skipped: number;
  readonly read: number;
  readonly missing: number;
  readonly problems: readonly ImportProblem[];
  readonly problemsByKind: Readonly<Record<string, number>>;
  readonly cancelled: boolean;
  readonly elapsedMs: number;
}

export interface ImportOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly isDemo?: boolean;
  /** Files per transaction. */
  readonly batchSize?: number;
}

const MAX_PIXELS = 1 << 28; // 268M pixels: larger declared images are refused, not allocated
const NON_IMAGE_SOP_PREFIXES = [
  '1.2.840.10008.5.1.4.1.1.88.',
  '1.2.840.10008.5.1.4.1.1.11.',
  '1.2.840.10008.5.1.4.1.1.66',
  '1.2.840.10008.1.3.10',
];

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function instanceFields(relativePath: string, header: DicomHeader, instanceNumber: number | undefined, frame: number): InstanceFields {
  // A frame of an enhanced multi-frame object: its own plane (per-frame groups, then shared ones).
  const own = header.frameGeometry?.[frame];
  const shared = header.sharedFrameGeometry;
  const ipp = own?.imagePositionPatient ?? shared?.imagePositionPatient ?? header.imagePositionPatient;
  const iop = own?.imageOrientationPatient ?? shared?.imageOrientationPatient ?? header.imageOrientationPatient;
  const pixelSpacing = own?.pixelSpacing ?? shared?.pixelSpacing ?? header.pixelSpacing;
  const sliceThickness = own?.sliceThickness ?? shared?.sliceThickness ?? header.sliceThickness;
  return {
    path: relativePath,
    frame,
    sop_uid: orNull(header.sopInstanceUid),
    instance_number: orNull(instanceNumber ?? header.instanceNumber),
    rows: orNull(header.rows),
    columns: orNull(header.columns),
    row_spacing: orNull(pixelSpacing?.[0]),
    column_spacing: orNull(pixelSpacing?.[1]),
    ipp: ipp?.length === 3 ? json(ipp) : null,
    slice_location:
      ipp?.length === 3 && iop?.length === 6 ? dot(ipp as unknown as Vec3, sliceNormal(iop as unknown as SlicePlane['iop'])) : null,
    iop: iop?.length === 6 ? json(iop) : null,
    slice_thickness: orNull(sliceThickness),
    transfer_syntax: header.transferSyntaxUid,
    photometric: orNull(header.photometricInterpretation),
    bits_allocated: orNull(header.bitsAllocated),
    bits_stored: orNull(header.bitsStored),
    pixel_representation: orNull(header.pixelRepresentation),
    rescale_slope: orNull(header.rescaleSlope),
    rescale_intercept: orNull(header.rescaleIntercept),
    window_center: orNull(header.windowCenter),
    window_width: orNull(header.windowWidth),
    repetition_time: orNull(header.repetitionTime),
    echo_time: orNull(header.echoTime),
    inversion_time: orNull(header.inversionTime),
    sequence_name: orNull(header.sequenceName),
  };
}

/** Why a parsed file is not a gradable image, or undefined when it is one. */
function nonImageReason(header: DicomHeader): string | undefined {
  if (header.sopClassUid && NON_IMAGE_SOP_PREFIXES.some((p) => header.sopClassUid!.startsWith(p))) {
    return `not an image (SOP class ${header.sopClassUid})`;
  }
  if (!header.hasPixelData) return 'no pixel data';
  return undefined;
}

class Importer {
  readonly repo: IndexRepository;
  readonly touchedSeries = new Set<number>();
  readonly problems: ImportProblem[] = [];
  read = 0;
  skipped = 0;

  constructor(
    readonly db: Db,
    readonly datasetId: number,
    readonly kaggle: boolean,
    readonly descriptions: Map<string, string>,
  ) {
    this.repo = createIndexRepository(db);
  }

  private problem(file: HeaderRead, kind: ImportProblem['kind'], reason: string, status: 'problem' | 'non-image'): void {
    this.problems.push({ path: file.relativePath, kind, reason });
    this.repo.recordFile({
      dataset_id: this.datasetId,
      path: file.relativePath,
      size: file.size,
      mtime_ms: file.mtimeMs,
      status,
      reason,
      problem_kind: kind,
    });
  }

  private readonly studyIds = new Map<string, number>();
  private readonly seriesIds = new Map<string, number>();

  /** Index one changed or new file, as read (inside the caller's transaction). */
  indexFile(file: HeaderRead, known: boolean): void {
    if (known) for (const seriesId of this.repo.forgetFile(this.datasetId, file.relativePath)) this.touchedSeries.add(seriesId);
    this.read++;
    if ('problem' in file) return this.problem(file, file.problem.kind, file.problem.message, 'problem');
    const header: DicomHeader = file.header;
    const nonImage = nonImageReason(header);
    if (nonImage) return this.problem(file, 'non-image', nonImage, 'non-image');
    const frames = header.numberOfFrames ?? 1;
    if ((header.rows ?? 0) > 16384 || (header.columns ?? 0) > 16384 || (header.rows ?? 0) * (header.columns ?? 0) * frames > MAX_PIXELS) {
      return this.problem(
        file,
        'huge-dimensions',
        `declared size ${header.rows}x${header.columns}x${frames} is implausibly large`,
        'problem',
      );
    }
    const ids = this.kaggle ? kaggleIdsOfPath(file.relativePath) : undefined;
    const studyKey = ids?.studyId ?? header.studyInstanceUid;
    const seriesKey = ids?.seriesId ?? header.seriesInstanceUid;
    if (!studyKey || !seriesKey) {
      return this.problem(file, 'bad-encoding', 'no StudyInstanceUID/SeriesInstanceUID and not in the Kaggle layout', 'problem');
    }
    let studyId = this.studyIds.get(studyKey);
    studyId ??= this.repo.ensureStudy(this.datasetId, studyKey, {
      study_uid: orNull(header.studyInstanceUid),
      kaggle_id: ids?.studyId ?? null,
      patient_name: orNull(header.patientName),
      patient_id: orNull(header.patientId),
      study_date: orNull(header.studyDate),
      description: orNull(header.studyDescription),
    });
    this.studyIds.set(studyKey, studyId);
    const seriesCacheKey = `${studyId}/${seriesKey}`;
    let seriesId = this.seriesIds.get(seriesCacheKey);
    seriesId ??= this.repo.ensureSeries(studyId, seriesKey, {
      series_uid: orNull(header.seriesInstanceUid),
      kaggle_id: ids?.seriesId ?? null,
      modality: orNull(header.modality),
      description: orNull(header.seriesDescription),
      series_number: orNull(header.seriesNumber),
      frame_of_reference_uid: orNull(header.frameOfReferenceUid),
      image_type: header.imageType ? header.imageType.join('\\') : null,
      scanning_sequence: header.scanningSequence ? header.scanningSequence.join('\\') : null,
    });
    this.seriesIds.set(seriesCacheKey, seriesId);
    for (let frame = 0; frame < frames; frame++) {
      this.repo.upsertInstance(seriesId, instanceFields(file.relativePath, header, ids?.instanceNumber, frame));
    }
    this.touchedSeries.add(seriesId);
    this.repo.recordFile({
      dataset_id: this.datasetId,
      path: file.relativePath,
      size: file.size,
      mtime_ms: file.mtimeMs,
      status: 'indexed',
      reason: isViewerDecodable(header.transferSyntaxUid) ? null : `viewer cannot decode ${transferSyntaxName(header.transferSyntaxUid)}`,
      problem_kind: isViewerDecodable(header.transferSyntaxUid) ? null : 'undecodable',
    });
    if (!isViewerDecodable(header.transferSyntaxUid)) {
      this.problems.push({
        path: file.relativePath,
        kind: 'undecodable',
        reason: `indexed, but the viewer cannot decode ${transferSyntaxName(header.transferSyntaxUid)}`,
      });
    }
    if (!header.hasFileMeta)
      this.problems.push({ path: file.relativePath, kind: 'no-file-meta', reason: 'indexed without DICOM file meta (no preamble/DICM)' });
  }

  /** Order slices by geometry, type the series, and record warnings. */
  finishSeries(seriesId: number): void {
    const series = this.repo.seriesById(seriesId);
    if (!series) return;
    const instances = this.repo.seriesGeometry(seriesId);
    if (instances.length === 0) return;
    const warnings: string[] = [];
    const first = instances.find((i) => i.iop !== null && i.ipp !== null) ?? instances[0]!;
    const iop = first.iop ? (JSON.parse(first.iop) as SlicePlane['iop']) : undefined;
    const normal = iop ? sliceNormal(iop) : undefined;
    let missingGeometry = 0;
    const orientations = new Set<string>();
    const matrices = new Set<string>();
    const undecodable = new Map<string, number>();
    let multiFrame = false;
    for (const instance of instances) {
      if (instance.frame > 0) multiFrame = true;
      if (instance.transfer_syntax && !isViewerDecodable(instance.transfer_syntax)) {
        undecodable.set(instance.transfer_syntax, (undecodable.get(instance.transfer_syntax) ?? 0) + 1);
      }
      matrices.add(`${instance.rows}x${instance.columns}`);
      if (instance.iop) orientations.add(instance.iop);
      // Usually already right: computed at insert from the slice's own orientation, which is the series'.
      const location = normal && instance.ipp ? dot(JSON.parse(instance.ipp) as Vec3, normal) : null;
      if (location === null) missingGeometry++;
      if (location !== instance.slice_location) this.repo.setSliceLocation(instance.id, location);
    }
    if (missingGeometry > 0)
      warnings.push(`${missingGeometry} of ${instances.length} slices lack geometry (IPP/IOP): ordered by instance number`);
    if (matrices.size > 1) warnings.push(`mixed matrix sizes: ${[...matrices].join(', ')}`);
    if (orientations.size > 1) warnings.push(`${orientations.size} different slice orientations`);
    for (const [syntax, count] of undecodable)
      warnings.push(`${count} images in ${transferSyntaxName(syntax)}, which the viewer cannot decode`);
    if (multiFrame && missingGeometry > 0) warnings.push('multi-frame images without per-frame geometry (functional groups)');
    const study = this.repo.studyById(series.study_id);
    const typing = classifySeries({
      description: series.description ?? undefined,
      modality: series.modality ?? undefined,
      iop,
      repetitionTime: first.repetition_time ?? undefined,
      echoTime: first.echo_time ?? undefined,
      inversionTime: first.inversion_time ?? undefined,
      imageType: series.image_type?.split('\\'),
      scanningSequence: series.scanning_sequence?.split('\\'),
      kaggleDescription: study ? this.descriptions.get(`${study.study_key}/${series.series_key}`) : undefined,
    });
    this.repo.setSeriesTyping(seriesId, typing.type, typing.reason, warnings);
  }
}

/** Import (or re-import) the folder `folder` into the index. */
export async function importDataset(db: Db, folder: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const root = path.resolve(imagesRootOf(path.resolve(folder)));
  const repo = createIndexRepository(db);
  const { descriptions, problem: csvProblem } = readSeriesDescriptions(root);
  let dataset = repo.datasetByRoot(root);
  const datasetId = dataset?.id ?? repo.createDataset(root, path.basename(path.resolve(folder)), 'dicom', options.isDemo ?? false);
  const known = repo.fileStates(datasetId);
  const batchSize = options.batchSize ?? 250;

  options.onProgress?.({ phase: 'scanning', filesSeen: 0, filesRead: 0 });
  const files: string[] = [];
  for (const file of walkFiles(root)) {
    files.push(file);
    if (files.length % 2000 === 0) {
      options.onProgress?.({ phase: 'scanning', filesSeen: files.length, filesRead: 0 });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const kaggleFiles = files.filter((f) => kaggleIdsOfPath(f)).length;
  const kaggle = files.length > 0 && kaggleFiles >= files.filter((f) => f.toLowerCase().endsWith('.dcm')).length * 0.9 && kaggleFiles > 0;
  repo.setDatasetLayout(datasetId, kaggle ? 'kaggle' : 'dicom');
  dataset = repo.datasetById(datasetId)!;

  const importer = new Importer(db, datasetId, kaggle, descriptions);
  if (csvProblem) importer.problems.push({ path: 'train_series_descriptions.csv', kind: 'bad-encoding', reason: csvProblem });
  // Only files known from an earlier import are looked at (stat) before reading: new ones are read anyway.
  const toRead = files.filter((f) => {
    const state = known.get(f);
    if (!state || state.status === 'missing') return true;
    const now = fileState(path.join(root, f));
    const unchanged = now && state.size === now.size && state.mtime_ms === now.mtimeMs;
    if (unchanged) importer.skipped++;
    return !unchanged;
  });
  // Previously reported problems of unchanged files stay in the summary.
  // (A first import knows no files: no sets of every path then, which would grow memory with the dataset.)
  const presentPaths = new Set(known.size > 0 ? files : []);
  const rereadPaths = new Set(known.size > 0 ? toRead : []);
  const unchangedProblems = repo.problems(datasetId).filter((p) => presentPaths.has(p.path) && !rereadPaths.has(p.path));

  let cancelled = false;
  for (let i = 0; i < toRead.length; i += batchSize) {
    if (options.signal?.aborted) {
      cancelled = true;
      break;
    }
    const batch = toRead.slice(i, i + batchSize);
    db.transaction(() => {
      for (const file of batch) importer.indexFile(readHeaderAt(root, file), known.has(file));
    })();
    options.onProgress?.({ phase: 'indexing', filesSeen: files.length, filesRead: importer.read, currentPath: batch.at(-1) });
    await new Promise((resolve) => setImmediate(resolve));
  }

  options.onProgress?.({ phase: 'finishing', filesSeen: files.length, filesRead: importer.read });
  let missing = 0;
  db.transaction(() => {
    if (!cancelled) {
      for (const [filePath, state] of known) {
        if (presentPaths.has(filePath) || state.status === 'missing') continue;
        missing++;
        for (const seriesId of repo.forgetFile(datasetId, filePath)) importer.touchedSeries.add(seriesId);
        repo.recordFile({
          dataset_id: datasetId,
          path: filePath,
          size: state.size,
          mtime_ms: state.mtime_ms,
          status: 'missing',
          reason: 'file no longer on disk',
          problem_kind: 'missing',
        });
      }
    }
    for (const seriesId of importer.touchedSeries) importer.finishSeries(seriesId);
    // A changed train_series_descriptions.csv re-types every series even when no file changed.
    if (importer.touchedSeries.size === 0 && descriptions.size > 0) {
      for (const study of repo.studies().filter((s) => s.dataset_id === datasetId)) {
        for (const series of repo.seriesOfStudy(study.id)) importer.finishSeries(series.id);
      }
    }
    repo.pruneEmpty();
    if (!cancelled) repo.touchDataset(datasetId);
  })();

  const counts = db
    .prepare<{ id: number }, { studies: number; series: number; instances: number }>(
      `SELECT (SELECT COUNT(*) FROM studies WHERE dataset_id = @id) AS studies,
              (SELECT COUNT(*) FROM series se JOIN studies st ON st.id = se.study_id WHERE st.dataset_id = @id) AS series,
              (SELECT COUNT(*) FROM instances i JOIN series se ON se.id = i.series_id JOIN studies st ON st.id = se.study_id WHERE st.dataset_id = @id) AS instances`,
    )
    .get({ id: datasetId })!;
  const problems = [
    ...unchangedProblems.map((p) => ({ path: p.path, kind: p.problem_kind as ImportProblem['kind'], reason: p.reason })),
    ...importer.problems,
  ];
  const problemsByKind: Record<string, number> = {};
  for (const p of problems) problemsByKind[p.kind] = (problemsByKind[p.kind] ?? 0) + 1;
  options.onProgress?.({ phase: 'done', filesSeen: files.length, filesRead: importer.read });
  return {
    datasetId,
    root,
    layout: dataset.layout,
    ...counts,
    skipped: importer.skipped,
    read: importer.read,
    missing,
    problems,
    problemsByKind,
    cancelled,
    elapsedMs: performance.now() - started,
  };
}
