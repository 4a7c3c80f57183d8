/**
 * The RSNA 2024 lumbar competition metric (lower is better), exactly as DOMAIN.md defines it.
 *
 * - Scored rows: one per labelled (study, column) of train.csv; empty cells are not scored but their
 *   row_ids must be submitted. Weights from the true grade: Normal/Mild 1, Moderate 2, Severe 4.
 * - Group g in {spinal, foraminal, subarticular}: each submitted row is renormalised to sum 1, then the
 *   true class probability clipped to [eps, 1 - eps] (eps = float64 machine epsilon);
 *   L_g = -sum w ln p / sum w.
 * - any_severe_spinal, per study with at least one scored spinal row: y = any scored level Severe,
 *   weight = max of its spinal weights, q = max over those rows of the raw (unrenormalised) `severe`
 *   value, clipped; L = -sum w [y ln q + (1 - y) ln(1 - q)] / sum w.
 * - score = mean of the four terms.
 * Empty groups (decision): a term with no scored rows (e.g. every spinal cell empty, which also empties
 * any_severe_spinal) is `null`, is left out of the mean, and a note says so; when no term has a scored
 * row the score is `null`. The result never holds NaN. Sums use Neumaier compensation.
 * Input errors (all-or-nothing, file:line:column): the submission reader's (see submission.ts), row_ids
 * of train.csv missing from the submission (located at the train.csv cell), and submitted row_ids that
 * train.csv does not have.
 */
import { gradeCode, type Grade } from '../domain/protocol.js';
import { issue, type KaggleIssue, type Parsed } from './issues.js';
import { FILE_NAMES, TRAIN_COLUMNS, conditionGroup, labelOfColumn, type ConditionGroup } from './model.js';
import { parseSubmissionCsv, rowId, SUBMISSION_FILE, type SubmissionRow } from './submission.js';
import { parseTrainCsv, type LocatedTrainRow, type TrainRow } from './train-csv.js';

/** float64 machine epsilon, the clipping bound. */
export const EPS = 2.220446049250313e-16;
/** Sample weight of each true grade. */
export const GRADE_WEIGHTS: Readonly<Record<Grade, number>> = { 'Normal/Mild': 1, Moderate: 2, Severe: 4 };

export type MetricTerm = ConditionGroup | 'any_severe_spinal';
export const METRIC_TERMS: readonly MetricTerm[] = ['spinal', 'foraminal', 'subarticular', 'any_severe_spinal'];

/** The four losses and the score (null = no scored row, see the module comment). */
export type MetricScores = Record<MetricTerm | 'score', number | null>;

export interface MetricResult {
  readonly scores: MetricScores;
  /** Scored rows per group; for any_severe_spinal, scored studies. */
  readonly scored: Readonly<Record<MetricTerm, number>>;
  /** Human-readable remarks (empty groups). */
  readonly notes: readonly string[];
}

/** Probabilities (normal_mild, moderate, severe) submitted for a row_id. */
export type Predict = (rowId: string) => readonly [number, number, number];

class Sum {
  private sum = 0;
  private compensation = 0;
  add(value: number): void {
    const t = this.sum + value;
    this.compensation += Math.abs(this.sum) >= Math.abs(value) ? this.sum - t + value : value - t + this.sum;
    this.sum = t;
  }
  get value(): number {
    return this.sum + this.compensation;
  }
}

function clip(p: number): number {
  return p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p;
}

/** The metric of predictions against labels (the numeric core; every row_id must be predictable). */
export function computeMetric(labels: readonly TrainRow[], predict: Predict): MetricResult {
  const loss = { spinal: new Sum(), foraminal: new Sum(), subarticular: new Sum(), any_severe_spinal: new Sum() };
  const weight = { spinal: new Sum(), foraminal: new Sum(), subarticular: new Sum(), any_severe_spinal: new Sum() };
  const scored: Record<MetricTerm, number> = { spinal: 0, foraminal: 0, subarticular: 0, any_severe_spinal: 0 };
  for (const study of labels) {
    let spinalRows = 0;
    let anySevere = false;
    let maxWeight = 0;
    let maxSevere = 0;
    for (const column of TRAIN_COLUMNS) {
      const grade = study.grades.get(column) ?? null;
      if (grade === null) continue;
      const group = conditionGroup(labelOfColumn(column)!.condition);
      const p = predict(rowId(study.studyId, column));
      const w = GRADE_WEIGHTS[grade];
      const total = p[0] + p[1] + p[2];
      loss[group].add(-w * Math.log(clip(p[gradeCode(grade)] / total)));
      weight[group].add(w);
      scored[group] += 1;
      if (group === 'spinal') {
        spinalRows += 1;
        anySevere ||= grade === 'Severe';
        maxWeight = Math.max(maxWeight, w);
        maxSevere = Math.max(maxSevere, p[2]);
      }
    }
    if (spinalRows > 0) {
      const q = clip(maxSevere);
      loss.any_severe_spinal.add(-maxWeight * (anySevere ? Math.log(q) : Math.log(1 - q)));
      weight.any_severe_spinal.add(maxWeight);
      scored.any_severe_spinal += 1;
    }
  }
  const scores: MetricScores = { spinal: null, foraminal: null, subarticular: null, any_severe_spinal: null, score: null };
  const notes: string[] = [];
  const present: number[] = [];
  for (const term of METRIC_TERMS) {
    if (scored[term] === 0) {
      notes.push(
        `${term}: no scored ${term === 'any_severe_spinal' ? 'study (no study has a labelled spinal cell)' : 'rows (every cell of the group is empty)'}; left out of the score`,
      );
      continue;
    }
    const value = loss[term].value / weight[term].value;
    scores[term] = value;
    present.push(value);
  }
  if (present.length > 0) {
    const sum = new Sum();
    for (const v of present) sum.add(v);
    scores.score = sum.value / present.length;
    if (present.length < METRIC_TERMS.length) notes.push(`score: mean of the ${present.length} terms with scored rows`);
  } else {
    notes.push('score: no labelled cell in the labels, nothing to score');
  }
  return { scores, scored, notes };
}

/** Checks that the submission has exactly the row_ids of the labels (every study x 25 columns). */
export function checkRowIds(
  labels: readonly LocatedTrainRow[],
  submission: ReadonlyMap<string, SubmissionRow>,
  files: { labels: string; submission: string },
): KaggleIssue[] {
  const errors: KaggleIssue[] = [];
  const expected = new Set<string>();
  let missing = 0;
  for (const study of labels) {
    TRAIN_COLUMNS.forEach((column, i) => {
      const id = rowId(study.studyId, column);
      expected.add(id);
      if (submission.has(id)) return;
      missing += 1;
      if (missing <= 100) {
        errors.push(issue(files.labels, study.line, study.columns[i + 1]!, `row_id ${id} is missing from ${files.submission}`));
      }
    });
  }
  if (missing > 100) errors.push(issue(files.submission, 1, 1, `${missing} row_ids of ${files.labels} are missing in all`));
  let extra = 0;
  for (const row of submission.values()) {
    if (expected.has(row.rowId)) continue;
    extra += 1;
    if (extra <= 100)
      errors.push(issue(files.submission, row.line, 1, `unknown row_id ${row.rowId} (not a study and column of ${files.labels})`));
  }
  if (extra > 100) errors.push(issue(files.submission, 1, 1, `${extra} unknown row_ids in all`));
  return errors;
}

/** Scores a submission's text against a train.csv's text; `files` names them in error messages. */
export function scoreSubmission(
  labelsCsv: string,
  submissionCsv: string,
  files: { labels?: string; submission?: string } = {},
): Parsed<MetricResult> {
  const names = { labels: files.labels ?? FILE_NAMES.train, submission: files.submission ?? SUBMISSION_FILE };
  const labels = parseTrainCsv(labelsCsv, names.labels);
  const submission = parseSubmissionCsv(submissionCsv, names.submission);
  if (!labels.ok || !submission.ok) {
    return { ok: false, errors: [...(labels.ok ? [] : labels.errors), ...(submission.ok ? [] : submission.errors)] };
  }
  const errors = checkRowIds(labels.value, submission.value, names);
  if (errors.length > 0) return { ok: false, errors };
  const rows = submission.value;
  return { ok: true, value: computeMetric(labels.value, (id) => rows.get(id)!.probabilities) };
}
