/**
 * Disagreement detection for adjudication: per (study, condition, level), across the readers who decided
 * that cell (a grade or an explicit "not gradable"), which kinds of disagreement exist and how urgent
 * the cell is (a priority score from configurable weights). Pure.
 *
 * Kinds:
 *  - grade:        two graded readers gave different grades
 *  - gap:          grades two or more steps apart (Normal/Mild vs Severe)
 *  - severe:       Severe vs not Severe (drives any_severe_spinal; extra weight on the spinal canal)
 *  - gradability:  one reader graded, another called it not gradable
 *  - distance:     two readers' points farther apart than `distanceMm` in patient space
 *  - level:        a reader's point lies on a neighbouring level: nearer to the other reader's point of a
 *                  neighbouring level (same condition) than to that reader's point of this level
 * Invariants: a cell with one decided reader has no disagreement; points without geometry (position
 * null) take part in no point rule; kinds come out in KINDS order; priority = sum of the weights of the
 * kinds present (+ `severeSpinal` when a severe disagreement is on Spinal Canal Stenosis).
 */
import { CONDITION_LEVELS, gradeCode, LEVELS, type Condition, type Grade, type Level } from '../domain/protocol.js';

export const KINDS = ['grade', 'gap', 'severe', 'gradability', 'distance', 'level'] as const;
export type DisagreementKind = (typeof KINDS)[number];

export type Vec3 = readonly [number, number, number];

export interface RaterPoint {
  readonly seriesId: number;
  readonly instanceNumber: number;
  readonly x: number;
  readonly y: number;
}

/** One reader's decided label of one cell, with its point's patient-space position when known. */
export interface RaterLabel {
  readonly readerId: number;
  readonly condition: Condition;
  readonly level: Level;
  readonly grade: Grade | null;
  /** The reason, when explicitly not gradable. */
  readonly notGradable: string | null;
  readonly point: RaterPoint | null;
  /** mm, patient space; null without a point or without geometry. */
  readonly position: Vec3 | null;
}

export interface DetectionWeights {
  readonly grade: number;
  readonly gap: number;
  readonly severe: number;
  readonly gradability: number;
  readonly distance: number;
  readonly level: number;
  /** Added when a `severe` disagreement is on Spinal Canal Stenosis (any_severe_spinal). */
  readonly severeSpinal: number;
}

export interface AdjudicationSettings {
  /** Points farther apart than this (mm) disagree. */
  readonly distanceMm: number;
  readonly weights: DetectionWeights;
  /** Which cells are final without a QA decision: unanimous only, or also a strict majority. */
  readonly autoFinal: 'unanimous' | 'majority';
}

export const DEFAULT_SETTINGS: AdjudicationSettings = {
  distanceMm: 10,
  weights: { grade: 1, gap: 3, severe: 4, gradability: 2, distance: 1, level: 2, severeSpinal: 4 },
  autoFinal: 'unanimous',
};

/** Settings from a partial object (stored JSON, CLI flags), falling back to the defaults. */
export function resolveSettings(partial: unknown): AdjudicationSettings {
  const p = (typeof partial === 'object' && partial !== null ? partial : {}) as Partial<AdjudicationSettings>;
  const distanceMm = typeof p.distanceMm === 'number' && p.distanceMm > 0 ? p.distanceMm : DEFAULT_SETTINGS.distanceMm;
  const weights = { ...DEFAULT_SETTINGS.weights };
  for (const key of Object.keys(weights) as (keyof DetectionWeights)[]) {
    const w = (p.weights as Record<string, unknown> | undefined)?.[key];
    if (typeof w === 'number' && Number.isFinite(w) && w >= 0) weights[key] = w;
  }
  return { distanceMm, weights, autoFinal: p.autoFinal === 'majority' ? 'majority' : 'unanimous' };
}

export interface CellAssessment {
  readonly condition: Condition;
  readonly level: Level;
  /** Readers who decided the cell, in reader id order. */
  readonly raters: readonly RaterLabel[];
  readonly kinds: readonly DisagreementKind[];
  readonly priority: number;
  /**
   * Readers of a strict majority with the same grade (or all not gradable) whose points do not disagree
   * among themselves; null when there is none (or the cell is unanimous).
   */
  readonly majority: readonly number[] | null;
}

const distance = (a: Vec3, b: Vec3): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Neighbouring points of one reader for the level rule: (readerId) -> positions of adjacent levels. */
export type NeighbourLookup = (readerId: number) => readonly Vec3[];

/** The kinds of disagreement among `raters` of one cell. */
export function disagreementKinds(raters: readonly RaterLabel[], neighbours: NeighbourLookup, distanceMm: number): DisagreementKind[] {
  const found = new Set<DisagreementKind>();
  const graded = raters.filter((r) => r.grade !== null);
  const codes = graded.map((r) => gradeCode(r.grade!));
  if (codes.length > 1) {
    const min = Math.min(...codes);
    const max = Math.max(...codes);
    if (max !== min) found.add('grade');
    if (max - min >= 2) found.add('gap');
    if (max === 2 && min < 2) found.add('severe');
  }
  if (graded.length > 0 && raters.some((r) => r.grade === null && r.notGradable !== null)) found.add('gradability');
  for (const a of raters) {
    for (const b of raters) {
      if (a.readerId >= b.readerId || !a.position || !b.position) continue;
      if (distance(a.position, b.position) > distanceMm) found.add('distance');
    }
  }
  // b's point compared with a's points: nearer a's neighbouring level than a's point of this level.
  for (const a of raters) {
    for (const b of raters) {
      if (a.readerId === b.readerId || !a.position || !b.position) continue;
      const own = distance(b.position, a.position);
      if (neighbours(a.readerId).some((n) => distance(b.position!, n) < own)) found.add('level');
    }
  }
  return KINDS.filter((k) => found.has(k));
}

export function priorityOf(kinds: readonly DisagreementKind[], condition: Condition, weights: DetectionWeights): number {
  let p = 0;
  for (const k of kinds) p += weights[k];
  if (kinds.includes('severe') && condition === 'Spinal Canal Stenosis') p += weights.severeSpinal;
  return p;
}

/** The levels adjacent to `level` (one or two). */
export function neighbourLevels(level: Level): Level[] {
  const i = LEVELS.indexOf(level);
  return [LEVELS[i - 1], LEVELS[i + 1]].filter((l): l is Level => l !== undefined);
}

/**
 * Assess every cell of one study from all its readers' decided labels (labels neither graded nor not
 * gradable are ignored). Cells nobody decided are left out; the result is in protocol order.
 */
export function assessStudy(labels: readonly RaterLabel[], settings: AdjudicationSettings): CellAssessment[] {
  const decided = labels.filter((l) => l.grade !== null || l.notGradable !== null);
  const byCell = new Map<string, RaterLabel[]>();
  const positions = new Map<string, Vec3>(); // reader|condition|level -> position (decided or not)
  for (const l of labels) if (l.position) positions.set(`${l.readerId}|${l.condition}|${l.level}`, l.position);
  for (const l of decided) {
    const key = `${l.condition}|${l.level}`;
    byCell.set(key, [...(byCell.get(key) ?? []), l]);
  }
  const out: CellAssessment[] = [];
  for (const cl of CONDITION_LEVELS) {
    const raters = (byCell.get(`${cl.condition}|${cl.level}`) ?? []).sort((a, b) => a.readerId - b.readerId);
    if (raters.length === 0) continue;
    const neighbours: NeighbourLookup = (readerId) =>
      neighbourLevels(cl.level).flatMap((lv) => {
        const p = positions.get(`${readerId}|${cl.condition}|${lv}`);
        return p ? [p] : [];
      });
    const kinds = disagreementKinds(raters, neighbours, settings.distanceMm);
    let majority: number[] | null = null;
    if (kinds.length > 0) {
      const groups = new Map<string, RaterLabel[]>();
      for (const r of raters) groups.set(r.grade ?? 'not gradable', [...(groups.get(r.grade ?? 'not gradable') ?? []), r]);
      const top = [...groups.values()].find((g) => g.length * 2 > raters.length);
      if (top && disagreementKinds(top, neighbours, settings.distanceMm).length === 0) majority = top.map((r) => r.readerId);
    }
    out.push({ ...cl, raters, kinds, priority: priorityOf(kinds, cl.condition, settings.weights), majority });
  }
  return out;
}
