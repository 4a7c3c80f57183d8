/**
 * Submission files (`row_id,normal_mild,moderate,severe`): the strict reader the metric uses, and the
 * uniform sample submission for a train.csv.
 *
 * Reader invariants: the header holds `row_id` and the three probability columns exactly once each, in
 * any order, and nothing else; every value is a plain decimal (optional sign and exponent), finite and
 * non-negative; a row may not sum to 0 (it could not be renormalised); row_ids are unique. Errors carry
 * file:line:column. Sample submission: one block of 25 rows per study, studies in numeric order, rows of a
 * study in lexicographic row_id order (left_neural..., left_subarticular..., right_neural...,
 * right_subarticular..., spinal...), each probability `formatFloat(1/3)` (= 0.3333333333333333; the three
 * sum to exactly 1 in float64).
 */
import { MAX_ERRORS, joinLines, tokenizeCsv } from './csv.js';
import { issue, type KaggleIssue, type Parsed } from './issues.js';
import { FILE_NAMES, TRAIN_COLUMNS, type KaggleColumn } from './model.js';
import { compareIds, formatFloat } from './numbers.js';
import { parseTrainCsv } from './train-csv.js';

export const PROBABILITY_COLUMNS = ['normal_mild', 'moderate', 'severe'] as const;
export const SUBMISSION_HEADER: readonly string[] = ['row_id', ...PROBABILITY_COLUMNS];
export const SUBMISSION_FILE = 'submission.csv';

/** One submitted row: the three probabilities in normal_mild, moderate, severe order. */
export interface SubmissionRow {
  readonly rowId: string;
  readonly probabilities: readonly [number, number, number];
  readonly line: number;
}

/** The row_id of a study's label: `{study_id}_{train.csv column}`. */
export function rowId(studyId: string, column: KaggleColumn): string {
  return `${studyId}_${column}`;
}

/** The 25 train.csv columns in lexicographic order (the order of a study's rows in a submission). */
export const SUBMISSION_COLUMN_ORDER: readonly KaggleColumn[] = [...TRAIN_COLUMNS].sort();

const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

function parseProbability(text: string): number | string {
  if (NON_FINITE.test(text)) return `non-finite value "${text}"`;
  if (!NUMBER.test(text)) return text === '' ? 'empty value (expected a number)' : `non-numeric value "${text}"`;
  const value = Number(text);
  if (!Number.isFinite(value)) return `non-finite value "${text}"`;
  if (value < 0) return `negative value ${text}`;
  return value;
}

/** Reads a submission into rows keyed by row_id, or every error. */
export function parseSubmissionCsv(text: string, file: string = SUBMISSION_FILE): Parsed<Map<string, SubmissionRow>> {
  const position = new Map<string, number>();
  const table = tokenizeCsv(text, file, (header) => {
    const errors: KaggleIssue[] = [];
    header.fields.forEach((name, i) => {
      const at = header.columns[i]!;
      if (!SUBMISSION_HEADER.includes(name))
        errors.push(issue(file, 1, at, `extra column "${name}" (expected ${SUBMISSION_HEADER.join(',')})`));
      else if (position.has(name)) errors.push(issue(file, 1, at, `column "${name}" appears twice`));
      else position.set(name, i);
    });
    for (const name of SUBMISSION_HEADER) {
      if (!position.has(name)) errors.push(issue(file, 1, 1, `missing column "${name}" (expected ${SUBMISSION_HEADER.join(',')})`));
    }
    return errors;
  });
  if (!table.ok) return table;
  const { records } = table.value;
  const errors: KaggleIssue[] = [];
  const idAt = position.get('row_id')!;
  const valueAt = PROBABILITY_COLUMNS.map((c) => position.get(c)!);
  const rows = new Map<string, SubmissionRow>();
  for (const { fields, columns, line } of records) {
    if (errors.length >= MAX_ERRORS) break;
    const id = fields[idAt]!;
    const before = errors.length;
    if (id === '') errors.push(issue(file, line, columns[idAt]!, 'empty row_id'));
    const first = rows.get(id);
    if (first) errors.push(issue(file, line, columns[idAt]!, `duplicate row_id ${id} (first on line ${first.line})`));
    const values: number[] = [];
    for (const at of valueAt) {
      const parsed = parseProbability(fields[at]!);
      if (typeof parsed === 'string') errors.push(issue(file, line, columns[at]!, parsed));
      else values.push(parsed);
    }
    if (errors.length > before) continue;
    if (values[0]! + values[1]! + values[2]! === 0) {
      errors.push(issue(file, line, columns[valueAt[0]!]!, 'probabilities sum to 0 (the row cannot be renormalised)'));
      continue;
    }
    rows.set(id, { rowId: id, probabilities: [values[0]!, values[1]!, values[2]!], line });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: rows };
}

/** The uniform sample submission (1/3 each) for the studies of a train.csv. */
export function sampleSubmission(trainCsv: string, file: string = FILE_NAMES.train): Parsed<string> {
  const train = parseTrainCsv(trainCsv, file);
  if (!train.ok) return train;
  const third = formatFloat(1 / 3);
  const lines: string[] = [SUBMISSION_HEADER.join(',')];
  const studyIds = train.value.map((r) => r.studyId).sort(compareIds);
  for (const studyId of studyIds) {
    for (const column of SUBMISSION_COLUMN_ORDER) lines.push(`${rowId(studyId, column)},${third},${third},${third}`);
  }
  return { ok: true, value: joinLines(lines) };
}
