/**
 * The in-memory model of the three Kaggle label files (train.csv, train_label_coordinates.csv,
 * train_series_descriptions.csv) that export writes and import reads, and the fixed strings of the files.
 *
 * Invariants: ids are decimal strings (`0` or no leading zero) so big ids stay exact; ordering is numeric
 * (see `compareIds`). A study's `grades` is keyed by train.csv column name; a missing key means the same as
 * `null` (not graded). Instance numbers are non-negative safe integers; x, y are finite floats in the pixel
 * coordinates of that instance's image (x = column, y = row).
 */
import {
  CONDITION_LEVELS,
  type SERIES_TYPES,
  columnName,
  type Condition,
  type ConditionLevel,
  type Grade,
  type Level,
} from '../domain/protocol.js';

/** A train.csv column name, e.g. `spinal_canal_stenosis_l1_l2` (see `columnName`). */
export type KaggleColumn = string;

/** The series descriptions train_series_descriptions.csv allows. */
export type KaggleSeriesDescription = (typeof SERIES_TYPES)[number];

/** One point of a graded label. */
export interface KagglePoint {
  readonly seriesId: string;
  readonly instanceNumber: number;
  readonly condition: Condition;
  readonly level: Level;
  readonly x: number;
  readonly y: number;
}

/** A series of a study with its protocol description. */
export interface KaggleSeries {
  readonly seriesId: string;
  readonly description: KaggleSeriesDescription;
}

/** Everything the three files say about one study. */
export interface KaggleStudy {
  readonly studyId: string;
  /** Grade per train.csv column; missing key or null = not graded (empty cell). */
  readonly grades: ReadonlyMap<KaggleColumn, Grade | null>;
  readonly points: readonly KagglePoint[];
  readonly series: readonly KaggleSeries[];
}

/** The content of one set of Kaggle label files (one reader, or a consensus). */
export interface KaggleLabelSet {
  readonly studies: readonly KaggleStudy[];
}

/** The text of the three files, LF line endings, no BOM. */
export interface KaggleFiles {
  readonly train: string;
  readonly coordinates: string;
  readonly seriesDescriptions: string;
}

/** File names of the three files, by role. */
export const FILE_NAMES: Readonly<Record<keyof KaggleFiles, string>> = {
  train: 'train.csv',
  coordinates: 'train_label_coordinates.csv',
  seriesDescriptions: 'train_series_descriptions.csv',
};

/** The 25 train.csv label columns in file order. */
export const TRAIN_COLUMNS: readonly KaggleColumn[] = CONDITION_LEVELS.map(columnName);

export const TRAIN_HEADER: readonly string[] = ['study_id', ...TRAIN_COLUMNS];
export const COORDINATES_HEADER: readonly string[] = ['study_id', 'series_id', 'instance_number', 'condition', 'level', 'x', 'y'];
export const SERIES_DESCRIPTIONS_HEADER: readonly string[] = ['study_id', 'series_id', 'series_description'];

const LABEL_OF_COLUMN = new Map<KaggleColumn, ConditionLevel>(CONDITION_LEVELS.map((cl) => [columnName(cl), cl]));

/** The condition and level of a train.csv column, or undefined for an unknown name. */
export function labelOfColumn(column: KaggleColumn): ConditionLevel | undefined {
  return LABEL_OF_COLUMN.get(column);
}

/** A study's grade for a column (null when missing). */
export function gradeOf(study: Pick<KaggleStudy, 'grades'>, column: KaggleColumn): Grade | null {
  return study.grades.get(column) ?? null;
}

/** The metric groups of the competition. */
export type ConditionGroup = 'spinal' | 'foraminal' | 'subarticular';

/** The metric group a condition belongs to. */
export function conditionGroup(condition: Condition): ConditionGroup {
  if (condition === 'Spinal Canal Stenosis') return 'spinal';
  return condition.endsWith('Foraminal Narrowing') ? 'foraminal' : 'subarticular';
}
