/**
 * Adapter from lumbar grades (the app's protocol: 5 conditions x 5 levels, 3 grades) to an
 * `agreement-dataset/v1` dataset, so any grade source (the grading store's `--db`, a simulation, an
 * import) feeds the same engine.
 *
 * Invariants: the scale is always the 3 protocol grades coded 0, 1, 2 (Normal/Mild, Moderate, Severe);
 * every study gets all 25 labels as items (in train.csv column order), rated or not, so n_items counts
 * unrated labels; item ids are `<study>:<train.csv column>`; a second grade by the same reader for the
 * same label is an error.
 */
import {
  CONDITION_LEVELS,
  columnName,
  GRADES,
  gradeCode,
  type Condition,
  type ConditionLevel,
  type Grade,
  type Level,
} from '../domain/protocol.js';
import { AGREEMENT_DATASET_SCHEMA, type AgreementDataset, type AgreementItem, type AgreementRating } from './dataset.js';

/** One reader's grade of one label of one study (null = seen but not gradable). */
export interface GradeRecord {
  readonly reader: string;
  readonly study: string;
  readonly condition: Condition;
  readonly level: Level;
  readonly grade: Grade | null;
}

export interface BuildAgreementDatasetOptions {
  readonly id?: string;
  /** Readers in report order (default: order of first appearance). */
  readonly readers?: readonly string[];
  /** Studies to include (default: every study with a record, in order of first appearance). */
  readonly studies?: readonly string[];
  /** Labels to include (default: all 25). */
  readonly labels?: readonly ConditionLevel[];
}

/** Builds an ordinal 3-grade agreement dataset from lumbar grade records. */
export function buildAgreementDataset(records: Iterable<GradeRecord>, options: BuildAgreementDatasetOptions = {}): AgreementDataset {
  const list = [...records];
  const readers = options.readers ? [...options.readers] : [...new Set(list.map((r) => r.reader))];
  const studies = options.studies ? [...options.studies] : [...new Set(list.map((r) => r.study))];
  const labels = options.labels ?? CONDITION_LEVELS;
  const items: AgreementItem[] = [];
  const labelIndex = new Map(labels.map((l, j) => [`${l.condition}|${l.level}`, j]));
  const studyIndex = new Map(studies.map((s, i) => [s, i]));
  const readerIndex = new Map(readers.map((r, g) => [r, g]));
  for (const study of studies) {
    for (const label of labels) items.push({ id: `${study}:${columnName(label)}`, study, condition: label.condition, level: label.level });
  }
  const seen = new Uint8Array(items.length * readers.length);
  const ratings: AgreementRating[] = [];
  for (const r of list) {
    const g = readerIndex.get(r.reader);
    const s = studyIndex.get(r.study);
    const j = labelIndex.get(`${r.condition}|${r.level}`);
    if (g === undefined || s === undefined || j === undefined) continue;
    const item = s * labels.length + j;
    if (seen[item * readers.length + g]) throw new Error(`reader ${r.reader} graded ${r.condition} ${r.level} of study ${r.study} twice`);
    seen[item * readers.length + g] = 1;
    // The item's own id string: shared by its ratings, so it is hashed once when the dataset is indexed.
    ratings.push([items[item]!.id, r.reader, r.grade === null ? null : gradeCode(r.grade)]);
  }
  return {
    schema: AGREEMENT_DATASET_SCHEMA,
    ...(options.id !== undefined ? { id: options.id } : {}),
    measurement: 'ordinal',
    categories: [0, 1, 2],
    category_labels: [...GRADES],
    raters: readers,
    items,
    ratings,
  };
}
