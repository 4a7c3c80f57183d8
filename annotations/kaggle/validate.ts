/**
 * Validation of a set of Kaggle label files, optionally against the images they refer to.
 *
 * Errors (the files are wrong or would be refused by import): a missing or unreadable file, a wrong header,
 * any string that is not exact, bad numbers or ids, duplicate rows, wrong field counts, a coordinate or
 * series row for a study without a train.csv row; with an image index: an unknown study, series or
 * instance, a point outside its image (x outside [0, columns] or y outside [0, rows]).
 * Warnings (legal but suspicious): rows out of the writers' order, numbers not written the canonical way
 * (`261` instead of `261.0`), a labelled cell without a point, a point for an empty cell, a second point for
 * one label, a point on a series missing from train_series_descriptions.csv, a study without series rows,
 * a condition on an unusual series type (USUAL_SERIES_TYPE), a description the images contradict.
 * Each kind of issue is reported at most MAX_PER_KIND times, then once more as a count.
 * Pure: the index is a synchronous lookup supplied by the caller. Issues are sorted by file, line, column.
 */
import { USUAL_SERIES_TYPE, columnName, type SeriesType } from '../domain/protocol.js';
import { compareCoordinateRows, parseCoordinatesCsv, type LocatedCoordinateRow } from './coordinates-csv.js';
import { issue, sortIssues, type KaggleIssue } from './issues.js';
import { FILE_NAMES, TRAIN_COLUMNS, labelOfColumn, type KaggleFiles } from './model.js';
import { compareIds, formatFloat, isCanonicalFloat } from './numbers.js';
import { compareSeriesRows, parseSeriesDescriptionsCsv, type LocatedSeriesDescriptionRow } from './series-descriptions-csv.js';
import { parseTrainCsv, type LocatedTrainRow } from './train-csv.js';

/** What validation may ask about the images (all lookups synchronous). */
export interface ImageIndex {
  hasStudy(studyId: string): boolean;
  hasSeries(studyId: string, seriesId: string): boolean;
  /** Image size of an instance, undefined when it does not exist; non-finite sizes skip the bounds check. */
  instance(studyId: string, seriesId: string, instanceNumber: number): { rows: number; columns: number } | undefined;
  seriesType?(studyId: string, seriesId: string): SeriesType | undefined;
}

export interface ValidationResult {
  readonly errors: KaggleIssue[];
  readonly warnings: KaggleIssue[];
}

/** Most issues of one kind reported one by one. */
export const MAX_PER_KIND = 50;

class Collector {
  private readonly counts = new Map<string, { n: number; file: string }>();
  readonly list: KaggleIssue[] = [];
  add(kind: string, item: KaggleIssue): void {
    const entry = this.counts.get(kind) ?? { n: 0, file: item.file };
    entry.n += 1;
    this.counts.set(kind, entry);
    if (entry.n <= MAX_PER_KIND) this.list.push(item);
  }
  finish(): KaggleIssue[] {
    for (const [kind, { n, file }] of this.counts) {
      if (n > MAX_PER_KIND) this.list.push(issue(file, 1, 1, `${n - MAX_PER_KIND} more: ${kind}`));
    }
    return sortIssues(this.list);
  }
}

function firstUnsorted<T extends { line: number }>(rows: readonly T[], compare: (a: T, b: T) => number): T | undefined {
  for (let i = 1; i < rows.length; i++) if (compare(rows[i - 1]!, rows[i]!) > 0) return rows[i];
  return undefined;
}

/** Validates the files that are present (a missing one is an error), against the images when indexed. */
export function validateKaggleFiles(files: Partial<KaggleFiles>, index?: ImageIndex): ValidationResult {
  const errors = new Collector();
  const warnings = new Collector();
  const parse = <T>(
    key: keyof KaggleFiles,
    parser: (text: string, file: string) => { ok: true; value: T } | { ok: false; errors: KaggleIssue[] },
  ): T | undefined => {
    const text = files[key];
    const file = FILE_NAMES[key];
    if (text === undefined) {
      errors.add(`missing file ${file}`, issue(file, 1, 1, 'file is missing'));
      return undefined;
    }
    const parsed = parser(text, file);
    if (!parsed.ok) {
      for (const e of parsed.errors) errors.add(`${file} format`, e);
      return undefined;
    }
    return parsed.value;
  };
  const train = parse<LocatedTrainRow[]>('train', parseTrainCsv);
  const coordinates = parse<LocatedCoordinateRow[]>('coordinates', parseCoordinatesCsv);
  const series = parse<LocatedSeriesDescriptionRow[]>('seriesDescriptions', parseSeriesDescriptionsCsv);

  // Order and canonical numbers.
  const unsorted = (file: string, row: { line: number } | undefined, order: string): void => {
    if (row)
      warnings.add(
        `${file} order`,
        issue(file, row.line, 1, `rows are not sorted by ${order} (first out of order here); export writes them sorted`),
      );
  };
  if (train)
    unsorted(
      FILE_NAMES.train,
      firstUnsorted(train, (a, b) => compareIds(a.studyId, b.studyId)),
      'study_id',
    );
  if (coordinates) {
    unsorted(
      FILE_NAMES.coordinates,
      firstUnsorted(coordinates, compareCoordinateRows),
      'study_id, series_id, instance_number, condition, level',
    );
    for (const row of coordinates) {
      for (const [text, value, at, name] of [
        [row.xText, row.x, 5, 'x'],
        [row.yText, row.y, 6, 'y'],
      ] as const) {
        if (!isCanonicalFloat(text)) {
          warnings.add(
            'non-canonical number',
            issue(
              FILE_NAMES.coordinates,
              row.line,
              row.columns[at]!,
              `${name} "${text}" is not written the canonical way ("${formatFloat(value)}"); export rewrites it`,
            ),
          );
        }
      }
    }
  }
  if (series) unsorted(FILE_NAMES.seriesDescriptions, firstUnsorted(series, compareSeriesRows), 'study_id, series_id');

  // Cross-file consistency.
  const trainById = new Map((train ?? []).map((r) => [r.studyId, r]));
  const descriptions = new Map((series ?? []).map((r) => [`${r.studyId}/${r.seriesId}`, r.description]));
  const studiesWithSeries = new Set((series ?? []).map((r) => r.studyId));
  if (train) {
    for (const row of coordinates ?? []) {
      if (!trainById.has(row.studyId))
        errors.add(
          'study without train.csv row',
          issue(FILE_NAMES.coordinates, row.line, 1, `study ${row.studyId} has no row in ${FILE_NAMES.train}`),
        );
    }
    for (const row of series ?? []) {
      if (!trainById.has(row.studyId))
        errors.add(
          'study without train.csv row',
          issue(FILE_NAMES.seriesDescriptions, row.line, 1, `study ${row.studyId} has no row in ${FILE_NAMES.train}`),
        );
    }
    if (series) {
      for (const row of train) {
        if (!studiesWithSeries.has(row.studyId))
          warnings.add(
            'study without series',
            issue(FILE_NAMES.train, row.line, 1, `study ${row.studyId} has no series in ${FILE_NAMES.seriesDescriptions}`),
          );
      }
    }
  }
  if (train && coordinates) {
    const pointed = new Map<string, LocatedCoordinateRow>();
    for (const row of coordinates) {
      const label = `${row.condition} ${row.level}`;
      const key = `${row.studyId}/${label}`;
      const first = pointed.get(key);
      if (first) {
        warnings.add(
          'second point',
          issue(
            FILE_NAMES.coordinates,
            row.line,
            row.columns[3]!,
            `second point for ${label} of study ${row.studyId} (first on line ${first.line})`,
          ),
        );
      } else {
        pointed.set(key, row);
      }
      const study = trainById.get(row.studyId);
      const column = columnName(row);
      if (study && (study.grades.get(column) ?? null) === null) {
        warnings.add(
          'point without grade',
          issue(
            FILE_NAMES.coordinates,
            row.line,
            row.columns[3]!,
            `point for ${label} but ${column} of study ${row.studyId} is empty in ${FILE_NAMES.train}`,
          ),
        );
      }
    }
    for (const row of train) {
      TRAIN_COLUMNS.forEach((column, i) => {
        const grade = row.grades.get(column) ?? null;
        const { condition, level } = labelOfColumn(column)!;
        if (grade !== null && !pointed.has(`${row.studyId}/${condition} ${level}`)) {
          warnings.add(
            'grade without point',
            issue(
              FILE_NAMES.train,
              row.line,
              row.columns[i + 1]!,
              `${column} of study ${row.studyId} is graded ${grade} but has no point in ${FILE_NAMES.coordinates}`,
            ),
          );
        }
      });
    }
  }
  for (const row of coordinates ?? []) {
    const described = descriptions.get(`${row.studyId}/${row.seriesId}`);
    if (series && described === undefined) {
      warnings.add(
        'series not described',
        issue(
          FILE_NAMES.coordinates,
          row.line,
          row.columns[1]!,
          `series ${row.seriesId} of study ${row.studyId} is not in ${FILE_NAMES.seriesDescriptions}`,
        ),
      );
    }
    const type = described ?? index?.seriesType?.(row.studyId, row.seriesId);
    const usual = USUAL_SERIES_TYPE[row.condition];
    if (type !== undefined && type !== usual) {
      warnings.add(
        'unusual series type',
        issue(FILE_NAMES.coordinates, row.line, row.columns[1]!, `${row.condition} on a ${type} series (usually ${usual})`),
      );
    }
  }
  if (index) checkAgainstImages(index, train, coordinates, series, errors, warnings);
  return { errors: errors.finish(), warnings: warnings.finish() };
}

function checkAgainstImages(
  index: ImageIndex,
  train: readonly LocatedTrainRow[] | undefined,
  coordinates: readonly LocatedCoordinateRow[] | undefined,
  series: readonly LocatedSeriesDescriptionRow[] | undefined,
  errors: Collector,
  warnings: Collector,
): void {
  const reported = new Set<string>();
  const study = (file: string, line: number, column: number, studyId: string): boolean => {
    if (index.hasStudy(studyId)) return true;
    if (!reported.has(`${file}/${studyId}`))
      errors.add('unknown study', issue(file, line, column, `study ${studyId} is not among the images`));
    reported.add(`${file}/${studyId}`);
    return false;
  };
  for (const row of train ?? []) study(FILE_NAMES.train, row.line, 1, row.studyId);
  for (const row of series ?? []) {
    if (!study(FILE_NAMES.seriesDescriptions, row.line, row.columns[0]!, row.studyId)) continue;
    if (!index.hasSeries(row.studyId, row.seriesId)) {
      errors.add(
        'unknown series',
        issue(
          FILE_NAMES.seriesDescriptions,
          row.line,
          row.columns[1]!,
          `series ${row.seriesId} of study ${row.studyId} is not among the images`,
        ),
      );
      continue;
    }
    const type = index.seriesType?.(row.studyId, row.seriesId);
    if (type !== undefined && type !== row.description) {
      warnings.add(
        'description contradicted',
        issue(FILE_NAMES.seriesDescriptions, row.line, row.columns[2]!, `described as ${row.description} but the images say ${type}`),
      );
    }
  }
  for (const row of coordinates ?? []) {
    const file = FILE_NAMES.coordinates;
    if (!study(file, row.line, row.columns[0]!, row.studyId)) continue;
    if (!index.hasSeries(row.studyId, row.seriesId)) {
      errors.add(
        'unknown series',
        issue(file, row.line, row.columns[1]!, `series ${row.seriesId} of study ${row.studyId} is not among the images`),
      );
      continue;
    }
    const size = index.instance(row.studyId, row.seriesId, row.instanceNumber);
    if (!size) {
      errors.add(
        'unknown instance',
        issue(file, row.line, row.columns[2]!, `instance ${row.instanceNumber} of series ${row.seriesId} is not among the images`),
      );
      continue;
    }
    const { rows, columns } = size;
    if (!Number.isFinite(rows) || !Number.isFinite(columns)) continue;
    const badX = row.x < 0 || row.x > columns;
    const badY = row.y < 0 || row.y > rows;
    if (badX || badY) {
      errors.add(
        'outside image',
        issue(
          file,
          row.line,
          row.columns[badX ? 5 : 6]!,
          `point (${row.xText}, ${row.yText}) is outside the ${columns}x${rows} image (columns x rows)`,
        ),
      );
    }
  }
}
