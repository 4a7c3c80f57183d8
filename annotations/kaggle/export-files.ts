/**
 * Export: a label set (one reader or a consensus) to the text of the three Kaggle files, with a summary.
 *
 * Invariants: pure (no I/O). A study is exported whole or left out whole, never partly: it is left out,
 * with every reason listed, when its id is not a decimal integer, an earlier study has the same id, a
 * grade key or value is unknown, a point has a bad series id / instance number / condition / level /
 * non-finite x or y, two points share (series, instance, condition, level), or a series id is bad or
 * repeated. With `omitUngraded`, a study with no grade and no point is left out too ("nothing graded").
 * Every other study gets a train.csv row, even with all 25 cells empty.
 */
import { CONDITIONS, GRADES, isCondition, isGrade, isLevel, type Condition, type Grade } from '../domain/protocol.js';
import { comparePoints, writeCoordinatesCsvByStudy } from './coordinates-csv.js';
import {
  FILE_NAMES,
  TRAIN_COLUMNS,
  labelOfColumn,
  type KaggleFiles,
  type KaggleLabelSet,
  type KaggleStudy,
  type KagglePoint,
} from './model.js';
import { isDecimalId } from './numbers.js';
import { isSeriesDescription, writeSeriesDescriptionsCsv, type SeriesDescriptionRow } from './series-descriptions-csv.js';
import { writeTrainCsv } from './train-csv.js';

export interface ExportOptions {
  /** Leave out studies with no grade and no point (default false: every valid study gets a row). */
  readonly omitUngraded?: boolean;
}

/** Grade counts of one condition over the exported studies (5 levels each). */
export type GradeCounts = Record<Grade | 'missing', number>;

export interface ExportSummary {
  /** Studies exported (= train.csv rows). */
  readonly studies: number;
  readonly rows: { readonly train: number; readonly coordinates: number; readonly seriesDescriptions: number };
  readonly gradeCounts: Readonly<Record<Condition, GradeCounts>>;
  /** Empty train.csv cells over all exported studies. */
  readonly missingCells: number;
  /** Studies not exported, in input order, with every reason. */
  readonly leftOut: ReadonlyArray<{ readonly studyId: string; readonly reasons: readonly string[] }>;
}

export interface ExportResult {
  readonly files: KaggleFiles;
  readonly summary: ExportSummary;
}

function pointName(p: KagglePoint): string {
  return `point ${p.condition} ${p.level}`;
}

/** Reasons a study cannot be exported (empty when it can). Written for speed: no allocation per valid point. */
export function studyProblems(study: KaggleStudy): string[] {
  const reasons: string[] = [];
  if (!isDecimalId(study.studyId)) reasons.push(`study id "${study.studyId}" is not a decimal integer`);
  for (const [column, grade] of study.grades) {
    if (!labelOfColumn(column)) reasons.push(`grade for unknown column "${column}"`);
    else if (grade !== null && !isGrade(grade)) reasons.push(`unknown grade "${String(grade)}" for ${column}`);
  }
  const seenSeries: string[] = [];
  for (const s of study.series) {
    if (!isDecimalId(s.seriesId)) reasons.push(`series id "${s.seriesId}" is not a decimal integer`);
    else if (seenSeries.includes(s.seriesId)) reasons.push(`series ${s.seriesId} listed twice`);
    if (!isSeriesDescription(s.description)) reasons.push(`unknown series description "${s.description}"`);
    seenSeries.push(s.seriesId);
  }
  let labelsKnown = true;
  let checkedSeries = '';
  for (const p of study.points) {
    if (!isCondition(p.condition) || !isLevel(p.level)) {
      reasons.push(`point with unknown condition or level "${p.condition}" "${p.level}"`);
      labelsKnown = false;
    }
    if (p.seriesId !== checkedSeries) {
      if (isDecimalId(p.seriesId)) checkedSeries = p.seriesId;
      else reasons.push(`${pointName(p)}: series id "${p.seriesId}" is not a decimal integer`);
    }
    if (!Number.isSafeInteger(p.instanceNumber) || p.instanceNumber < 0) {
      reasons.push(`${pointName(p)}: instance number ${p.instanceNumber} is not a non-negative integer`);
    }
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) reasons.push(`${pointName(p)}: x, y not finite (${p.x}, ${p.y})`);
  }
  if (!labelsKnown) return reasons;
  // Duplicates sit next to each other once sorted in file order (the writer sorts the same way).
  const sorted = [...study.points].sort(comparePoints);
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (comparePoints(sorted[i - 1]!, p) === 0) {
      reasons.push(`${pointName(p)}: two points on series ${p.seriesId} instance ${p.instanceNumber}`);
    }
  }
  return reasons;
}

function isGraded(study: KaggleStudy): boolean {
  if (study.points.length > 0) return true;
  for (const grade of study.grades.values()) if (grade !== null) return true;
  return false;
}

/** Condition index (in CONDITIONS) of each train.csv column, in column order. */
const CONDITION_OF_COLUMN: readonly number[] = TRAIN_COLUMNS.map((c) => CONDITIONS.indexOf(labelOfColumn(c)!.condition));
const GRADE_INDEX = new Map<Grade | null, number>([...GRADES.map((g, i) => [g, i] as const), [null, GRADES.length]]);

/** The three files and a summary for a label set. */
export function exportKaggleFiles(set: KaggleLabelSet, options: ExportOptions = {}): ExportResult {
  const trainRows: KaggleStudy[] = [];
  let coordinateRows = 0;
  const seriesRows: SeriesDescriptionRow[] = [];
  const leftOut: Array<{ studyId: string; reasons: string[] }> = [];
  const counts = CONDITIONS.map(() => [0, 0, 0, 0]); // per condition: Normal/Mild, Moderate, Severe, missing
  const exported = new Set<string>();
  let missingCells = 0;

  for (const study of set.studies) {
    const reasons = studyProblems(study);
    if (exported.has(study.studyId)) reasons.push('duplicate study id (an earlier study with this id was exported)');
    if (reasons.length === 0 && options.omitUngraded && !isGraded(study)) reasons.push('nothing graded (no grade, no point)');
    if (reasons.length > 0) {
      leftOut.push({ studyId: study.studyId, reasons });
      continue;
    }
    exported.add(study.studyId);
    trainRows.push(study);
    for (let i = 0; i < TRAIN_COLUMNS.length; i++) {
      const grade = study.grades.get(TRAIN_COLUMNS[i]!) ?? null;
      counts[CONDITION_OF_COLUMN[i]!]![GRADE_INDEX.get(grade)!]! += 1;
      if (grade === null) missingCells += 1;
    }
    coordinateRows += study.points.length;
    for (const s of study.series) seriesRows.push({ ...s, studyId: study.studyId });
  }

  const gradeCounts = {} as Record<Condition, GradeCounts>;
  CONDITIONS.forEach((c, i) => {
    const [normal, moderate, severe, missing] = counts[i]!;
    gradeCounts[c] = { 'Normal/Mild': normal!, Moderate: moderate!, Severe: severe!, missing: missing! };
  });
  const files: KaggleFiles = {
    train: writeTrainCsv(trainRows),
    coordinates: writeCoordinatesCsvByStudy(trainRows),
    seriesDescriptions: writeSeriesDescriptionsCsv(seriesRows),
  };
  return {
    files,
    summary: {
      studies: trainRows.length,
      rows: { train: trainRows.length, coordinates: coordinateRows, seriesDescriptions: seriesRows.length },
      gradeCounts,
      missingCells,
      leftOut,
    },
  };
}

/** A short human-readable report of an export. */
export function formatExportSummary(summary: ExportSummary): string {
  const lines = [
    `Exported ${summary.studies} ${summary.studies === 1 ? 'study' : 'studies'}: ` +
      `${FILE_NAMES.train} ${summary.rows.train} rows, ` +
      `${FILE_NAMES.coordinates} ${summary.rows.coordinates} rows, ` +
      `${FILE_NAMES.seriesDescriptions} ${summary.rows.seriesDescriptions} rows`,
    '',
    `${'condition'.padEnd(34)}${[...GRADES, 'missing'].map((g) => g.padStart(12)).join('')}`,
  ];
  for (const c of CONDITIONS) {
    const counts = summary.gradeCounts[c];
    lines.push(`${c.padEnd(34)}${[...GRADES, 'missing' as const].map((g) => String(counts[g]).padStart(12)).join('')}`);
  }
  lines.push('', `Missing cells: ${summary.missingCells} of ${summary.studies * TRAIN_COLUMNS.length}`);
  if (summary.leftOut.length > 0) {
    lines.push(`Left out ${summary.leftOut.length} ${summary.leftOut.length === 1 ? 'study' : 'studies'}:`);
    for (const s of summary.leftOut) lines.push(`  ${s.studyId}: ${s.reasons.join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}
