/**
 * train_series_descriptions.csv: one row per series, `study_id,series_id,series_description`, the
 * description exactly `Sagittal T1`, `Sagittal T2/STIR` or `Axial T2`.
 *
 * Writer invariants: exact header, LF, no BOM, rows sorted by study_id then series_id (numeric); a
 * (study, series) pair appears once. The parser is all-or-nothing and locates every error.
 */
import { SERIES_TYPES } from '../domain/protocol.js';
import { MAX_ERRORS, joinLines, tokenizeCsv } from './csv.js';
import { issue, type KaggleIssue, type Parsed } from './issues.js';
import { FILE_NAMES, SERIES_DESCRIPTIONS_HEADER, type KaggleSeriesDescription } from './model.js';
import { compareIds, isDecimalId } from './numbers.js';

/** One train_series_descriptions.csv row. */
export interface SeriesDescriptionRow {
  readonly studyId: string;
  readonly seriesId: string;
  readonly description: KaggleSeriesDescription;
}

/** A parsed row with where it came from. */
export interface LocatedSeriesDescriptionRow extends SeriesDescriptionRow {
  readonly line: number;
  readonly columns: readonly number[];
}

export const DESCRIPTION_HINT = `expected ${SERIES_TYPES.slice(0, -1).join(', ')} or ${SERIES_TYPES[SERIES_TYPES.length - 1]}`;

/** True for the three descriptions the file allows. */
export function isSeriesDescription(text: string): text is KaggleSeriesDescription {
  return (SERIES_TYPES as readonly string[]).includes(text);
}

/** The file order of series rows. */
export function compareSeriesRows(a: SeriesDescriptionRow, b: SeriesDescriptionRow): number {
  return compareIds(a.studyId, b.studyId) || compareIds(a.seriesId, b.seriesId);
}

/** Writes train_series_descriptions.csv from rows in any order. Throws on invalid ids or duplicates. */
export function writeSeriesDescriptionsCsv(rows: readonly SeriesDescriptionRow[]): string {
  const sorted = [...rows].sort(compareSeriesRows);
  const lines: string[] = [SERIES_DESCRIPTIONS_HEADER.join(',')];
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    if (!isDecimalId(r.studyId) || !isDecimalId(r.seriesId)) {
      throw new RangeError(`invalid ids in series row ${r.studyId}/${r.seriesId}`);
    }
    if (!isSeriesDescription(r.description)) throw new RangeError(`unknown series description "${r.description}"`);
    if (i > 0 && compareSeriesRows(sorted[i - 1]!, r) === 0) {
      throw new RangeError(`duplicate series row ${r.studyId}/${r.seriesId}`);
    }
    lines.push(`${r.studyId},${r.seriesId},${r.description}`);
  }
  return joinLines(lines);
}

/** Parses train_series_descriptions.csv (LF or CRLF, optional BOM) into located rows in file order. */
export function parseSeriesDescriptionsCsv(
  text: string,
  file: string = FILE_NAMES.seriesDescriptions,
): Parsed<LocatedSeriesDescriptionRow[]> {
  const table = tokenizeCsv(text, file, SERIES_DESCRIPTIONS_HEADER);
  if (!table.ok) return table;
  const errors: KaggleIssue[] = [];
  const rows: LocatedSeriesDescriptionRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { fields, columns, line } of table.value.records) {
    if (errors.length >= MAX_ERRORS) break;
    const before = errors.length;
    const [studyId, seriesId, description] = fields as [string, string, string];
    if (!isDecimalId(studyId)) errors.push(issue(file, line, columns[0]!, `study_id "${studyId}" is not a decimal integer`));
    if (!isDecimalId(seriesId)) errors.push(issue(file, line, columns[1]!, `series_id "${seriesId}" is not a decimal integer`));
    if (!isSeriesDescription(description)) {
      errors.push(issue(file, line, columns[2]!, `unknown series_description "${description}" (${DESCRIPTION_HINT})`));
    }
    if (errors.length > before) continue;
    const key = `${studyId}/${seriesId}`;
    const first = firstLine.get(key);
    if (first !== undefined) {
      errors.push(issue(file, line, 1, `duplicate row for study ${studyId}, series ${seriesId} (first on line ${first})`));
      continue;
    }
    firstLine.set(key, line);
    rows.push({ studyId, seriesId, description: description as KaggleSeriesDescription, line, columns });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: rows };
}
