/**
 * train_label_coordinates.csv: one row per point, `study_id,series_id,instance_number,condition,level,x,y`.
 *
 * Writer invariants: exact header, LF, no BOM; rows ordered by study_id, series_id, instance_number
 * (numeric), then condition in train.csv order, then level; x, y written by `formatFloat` (Python repr,
 * e.g. `322.83185840707966`, `261.0`, `1e-07`). A row is identified by (study, series, instance,
 * condition, level): two rows with the same key are a duplicate (an error). The parser is all-or-nothing.
 */
import { CONDITIONS, LEVELS, isCondition, isLevel, type Condition, type Level } from '../domain/protocol.js';
import { AsciiSink, COMMA, LF, MAX_ERRORS, tokenizeCsv } from './csv.js';
import { issue, type KaggleIssue, type Parsed } from './issues.js';
import { COORDINATES_HEADER, FILE_NAMES } from './model.js';
import { compareIds, formatFloat, isDecimalId, parseFloatStrict, parseIndex } from './numbers.js';

/** One train_label_coordinates.csv row. */
export interface CoordinateRow {
  readonly studyId: string;
  readonly seriesId: string;
  readonly instanceNumber: number;
  readonly condition: Condition;
  readonly level: Level;
  readonly x: number;
  readonly y: number;
}

/** A parsed row with where it came from and the number texts as written. */
export interface LocatedCoordinateRow extends CoordinateRow {
  readonly line: number;
  /** Column of each of the 7 fields. */
  readonly columns: readonly number[];
  readonly xText: string;
  readonly yText: string;
}

const CONDITION_INDEX = new Map<string, number>(CONDITIONS.map((c, i) => [c, i]));
const LEVEL_INDEX = new Map<string, number>(LEVELS.map((l, i) => [l, i]));

export const CONDITION_HINT = `expected ${CONDITIONS.join(', ')}`;
export const LEVEL_HINT = `expected ${LEVELS.join(', ')}`;

/** The order of one study's points: series_id, instance_number (numeric), condition, level (protocol order). */
export function comparePoints(a: PointFields, b: PointFields): number {
  return (
    compareIds(a.seriesId, b.seriesId) ||
    a.instanceNumber - b.instanceNumber ||
    CONDITION_INDEX.get(a.condition)! - CONDITION_INDEX.get(b.condition)! ||
    LEVEL_INDEX.get(a.level)! - LEVEL_INDEX.get(b.level)!
  );
}

/** The file order of coordinate rows: study_id (numeric), then `comparePoints`. */
export function compareCoordinateRows(a: CoordinateRow, b: CoordinateRow): number {
  return compareIds(a.studyId, b.studyId) || comparePoints(a, b);
}

/** The identity of a row: two rows with equal keys are duplicates. */
export function coordinateKey(row: CoordinateRow): string {
  return `${row.studyId}/${row.seriesId}/${row.instanceNumber}/${row.condition}/${row.level}`;
}

/** The fields of a row other than its study. */
export type PointFields = Omit<CoordinateRow, 'studyId'>;

/**
 * Writes train_label_coordinates.csv from points grouped by study (groups and points in any order; a study
 * id may not repeat). Throws on invalid ids, non-finite x/y or duplicate rows. Sorting study by study
 * (a few dozen points each) is what makes export fast.
 */
export function writeCoordinatesCsvByStudy(
  groups: ReadonlyArray<{ readonly studyId: string; readonly points: readonly PointFields[] }>,
): string {
  const sortedGroups = [...groups].sort((a, b) => compareIds(a.studyId, b.studyId));
  let points = 0;
  for (const g of groups) points += g.points.length;
  const out = new AsciiSink(64 + points * 100); // a typical row is ~85 bytes
  out.text(COORDINATES_HEADER.join(','));
  out.byte(LF);
  let previousStudy: string | undefined;
  for (const { studyId, points } of sortedGroups) {
    if (!isDecimalId(studyId)) throw new RangeError(`study_id "${studyId}" is not a decimal integer`);
    if (studyId === previousStudy) throw new RangeError(`study ${studyId} given twice`);
    previousStudy = studyId;
    const sorted = [...points].sort(comparePoints);
    let checkedSeries = '';
    for (let i = 0; i < sorted.length; i++) {
      const p = sorted[i]!;
      if (p.seriesId !== checkedSeries) {
        if (!isDecimalId(p.seriesId)) throw new RangeError(`series_id "${p.seriesId}" is not a decimal integer`);
        checkedSeries = p.seriesId;
      }
      if (!Number.isSafeInteger(p.instanceNumber) || p.instanceNumber < 0) {
        throw new RangeError(`instance_number ${p.instanceNumber} is not a non-negative integer`);
      }
      if (i > 0 && comparePoints(sorted[i - 1]!, p) === 0) {
        throw new RangeError(`duplicate coordinate row ${coordinateKey({ ...p, studyId })}`);
      }
      out.text(studyId);
      out.byte(COMMA);
      out.text(p.seriesId);
      out.byte(COMMA);
      out.text(String(p.instanceNumber));
      out.byte(COMMA);
      out.text(p.condition);
      out.byte(COMMA);
      out.text(p.level);
      out.byte(COMMA);
      out.text(formatFloat(p.x));
      out.byte(COMMA);
      out.text(formatFloat(p.y));
      out.byte(LF);
    }
  }
  return out.toString();
}

/** Writes train_label_coordinates.csv from rows in any order. Throws on invalid ids, non-finite x/y, duplicates. */
export function writeCoordinatesCsv(rows: readonly CoordinateRow[]): string {
  const groups = new Map<string, CoordinateRow[]>();
  for (const row of rows) {
    const group = groups.get(row.studyId);
    if (group) group.push(row);
    else groups.set(row.studyId, [row]);
  }
  return writeCoordinatesCsvByStudy([...groups].map(([studyId, points]) => ({ studyId, points })));
}

/** Parses train_label_coordinates.csv (LF or CRLF, optional BOM) into located rows in file order. */
export function parseCoordinatesCsv(text: string, file: string = FILE_NAMES.coordinates): Parsed<LocatedCoordinateRow[]> {
  const table = tokenizeCsv(text, file, COORDINATES_HEADER);
  if (!table.ok) return table;
  const errors: KaggleIssue[] = [];
  const rows: LocatedCoordinateRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { fields, columns, line } of table.value.records) {
    if (errors.length >= MAX_ERRORS) break;
    const before = errors.length;
    const at = (i: number, message: string): void => void errors.push(issue(file, line, columns[i]!, message));
    const [studyId, seriesId, instanceText, condition, level, xText, yText] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!isDecimalId(studyId)) at(0, `study_id "${studyId}" is not a decimal integer`);
    if (!isDecimalId(seriesId)) at(1, `series_id "${seriesId}" is not a decimal integer`);
    const instanceNumber = parseIndex(instanceText);
    if (instanceNumber === undefined) at(2, `instance_number "${instanceText}" is not a decimal integer`);
    if (!isCondition(condition)) at(3, `unknown condition "${condition}" (${CONDITION_HINT})`);
    if (!isLevel(level)) at(4, `unknown level "${level}" (${LEVEL_HINT})`);
    const x = parseFloatStrict(xText);
    if (x === undefined) at(5, `x "${xText}" is not a finite decimal number`);
    const y = parseFloatStrict(yText);
    if (y === undefined) at(6, `y "${yText}" is not a finite decimal number`);
    if (errors.length > before) continue;
    const row: LocatedCoordinateRow = {
      studyId,
      seriesId,
      instanceNumber: instanceNumber!,
      condition: condition as Condition,
      level: level as Level,
      x: x!,
      y: y!,
      line,
      columns,
      xText,
      yText,
    };
    const key = coordinateKey(row);
    const first = firstLine.get(key);
    if (first !== undefined) {
      at(
        0,
        `duplicate row for study ${studyId}, series ${seriesId}, instance ${instanceNumber}, ${condition} ${level} (first on line ${first})`,
      );
      continue;
    }
    firstLine.set(key, line);
    rows.push(row);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: rows };
}
