/**
 * The label points of the open study, as the app's records (RSNA/Kaggle convention): one point per
 * (condition, level), on (series, instance number), at x = column, y = row in that instance's pixel
 * coordinates (float; pixel centres at integers).
 *
 * Invariants: every change carries an `origin` ('viewer' when the user did it in a viewport, 'backend'
 * when loaded or pushed from storage), recorded on the record and in `lastChange`, so a subscriber can
 * ignore its own echo; `changes` counts effective changes (a no-op add/move/delete does not count, which
 * is what keeps the viewer <-> store synchronisation free of loops). No Cornerstone here: the annotation
 * adapter maps these records to and from Cornerstone annotations. The grading loop will wire this slice to
 * the backend.
 */
import { create } from 'zustand';
import { CONDITION_ABBREVIATIONS, type Condition, type Level } from '../../../annotations/domain/protocol';

export type PointOrigin = 'viewer' | 'backend';

export interface PointRecord {
  /** Also the Cornerstone annotation UID of the point. */
  readonly id: string;
  readonly studyId: number;
  readonly seriesId: number;
  readonly instanceNumber: number;
  /** Column, pixel coordinates of the instance. */
  readonly x: number;
  /** Row, pixel coordinates of the instance. */
  readonly y: number;
  readonly condition: Condition;
  readonly level: Level;
  readonly origin: PointOrigin;
  /** On-screen label instead of `pointLabel(condition, level)` (e.g. "A · L4/L5 SCS" in adjudication). */
  readonly label?: string;
  /** CSS colour of this point instead of the tool's default (e.g. one per reader in adjudication). */
  readonly color?: string;
}

export interface PointPosition {
  readonly seriesId: number;
  readonly instanceNumber: number;
  readonly x: number;
  readonly y: number;
}

export interface PointChange {
  readonly kind: 'add' | 'move' | 'delete' | 'replace';
  readonly id: string | null;
  readonly origin: PointOrigin;
}

/** The on-screen label of a point, e.g. "L4/L5 R-NFN". */
export function pointLabel(condition: Condition, level: Level): string {
  return `${level} ${CONDITION_ABBREVIATIONS[condition]}`;
}

/** Sub-pixel tolerance under which two positions are the same point (no store change, no echo). */
export const SAME_POSITION_EPSILON = 1e-3;

export function samePosition(a: PointPosition, b: PointPosition): boolean {
  return (
    a.seriesId === b.seriesId &&
    a.instanceNumber === b.instanceNumber &&
    Math.abs(a.x - b.x) < SAME_POSITION_EPSILON &&
    Math.abs(a.y - b.y) < SAME_POSITION_EPSILON
  );
}

interface PointState {
  points: readonly PointRecord[];
  lastChange: PointChange | null;
  changes: number;
  /** Add a point; an existing point with the same id or the same (condition, level) is replaced. */
  add(record: Omit<PointRecord, 'origin'>, origin: PointOrigin): void;
  move(id: string, position: PointPosition, origin: PointOrigin): void;
  delete(id: string, origin: PointOrigin): void;
  /** Replace all points (e.g. the study's points loaded from the backend). */
  replaceAll(records: ReadonlyArray<Omit<PointRecord, 'origin'>>, origin: PointOrigin): void;
  clear(): void;
}

export const usePointStore = create<PointState>()((set, get) => ({
  points: [],
  lastChange: null,
  changes: 0,
  add(record, origin) {
    const existing = get().points.find((p) => p.id === record.id);
    if (existing && samePosition(existing, record) && existing.condition === record.condition && existing.level === record.level) return;
    const others = get().points.filter(
      (p) => p.id !== record.id && !(p.studyId === record.studyId && p.condition === record.condition && p.level === record.level),
    );
    set((s) => ({
      points: [...others, { ...record, origin }],
      lastChange: { kind: 'add', id: record.id, origin },
      changes: s.changes + 1,
    }));
  },
  move(id, position, origin) {
    const existing = get().points.find((p) => p.id === id);
    if (!existing || samePosition(existing, position)) return;
    set((s) => ({
      points: s.points.map((p) => (p.id === id ? { ...p, ...position, origin } : p)),
      lastChange: { kind: 'move', id, origin },
      changes: s.changes + 1,
    }));
  },
  delete(id, origin) {
    if (!get().points.some((p) => p.id === id)) return;
    set((s) => ({ points: s.points.filter((p) => p.id !== id), lastChange: { kind: 'delete', id, origin }, changes: s.changes + 1 }));
  },
  replaceAll(records, origin) {
    set((s) => ({
      points: records.map((r) => ({ ...r, origin })),
      lastChange: { kind: 'replace', id: null, origin },
      changes: s.changes + 1,
    }));
  },
  clear() {
    set({ points: [], lastChange: null });
  },
}));
