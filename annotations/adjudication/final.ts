/**
 * Final labels of a study: each assessed cell is final when the readers agree (unanimous, or a strict
 * majority when the setting says so) or when a QA lead decided it; otherwise it is open. Pure.
 *
 * Invariants: a current (not reopened) decision always wins, whatever the readers did since; a reopened
 * decision counts as no decision; an auto-final cell takes its grade from the agreeing readers and its
 * point from the first of them (reader id order) that placed one; an open cell has no final value.
 */
import type { Condition, Grade, Level } from '../domain/protocol.js';
import type { AdjudicationSettings, CellAssessment, DisagreementKind, RaterPoint } from './detect.js';

/** The current decision of one cell (the `decisions` table row). */
export interface Decision {
  readonly condition: Condition;
  readonly level: Level;
  readonly grade: Grade | null;
  readonly notGradable: string | null;
  readonly point: RaterPoint | null;
  /** The reader whose label was taken; null = the QA lead's own value. */
  readonly chosenReaderId: number | null;
  readonly rationale: string;
  readonly qaReaderId: number;
  readonly decidedAt: string;
  readonly reopened: boolean;
}

export type FinalStatus = 'unanimous' | 'majority' | 'adjudicated' | 'open';

export interface FinalCell {
  readonly condition: Condition;
  readonly level: Level;
  readonly status: FinalStatus;
  readonly grade: Grade | null;
  readonly notGradable: string | null;
  readonly point: RaterPoint | null;
  readonly kinds: readonly DisagreementKind[];
  readonly priority: number;
}

export interface StudyFinal {
  /** Assessed or decided cells, in the order of `cells` then decisions on unassessed cells. */
  readonly cells: readonly FinalCell[];
  /** Cells with an open disagreement. */
  readonly open: number;
}

const cellKey = (c: { condition: string; level: string }) => `${c.condition}|${c.level}`;

/** Whether a decision is current (not reopened). */
export const isActive = (d: Decision | undefined): d is Decision => d !== undefined && !d.reopened;

export function finalOfStudy(
  cells: readonly CellAssessment[],
  decisions: readonly Decision[],
  autoFinal: AdjudicationSettings['autoFinal'],
): StudyFinal {
  const byKey = new Map(decisions.map((d) => [cellKey(d), d]));
  const out: FinalCell[] = [];
  for (const cell of cells) {
    const base = { condition: cell.condition, level: cell.level, kinds: cell.kinds, priority: cell.priority };
    const decision = byKey.get(cellKey(cell));
    if (isActive(decision)) {
      out.push({ ...base, status: 'adjudicated', grade: decision.grade, notGradable: decision.notGradable, point: decision.point });
      continue;
    }
    const agreeing =
      cell.kinds.length === 0
        ? cell.raters
        : autoFinal === 'majority' && cell.majority
          ? cell.raters.filter((r) => cell.majority!.includes(r.readerId))
          : null;
    if (agreeing && agreeing.length > 0) {
      const first = agreeing[0]!;
      out.push({
        ...base,
        status: cell.kinds.length === 0 ? 'unanimous' : 'majority',
        grade: first.grade,
        notGradable: first.grade === null ? first.notGradable : null,
        point: agreeing.find((r) => r.point !== null)?.point ?? null,
      });
    } else out.push({ ...base, status: 'open', grade: null, notGradable: null, point: null });
  }
  const assessed = new Set(cells.map(cellKey));
  for (const d of decisions) {
    if (assessed.has(cellKey(d)) || !isActive(d)) continue;
    out.push({
      condition: d.condition,
      level: d.level,
      kinds: [],
      priority: 0,
      status: 'adjudicated',
      grade: d.grade,
      notGradable: d.notGradable,
      point: d.point,
    });
  }
  return { cells: out, open: out.filter((c) => c.status === 'open').length };
}
