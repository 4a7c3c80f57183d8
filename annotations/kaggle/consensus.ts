/**
 * Consensus: one label set from several readers' label sets, cell by cell.
 *
 * Rules (pure, deterministic, reader order matters only for the point choice and series descriptions):
 * - The voters of a study are the readers whose set contains it (the first occurrence if a set repeats
 *   it); a reader without the study abstains. A missing grade is a vote for "missing".
 * - `unanimous`: the cell gets the common vote when all voters agree (all missing gives missing); any
 *   disagreement leaves the cell empty and lists it in `ties`.
 * - `majority`: the cell gets the vote of more than half of the voters; otherwise (a tie or a plurality
 *   only) the cell is left empty and listed in `ties`. A winning "missing" is not listed.
 * - The point of a graded consensus cell comes from the agreeing readers (those who voted the winning
 *   grade) that placed a point for that condition and level (their first one): the mean of their x and of
 *   their y when all of them are on the same series and instance, else the point of the first of them in
 *   reader order. An empty consensus cell gets no point.
 * - Series: the union over voters, by series id; the first reader's description wins.
 */
import type { Grade } from '../domain/protocol.js';
import {
  TRAIN_COLUMNS,
  labelOfColumn,
  type KaggleColumn,
  type KaggleLabelSet,
  type KagglePoint,
  type KaggleSeries,
  type KaggleStudy,
} from './model.js';
import { compareIds } from './numbers.js';

export type ConsensusRule = 'unanimous' | 'majority';

/** A cell the rule could not decide (left empty in the consensus). */
export interface ConsensusTie {
  readonly studyId: string;
  readonly column: KaggleColumn;
  /** The votes, one per voting reader (`reader` = index in the input array). */
  readonly votes: ReadonlyArray<{ readonly reader: number; readonly grade: Grade | null }>;
}

export interface ConsensusResult {
  readonly labelSet: KaggleLabelSet;
  /** Undecided cells in study order (numeric), then column order. */
  readonly ties: readonly ConsensusTie[];
}

/** Decides one cell; undefined when the rule finds no winner. */
export function decideCell(votes: ReadonlyArray<Grade | null>, rule: ConsensusRule): Grade | null | undefined {
  if (votes.length === 0) return null;
  const counts = new Map<Grade | null, number>();
  for (const v of votes) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [value, count] of counts) {
    if (rule === 'unanimous' ? count === votes.length : count * 2 > votes.length) return value;
  }
  return undefined;
}

function firstPoint(study: KaggleStudy, column: KaggleColumn): KagglePoint | undefined {
  const label = labelOfColumn(column)!;
  return study.points.find((p) => p.condition === label.condition && p.level === label.level);
}

/** The consensus point of agreeing readers' points (see the module comment). */
export function consensusPoint(points: readonly KagglePoint[]): KagglePoint | undefined {
  const first = points[0];
  if (!first) return undefined;
  const sameInstance = points.every((p) => p.seriesId === first.seriesId && p.instanceNumber === first.instanceNumber);
  const { seriesId, instanceNumber, condition, level } = first;
  if (!sameInstance || points.length === 1) return { seriesId, instanceNumber, condition, level, x: first.x, y: first.y };
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { seriesId, instanceNumber, condition, level, x: x / points.length, y: y / points.length };
}

/** The consensus of several readers' label sets under a rule. */
export function consensus(readers: readonly KaggleLabelSet[], rule: ConsensusRule): ConsensusResult {
  const byReader = readers.map((set) => {
    const map = new Map<string, KaggleStudy>();
    for (const s of set.studies) if (!map.has(s.studyId)) map.set(s.studyId, s);
    return map;
  });
  const studyIds = [...new Set(byReader.flatMap((m) => [...m.keys()]))].sort(compareIds);
  const studies: KaggleStudy[] = [];
  const ties: ConsensusTie[] = [];

  for (const studyId of studyIds) {
    const voters: Array<{ reader: number; study: KaggleStudy }> = [];
    byReader.forEach((m, reader) => {
      const study = m.get(studyId);
      if (study) voters.push({ reader, study });
    });
    const grades = new Map<KaggleColumn, Grade | null>();
    const points: KagglePoint[] = [];
    for (const column of TRAIN_COLUMNS) {
      const votes = voters.map((v) => ({ reader: v.reader, grade: v.study.grades.get(column) ?? null }));
      const decided = decideCell(
        votes.map((v) => v.grade),
        rule,
      );
      if (decided === undefined) {
        ties.push({ studyId, column, votes });
        grades.set(column, null);
        continue;
      }
      grades.set(column, decided);
      if (decided === null) continue;
      const agreeing = voters.filter((_, i) => votes[i]!.grade === decided);
      const candidates = agreeing.map((v) => firstPoint(v.study, column)).filter((p) => p !== undefined);
      const point = consensusPoint(candidates);
      if (point) points.push(point);
    }
    const series: KaggleSeries[] = [];
    const seen = new Set<string>();
    for (const { study } of voters) {
      for (const s of study.series) {
        if (seen.has(s.seriesId)) continue;
        seen.add(s.seriesId);
        series.push({ seriesId: s.seriesId, description: s.description });
      }
    }
    studies.push({ studyId, grades, points, series });
  }
  return { labelSet: { studies }, ties };
}
