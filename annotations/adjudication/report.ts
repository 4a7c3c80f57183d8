/**
 * Per-reader report against the final labels: agreement of each reader with the final grades (weighted
 * Cohen kappa, Gwet AC2 from the agreement engine, the reader and "final" as the two raters) and how
 * often the reader was overruled by an adjudication, overall, by condition and by level. Pure.
 *
 * Invariants: only final cells (auto-final or adjudicated) count, open cells are not rated by "final";
 * "not gradable" is a missing rating for the statistics; a reader is overruled on an adjudicated cell
 * they decided when the decision's grade (or not-gradable state) differs from theirs.
 */
import { buildAgreementDataset, type GradeRecord } from '../agreement/lumbar.js';
import { computeAgreementReport } from '../agreement/report.js';
import { CONDITIONS, LEVELS } from '../domain/protocol.js';
import type { RaterLabel } from './detect.js';
import type { FinalCell } from './final.js';

export interface ReportStudy {
  readonly study: string;
  readonly labels: readonly RaterLabel[];
  readonly final: readonly FinalCell[];
}

export interface ReaderReportRow {
  readonly readerId: number;
  readonly reader: string;
  /** 'overall', 'condition=<c>' or 'level=<l>' (the engine's subset keys). */
  readonly subset: string;
  /** Cells both the reader and the final labels graded. */
  readonly n: number;
  readonly kappaLinear: number | null;
  readonly kappaQuadratic: number | null;
  readonly ac2Linear: number | null;
  /** Adjudicated cells the reader had decided. */
  readonly adjudicated: number;
  readonly overruled: number;
  readonly overruledShare: number | null;
}

const FINAL = '\u0000final';
const SUBSETS = ['overall', ...CONDITIONS.map((c) => `condition=${c}`), ...LEVELS.map((l) => `level=${l}`)];
const inSubset = (subset: string, c: { condition: string; level: string }) =>
  subset === 'overall' || subset === `condition=${c.condition}` || subset === `level=${c.level}`;

export function readerReport(readers: ReadonlyArray<{ id: number; name: string }>, studies: readonly ReportStudy[]): ReaderReportRow[] {
  const rows: ReaderReportRow[] = [];
  for (const reader of readers) {
    const records: GradeRecord[] = [];
    const overruled: Array<{ condition: string; level: string; overruled: boolean }> = [];
    const studyNames: string[] = [];
    for (const s of studies) {
      const mine = s.labels.filter((l) => l.readerId === reader.id && (l.grade !== null || l.notGradable !== null));
      if (mine.length === 0) continue;
      studyNames.push(s.study);
      for (const l of mine) records.push({ reader: reader.name, study: s.study, condition: l.condition, level: l.level, grade: l.grade });
      for (const f of s.final) {
        if (f.status === 'open') continue;
        records.push({ reader: FINAL, study: s.study, condition: f.condition, level: f.level, grade: f.grade });
        const own = mine.find((l) => l.condition === f.condition && l.level === f.level);
        if (f.status === 'adjudicated' && own)
          overruled.push({
            condition: f.condition,
            level: f.level,
            overruled: own.grade !== f.grade || (own.grade === null) !== (f.grade === null),
          });
      }
    }
    if (studyNames.length === 0) continue;
    const report = computeAgreementReport(buildAgreementDataset(records, { readers: [reader.name, FINAL], studies: studyNames }), {
      bootstrap: 0,
    });
    for (const subset of SUBSETS) {
      const pair = Object.values(report.subsets[subset]?.pairwise ?? {})[0];
      const cells = overruled.filter((o) => inSubset(subset, o));
      const lost = cells.filter((o) => o.overruled).length;
      rows.push({
        readerId: reader.id,
        reader: reader.name,
        subset,
        n: pair?.n ?? 0,
        kappaLinear: pair?.cohen_kappa_linear?.value ?? null,
        kappaQuadratic: pair?.cohen_kappa_quadratic?.value ?? null,
        ac2Linear: pair?.gwet_ac2_linear?.value ?? null,
        adjudicated: cells.length,
        overruled: lost,
        overruledShare: cells.length > 0 ? lost / cells.length : null,
      });
    }
  }
  return rows;
}
