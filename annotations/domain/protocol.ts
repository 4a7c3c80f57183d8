/**
 * The grading protocol of the RSNA 2024 lumbar dataset (LumbarDISC): 5 conditions x 5 levels, 3 grades.
 *
 * Pure data and pure functions; the single source of every Kaggle string. Order matters: CONDITIONS and
 * LEVELS are in train.csv column order (condition-major, then level).
 */

export const CONDITIONS = [
  'Spinal Canal Stenosis',
  'Left Neural Foraminal Narrowing',
  'Right Neural Foraminal Narrowing',
  'Left Subarticular Stenosis',
  'Right Subarticular Stenosis',
] as const;
export type Condition = (typeof CONDITIONS)[number];

export const LEVELS = ['L1/L2', 'L2/L3', 'L3/L4', 'L4/L5', 'L5/S1'] as const;
export type Level = (typeof LEVELS)[number];

/** Grades in scale order: the index is the ordinal code used by the statistics (0, 1, 2). */
export const GRADES = ['Normal/Mild', 'Moderate', 'Severe'] as const;
export type Grade = (typeof GRADES)[number];

export const SERIES_TYPES = ['Sagittal T1', 'Sagittal T2/STIR', 'Axial T2'] as const;
/** A series type the protocol grades on, or 'Other' (localizers, extra sequences). */
export type SeriesType = (typeof SERIES_TYPES)[number] | 'Other';

/** One of the 25 labels of a study. */
export interface ConditionLevel {
  readonly condition: Condition;
  readonly level: Level;
}

/** The 25 labels in train.csv column order. */
export const CONDITION_LEVELS: readonly ConditionLevel[] = CONDITIONS.flatMap((condition) => LEVELS.map((level) => ({ condition, level })));

/** The train.csv column of a label: `lower(condition).replace(' ', '_') + '_' + lower(level).replace('/', '_')`. */
export function columnName(cl: ConditionLevel): string {
  return `${cl.condition.toLowerCase().replaceAll(' ', '_')}_${cl.level.toLowerCase().replace('/', '_')}`;
}

/** train.csv column slug of a condition alone, e.g. `spinal_canal_stenosis`. */
export function conditionSlug(condition: Condition): string {
  return condition.toLowerCase().replaceAll(' ', '_');
}

/** Short label used on screen beside a point, e.g. "L4/L5 R-NFN". */
export const CONDITION_ABBREVIATIONS: Readonly<Record<Condition, string>> = {
  'Spinal Canal Stenosis': 'SCS',
  'Left Neural Foraminal Narrowing': 'L-NFN',
  'Right Neural Foraminal Narrowing': 'R-NFN',
  'Left Subarticular Stenosis': 'L-SS',
  'Right Subarticular Stenosis': 'R-SS',
};

/** The series type a condition is usually graded on (a convention, not a law). */
export const USUAL_SERIES_TYPE: Readonly<Record<Condition, SeriesType>> = {
  'Spinal Canal Stenosis': 'Sagittal T2/STIR',
  'Left Neural Foraminal Narrowing': 'Sagittal T1',
  'Right Neural Foraminal Narrowing': 'Sagittal T1',
  'Left Subarticular Stenosis': 'Axial T2',
  'Right Subarticular Stenosis': 'Axial T2',
};

export function isCondition(value: string): value is Condition {
  return (CONDITIONS as readonly string[]).includes(value);
}
export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}
export function isGrade(value: string): value is Grade {
  return (GRADES as readonly string[]).includes(value);
}

/** Ordinal code of a grade (0 Normal/Mild, 1 Moderate, 2 Severe). */
export function gradeCode(grade: Grade): 0 | 1 | 2 {
  return GRADES.indexOf(grade) as 0 | 1 | 2;
}
