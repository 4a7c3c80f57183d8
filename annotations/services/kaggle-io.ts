/**
 * The Kaggle files of the app's own grades: building a label set from the database (one reader, a
 * consensus of all readers, or the adjudicated final labels), writing it (optionally with the `train_images/` tree), and importing a set
 * of files as a named reader's grades.
 *
 * Invariants: ids are the Kaggle numeric ids when the data came in the Kaggle layout, else stable numbers
 * derived from the UIDs (listed in `id_map.csv`); an import writes everything or nothing, and never
 * invents a study or series the index does not have.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../storage/database.js';
import { createIndexRepository, type SeriesRow, type StudyRow } from '../storage/index-repository.js';
import { createGradingRepository, pointColumns, pointOfRow, type LabelRow } from '../storage/grading-repository.js';
import { columnName, CONDITION_LEVELS, SERIES_TYPES, USUAL_SERIES_TYPE, type Grade, type SeriesType } from '../domain/protocol.js';
import { ApiError } from '../contract/contract.js';
import { consensus, type ConsensusRule, type ConsensusTie } from '../kaggle/consensus.js';
import { exportKaggleFiles, type ExportSummary } from '../kaggle/export-files.js';
import { writeFilesAtomic } from '../kaggle/files.js';
import { FILE_NAMES, labelOfColumn, type KaggleLabelSet, type KaggleSeriesDescription, type KaggleStudy } from '../kaggle/model.js';
import { importKaggleDir } from '../kaggle/files.js';
import { formatIssue } from '../kaggle/issues.js';
import { createAdjudicationService } from './adjudication.js';

export type ExportSource =
  | { kind: 'reader'; name: string }
  | { kind: 'consensus'; rule: ConsensusRule }
  /** Adjudicated + auto-final labels; `partial` also exports studies with open disagreements (their final cells only). */
  | { kind: 'final'; partial?: boolean };

export function parseExportSource(text: string): ExportSource {
  if (text === 'final') return { kind: 'final' };
  if (text === 'final:partial') return { kind: 'final', partial: true };
  if (text === 'consensus' || text === 'consensus:majority') return { kind: 'consensus', rule: 'majority' };
  if (text === 'consensus:unanimous') return { kind: 'consensus', rule: 'unanimous' };
  if (text.startsWith('reader:') && text.length > 'reader:'.length) return { kind: 'reader', name: text.slice('reader:'.length) };
  throw new ApiError(
    'bad-request',
    `unknown source "${text}": use final, final:partial, reader:<name>, consensus (majority) or consensus:unanimous`,
  );
}

/** A stable 10-digit id for a UID (or any key), for data that did not come with Kaggle ids. */
export function derivedId(uid: string): string {
  const digest = createHash('sha256').update(uid).digest();
  return String((digest.readBigUInt64BE(0) % 9_000_000_000n) + 1_000_000_000n);
}

interface IdMapRow {
  kind: 'study' | 'series';
  id: string;
  uid: string;
}

const isDecimal = (s: string) => /^(0|[1-9]\d*)$/.test(s);

function studyIdOf(study: StudyRow): string {
  return study.kaggle_id ?? (isDecimal(study.study_key) ? study.study_key : derivedId(study.study_uid ?? study.study_key));
}
function seriesIdOf(series: SeriesRow): string {
  return series.kaggle_id ?? (isDecimal(series.series_key) ? series.series_key : derivedId(series.series_uid ?? series.series_key));
}
const effectiveType = (s: SeriesRow): SeriesType => s.type_override ?? s.type;

export function createKaggleIo(db: Db) {
  const index = createIndexRepository(db);
  const grading = createGradingRepository(db);

  /** Label-like rows of one study (a reader's labels, or final cells) as a Kaggle study, with its id-map rows. */
  function studyEntry(
    studyRowId: number,
    rows: ReadonlyArray<Pick<LabelRow, 'condition' | 'level' | 'grade' | 'series_id' | 'instance_number' | 'x' | 'y'>>,
    idMap: IdMapRow[],
  ): KaggleStudy | undefined {
    const study = index.studyById(studyRowId);
    if (!study) return undefined;
    const studyId = studyIdOf(study);
    if (!study.kaggle_id && studyId !== study.study_key)
      idMap.push({ kind: 'study', id: studyId, uid: study.study_uid ?? study.study_key });
    const seriesRows = index.seriesOfStudy(study.id);
    const seriesKaggleId = new Map(seriesRows.map((s) => [s.id, seriesIdOf(s)]));
    for (const s of seriesRows) {
      if (!s.kaggle_id && seriesKaggleId.get(s.id) !== s.series_key)
        idMap.push({ kind: 'series', id: seriesKaggleId.get(s.id)!, uid: s.series_uid ?? s.series_key });
    }
    const grades = new Map<string, Grade | null>();
    for (const l of rows)
      grades.set(columnName({ condition: l.condition as never, level: l.level as never }), (l.grade as Grade | null) ?? null);
    return {
      studyId,
      grades,
      points: rows.flatMap((l) => {
        const point = pointOfRow(l);
        return point
          ? [{ ...point, seriesId: seriesKaggleId.get(point.seriesId)!, condition: l.condition as never, level: l.level as never }]
          : [];
      }),
      series: seriesRows
        .filter((s) => (SERIES_TYPES as readonly string[]).includes(effectiveType(s)))
        .map((s) => ({ seriesId: seriesKaggleId.get(s.id)!, description: effectiveType(s) as KaggleSeriesDescription })),
    };
  }

  /** The label set of one reader: every study they have a read of or a label in. */
  function readerLabelSet(readerId: number): { set: KaggleLabelSet; idMap: IdMapRow[] } {
    const labels = grading.allLabels().filter((l) => l.reader_id === readerId);
    const studyIds = new Set([...grading.readsOfReader(readerId).map((r) => r.study_id), ...labels.map((l) => l.study_id)]);
    const idMap: IdMapRow[] = [];
    const studies: KaggleStudy[] = [];
    for (const studyRowId of studyIds) {
      const entry = studyEntry(
        studyRowId,
        labels.filter((l) => l.study_id === studyRowId),
        idMap,
      );
      if (entry) studies.push(entry);
    }
    return { set: { studies }, idMap };
  }

  /**
   * The final labels (auto-final and adjudicated cells): studies with an open disagreement are left out
   * (listed in `open`) unless `partial`, which exports their final cells only.
   */
  function finalLabelSet(partial: boolean): { set: KaggleLabelSet; idMap: IdMapRow[]; open: string[] } {
    const idMap: IdMapRow[] = [];
    const studies: KaggleStudy[] = [];
    const open: string[] = [];
    for (const a of createAdjudicationService(db).assessAll()) {
      if (a.final.open > 0) {
        open.push(a.studyKey);
        if (!partial) continue;
      }
      const rows = a.final.cells
        .filter((c) => c.status !== 'open')
        .map((c) => ({
          condition: c.condition,
          level: c.level,
          grade: c.grade,
          ...pointColumns(c.point),
        }));
      const entry = studyEntry(a.studyId, rows, idMap);
      if (entry) studies.push(entry);
    }
    return { set: { studies }, idMap, open };
  }

  function labelSetOf(source: ExportSource): { set: KaggleLabelSet; idMap: IdMapRow[]; ties: ConsensusTie[]; open: string[] } {
    const readers = grading.readers();
    if (source.kind === 'final') return { ...finalLabelSet(source.partial ?? false), ties: [] };
    if (source.kind === 'reader') {
      const reader = readers.find((r) => r.name.toLowerCase() === source.name.toLowerCase());
      if (!reader)
        throw new ApiError('not-found', `no reader named "${source.name}" (readers: ${readers.map((r) => r.name).join(', ') || 'none'})`);
      return { ...readerLabelSet(reader.id), ties: [], open: [] };
    }
    const perReader = readers.map((r) => readerLabelSet(r.id));
    const result = consensus(
      perReader.map((p) => p.set),
      source.rule,
    );
    const idMap = new Map(perReader.flatMap((p) => p.idMap).map((row) => [`${row.kind}/${row.id}`, row]));
    return { set: result.labelSet, idMap: [...idMap.values()], ties: [...result.ties], open: [] };
  }

  /** Hard-link (or copy) the images of the exported studies into `train_images/{study}/{series}/{n}.dcm`. */
  function writeImages(outDir: string, set: KaggleLabelSet): number {
    let count = 0;
    const exported = new Set(set.studies.map((s) => s.studyId));
    for (const study of index.studies()) {
      const studyId = studyIdOf(study);
      if (!exported.has(studyId)) continue;
      const root = index.datasetById(study.dataset_id)!.root;
      for (const series of index.seriesOfStudy(study.id)) {
        if (!(SERIES_TYPES as readonly string[]).includes(effectiveType(series))) continue;
        const dir = path.join(outDir, 'train_images', studyId, seriesIdOf(series));
        fs.mkdirSync(dir, { recursive: true });
        for (const instance of index.seriesInstances(series.id)) {
          if (instance.frame > 0 || instance.instance_number === null) continue;
          const target = path.join(dir, `${instance.instance_number}.dcm`);
          fs.rmSync(target, { force: true });
          try {
            fs.linkSync(path.join(root, instance.path), target);
          } catch {
            fs.copyFileSync(path.join(root, instance.path), target);
          }
          count++;
        }
      }
    }
    return count;
  }

  return {
    labelSetOf,

    async exportFiles(
      outDir: string,
      source: ExportSource,
      options: { images?: boolean } = {},
    ): Promise<{ summary: ExportSummary; ties: ConsensusTie[]; idMapRows: number; images: number; openStudies: string[] }> {
      const { set, idMap, ties, open } = labelSetOf(source);
      const { files, summary } = exportKaggleFiles(set);
      fs.mkdirSync(outDir, { recursive: true });
      const texts = [
        { name: FILE_NAMES.train, text: files.train },
        { name: FILE_NAMES.coordinates, text: files.coordinates },
        { name: FILE_NAMES.seriesDescriptions, text: files.seriesDescriptions },
      ];
      if (idMap.length > 0) {
        const rows = [...idMap].sort(
          (a, b) => a.kind.localeCompare(b.kind) || a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        );
        texts.push({ name: 'id_map.csv', text: ['kind,id,uid', ...rows.map((r) => `${r.kind},${r.id},${r.uid}`)].join('\n') + '\n' });
      }
      await writeFilesAtomic(outDir, texts);
      const images = options.images ? writeImages(outDir, set) : 0;
      return { summary, ties, idMapRows: idMap.length, images, openStudies: open };
    },

    /** Import the three files of `dir` as the grades of reader `readerName` (created if new). All or nothing. */
    async importFiles(dir: string, readerName: string): Promise<{ reader: string; studies: number; labels: number; points: number }> {
      const parsed = await importKaggleDir(dir);
      if (!parsed.ok) throw new ApiError('bad-request', parsed.errors.slice(0, 20).map(formatIssue).join('\n'));
      const studiesById = new Map(index.studies().map((s) => [studyIdOf(s), s]));
      const errors: string[] = [];
      const plan: Array<{
        study: StudyRow;
        rows: Array<{
          condition: string;
          level: string;
          grade: Grade | null;
          point: { seriesId: number; instanceNumber: number; x: number; y: number; override: boolean } | null;
        }>;
      }> = [];
      for (const kaggleStudy of parsed.value.studies) {
        const study = studiesById.get(kaggleStudy.studyId);
        if (!study) {
          errors.push(`study ${kaggleStudy.studyId} is not in the index (import its images first)`);
          continue;
        }
        const series = new Map(index.seriesOfStudy(study.id).map((s) => [seriesIdOf(s), s]));
        const rows = CONDITION_LEVELS.map((cl) => {
          const point = kaggleStudy.points.find((p) => p.condition === cl.condition && p.level === cl.level);
          const s = point ? series.get(point.seriesId) : undefined;
          if (point && !s) errors.push(`study ${kaggleStudy.studyId}: series ${point.seriesId} is not in the index`);
          return {
            condition: cl.condition,
            level: cl.level,
            grade: kaggleStudy.grades.get(columnName(cl)) ?? null,
            point:
              point && s
                ? {
                    seriesId: s.id,
                    instanceNumber: point.instanceNumber,
                    x: point.x,
                    y: point.y,
                    override: effectiveType(s) !== USUAL_SERIES_TYPE[cl.condition],
                  }
                : null,
          };
        }).filter((r) => r.grade !== null || r.point !== null);
        plan.push({ study, rows });
      }
      for (const column of [...new Set(parsed.value.studies.flatMap((s) => [...s.grades.keys()]))]) {
        if (!labelOfColumn(column)) errors.push(`unknown column ${column}`);
      }
      const existing = grading.readerByName(readerName);
      if (existing) {
        const graded = new Set(
          grading
            .allLabels()
            .filter((l) => l.reader_id === existing.id)
            .map((l) => l.study_id),
        );
        const overlap = plan.filter((p) => graded.has(p.study.id)).length;
        if (overlap > 0)
          errors.push(
            `reader "${existing.name}" already has grades for ${overlap} of these studies: import under a new reader name (nothing is overwritten)`,
          );
      }
      if (errors.length > 0)
        throw new ApiError(
          'bad-request',
          `nothing imported:\n${errors.slice(0, 20).join('\n')}${errors.length > 20 ? `\n… and ${errors.length - 20} more` : ''}`,
        );
      let labels = 0;
      let points = 0;
      db.transaction(() => {
        const readerId =
          existing?.id ??
          grading.createReader(
            readerName,
            readerName
              .replace(/[^A-Za-z]/g, '')
              .slice(0, 2)
              .toUpperCase() || 'IM',
            'reader',
          );
        for (const { study, rows } of plan) {
          grading.ensureRead(readerId, study.id);
          for (const row of rows) {
            grading.upsertLabel({
              reader_id: readerId,
              study_id: study.id,
              condition: row.condition,
              level: row.level,
              grade: row.grade,
              not_gradable: null,
              ...pointColumns(row.point),
              point_override: row.point?.override ? 1 : 0,
            });
            labels++;
            if (row.point) points++;
          }
          grading.assign(readerId, study.id);
          grading.appendEvent({
            reader_id: readerId,
            study_id: study.id,
            kind: 'import',
            target: dir,
            before: null,
            after: JSON.stringify({ labels: rows.length }),
            reverts: null,
          });
        }
      })();
      return { reader: readerName, studies: plan.length, labels, points };
    },
  };
}
