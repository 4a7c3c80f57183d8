/**
 * A reader's label for one condition and level, and the rules of a complete study. Pure.
 *
 * A label holds a grade or an explicit "not gradable" (with a reason), never both, and optionally a point
 * (series, instance number, x = column, y = row in that image's pixels).
 */
import { CONDITION_LEVELS, type Condition, type ConditionLevel, type Grade, type Level } from '../domain/protocol.js';

export interface LabelPoint {
  readonly seriesId: number;
  readonly instanceNumber: number;
  readonly x: number;
  readonly y: number;
  /** The point lies on a series type other than the condition's usual one, and the reader confirmed it. */
  readonly override: boolean;
}

export interface LabelValue {
  readonly grade: Grade | null;
  readonly notGradable: string | null;
  readonly point: LabelPoint | null;
}

export interface Label extends LabelValue, ConditionLevel {}

export const EMPTY_LABEL: LabelValue = { grade: null, notGradable: null, point: null };

export const labelKey = (cl: ConditionLevel): string => `${cl.condition}|${cl.level}`;

export function parseLabelKey(key: string): ConditionLevel | undefined {
  const [condition, level] = key.split('|');
  const found = CONDITION_LEVELS.find((cl) => cl.condition === condition && cl.level === level);
  return found;
}

/** A cell is decided when it has a grade or an explicit "not gradable". */
export const isDecided = (label: LabelValue): boolean => label.grade !== null || label.notGradable !== null;

/** The 25 labels in protocol order, filling the ones never touched with empty values. */
export function fullGrid(labels: readonly Label[]): Label[] {
  const byKey = new Map(labels.map((l) => [labelKey(l), l]));
  return CONDITION_LEVELS.map((cl) => byKey.get(labelKey(cl)) ?? { ...cl, ...EMPTY_LABEL });
}

/** Cells still undecided, in protocol order. */
export function undecidedCells(labels: readonly Label[]): ConditionLevel[] {
  return fullGrid(labels).filter((l) => !isDecided(l));
}

/** The next undecided cell after `from` in protocol order (wrapping), or undefined when all are decided. */
export function nextUndecided(labels: readonly Label[], from: ConditionLevel): ConditionLevel | undefined {
  const grid = fullGrid(labels);
  const start = grid.findIndex((l) => l.condition === from.condition && l.level === from.level);
  for (let step = 1; step <= grid.length; step++) {
    const cell = grid[(start + step) % grid.length]!;
    if (!isDecided(cell)) return { condition: cell.condition, level: cell.level };
  }
  return undefined;
}

export function sameLabelValue(a: LabelValue, b: LabelValue): boolean {
  return (
    a.grade === b.grade &&
    a.notGradable === b.notGradable &&
    ((a.point === null && b.point === null) ||
      (a.point !== null &&
        b.point !== null &&
        a.point.seriesId === b.point.seriesId &&
        a.point.instanceNumber === b.point.instanceNumber &&
        a.point.x === b.point.x &&
        a.point.y === b.point.y &&
        a.point.override === b.point.override))
  );
}

export type { Condition, Level };
