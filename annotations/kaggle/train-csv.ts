/**
 * train.csv: one row per study, `study_id` then the 25 label columns in protocol order, cells `Normal/Mild`,
 * `Moderate`, `Severe` or empty.
 *
 * Writer invariants: exact header, LF, no BOM, rows sorted by study_id (numeric), empty cell for a missing
 * grade (never `NaN`). The writer trusts its input (ids checked by export); it throws on an invalid id,
 * an unknown grade or a duplicate study. The parser is all-or-nothing and locates every error.
 */
import { GRADES, isGrade, type Grade } from '../domain/protocol.js';
import { AsciiSink, COMMA, LF, MAX_ERRORS, tokenizeCsv } from './csv.js';
import { issue, type KaggleIssue, type Parsed } from './issues.js';
import { FILE_NAMES, TRAIN_COLUMNS, TRAIN_HEADER, type KaggleColumn } from './model.js';
import { compareIds, isDecimalId } from './numbers.js';

/** One train.csv row: a study and its 25 grades (missing key or null = empty cell). */
export interface TrainRow {
  readonly studyId: string;
  readonly grades: ReadonlyMap<KaggleColumn, Grade | null>;
}

/** A parsed train.csv row with where it came from. */
export interface LocatedTrainRow extends TrainRow {
  readonly line: number;
  /** Column of each field (index 0 = study_id, 1..25 = TRAIN_COLUMNS). */
  readonly columns: readonly number[];
}

/** How error messages list the allowed grade cells. */
export const GRADE_HINT = `expected ${GRADES.join(', ')} or empty`;

/** Writes train.csv from rows in any order. */
export function writeTrainCsv(rows: readonly TrainRow[]): string {
  const sorted = [...rows].sort((a, b) => compareIds(a.studyId, b.studyId));
  const out = new AsciiSink(1024 + rows.length * 320); // 25 cells of up to 11 characters
  out.text(TRAIN_HEADER.join(','));
  out.byte(LF);
  let previous: string | undefined;
  for (const row of sorted) {
    if (!isDecimalId(row.studyId)) throw new RangeError(`study_id "${row.studyId}" is not a decimal integer`);
    if (row.studyId === previous) throw new RangeError(`duplicate study_id ${row.studyId}`);
    previous = row.studyId;
    out.text(row.studyId);
    for (const column of TRAIN_COLUMNS) {
      const grade = row.grades.get(column) ?? null;
      out.byte(COMMA);
      if (grade === null) continue;
      if (!isGrade(grade)) throw new RangeError(`unknown grade "${String(grade)}"`);
      out.text(grade);
    }
    out.byte(LF);
  }
  return out.toString();
}

/** Parses train.csv (LF or CRLF, optional BOM) into located rows in file order. */
export function parseTrainCsv(text: string, file: string = FILE_NAMES.train): Parsed<LocatedTrainRow[]> {
  const table = tokenizeCsv(text, file, TRAIN_HEADER);
  if (!table.ok) return table;
  const errors: KaggleIssue[] = [];
  const rows: LocatedTrainRow[] = [];
  const firstLine = new Map<string, number>();
  for (const record of table.value.records) {
    if (errors.length >= MAX_ERRORS) break;
    const { fields, columns, line } = record;
    const studyId = fields[0]!;
    let ok = true;
    if (!isDecimalId(studyId)) {
      errors.push(issue(file, line, 1, `study_id "${studyId}" is not a decimal integer`));
      ok = false;
    } else {
      const first = firstLine.get(studyId);
      if (first !== undefined) {
        errors.push(issue(file, line, 1, `duplicate study_id ${studyId} (first on line ${first})`));
        ok = false;
      } else {
        firstLine.set(studyId, line);
      }
    }
    const grades = new Map<KaggleColumn, Grade | null>();
    for (let i = 0; i < TRAIN_COLUMNS.length; i++) {
      const cell = fields[i + 1]!;
      if (cell === '') {
        grades.set(TRAIN_COLUMNS[i]!, null);
      } else if (isGrade(cell)) {
        grades.set(TRAIN_COLUMNS[i]!, cell);
      } else {
        errors.push(issue(file, line, columns[i + 1]!, `unknown grade "${cell}" (${GRADE_HINT})`));
        ok = false;
      }
    }
    if (ok) rows.push({ studyId, grades, line, columns });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: rows };
}
