/**
 * The reader report's view model: the rows of `getAdjudicationReport` (one per reader x subset: overall,
 * each condition, each level) grouped per reader, labelled, formatted and explained, and its CSV export.
 * Pure (no React, no DOM), so it is unit-tested directly.
 *
 * Invariants: an undefined statistic is shown as "—" with the reason in words, never as NaN; display
 * rounds, the CSV keeps full precision with an undefined value as an empty field; the CSV has one line
 * per report row, in report order, under a fixed header.
 */
import type { AdjudicationReportRow } from '../../../annotations/contract/types';
import { CONDITION_ABBREVIATIONS, type Condition, type Level } from '../../../annotations/domain/protocol';
import { bandOf, csvField, formatNumber, type Band } from '../agreement/agreement-view-model';

// ---- subsets ----

export type ReportSubsetKind = 'overall' | 'condition' | 'level';

export interface ReportSubset {
  readonly kind: ReportSubsetKind;
  readonly condition: Condition | null;
  readonly level: Level | null;
  /** 'Overall', the condition's name or the level. */
  readonly label: string;
  /** The condition's abbreviation (SCS, L-NFN, ...), else null. */
  readonly abbreviation: string | null;
}

/** A report subset key ('overall', 'condition=<c>', 'level=<l>') in words. */
export function reportSubset(key: string): ReportSubset {
  if (key.startsWith('condition=')) {
    const condition = key.slice('condition='.length) as Condition;
    return { kind: 'condition', condition, level: null, label: condition, abbreviation: CONDITION_ABBREVIATIONS[condition] ?? null };
  }
  if (key.startsWith('level=')) {
    const level = key.slice('level='.length) as Level;
    return { kind: 'level', condition: null, level, label: level, abbreviation: null };
  }
  return { kind: 'overall', condition: null, level: null, label: 'Overall', abbreviation: null };
}

// ---- readers ----

export interface ReaderReportGroup {
  readonly readerId: number;
  readonly reader: string;
  /** The reader's rows in report order (overall, conditions, levels). */
  readonly rows: readonly AdjudicationReportRow[];
}

/** The rows grouped per reader, readers in report order. */
export function readerGroups(rows: readonly AdjudicationReportRow[]): ReaderReportGroup[] {
  const groups = new Map<number, { readerId: number; reader: string; rows: AdjudicationReportRow[] }>();
  for (const row of rows) {
    const group = groups.get(row.readerId) ?? { readerId: row.readerId, reader: row.reader, rows: [] };
    group.rows.push(row);
    groups.set(row.readerId, group);
  }
  return [...groups.values()];
}

// ---- statistics ----

export type ReportStatisticKey = 'kappaLinear' | 'kappaQuadratic' | 'ac2Linear';

export const REPORT_STATISTICS: ReadonlyArray<{ readonly key: ReportStatisticKey; readonly label: string; readonly name: string }> = [
  { key: 'kappaLinear', label: 'κw linear', name: "Cohen's weighted kappa (linear weights)" },
  { key: 'kappaQuadratic', label: 'κw quadratic', name: "Cohen's weighted kappa (quadratic weights)" },
  { key: 'ac2Linear', label: 'AC2 linear', name: "Gwet's AC2 (linear weights)" },
];

/** Why a statistic of the reader against the final labels has no value, from the cells it rests on. */
export function undefinedReason(n: number): string {
  return n === 0
    ? 'No cell here has both a grade from this reader and a final grade (open cells and "not gradable" do not count)'
    : 'The reader and the final labels gave every cell here one and the same grade: chance agreement is 1, so the coefficient is 0/0';
}

export interface StatisticDisplay {
  /** Two decimals, or "—" when undefined. */
  readonly text: string;
  /** Tooltip: the value with three decimals and its n, or why it is undefined. */
  readonly title: string;
  /** Landis & Koch band of a defined value. */
  readonly band: Band | null;
}

export function statisticDisplay(row: AdjudicationReportRow, key: ReportStatisticKey): StatisticDisplay {
  const name = REPORT_STATISTICS.find((s) => s.key === key)!.name;
  const value = row[key];
  if (value === null || !Number.isFinite(value)) return { text: '—', title: `${name}: undefined. ${undefinedReason(row.n)}.`, band: null };
  const band = bandOf(value);
  return {
    text: formatNumber(value, 2),
    title: `${name}: ${formatNumber(value, 3)} over ${cells(row.n)} (Landis & Koch: ${band})`,
    band,
  };
}

export interface OverruledDisplay {
  /** A whole percentage, or "—" when the reader had no adjudicated cell here. */
  readonly text: string;
  readonly title: string;
  /** 0..1 for a bar, null when undefined. */
  readonly share: number | null;
}

export function overruledDisplay(row: AdjudicationReportRow): OverruledDisplay {
  const share = row.overruledShare;
  if (share === null || !Number.isFinite(share) || row.adjudicated === 0)
    return { text: '—', title: 'No adjudicated cell here that this reader graded: nothing could be overruled.', share: null };
  return {
    text: `${Math.round(100 * share)}%`,
    title: `${row.overruled} of ${cells(row.adjudicated)} this reader graded were decided otherwise by the QA lead`,
    share,
  };
}

const cells = (n: number) => `${n} ${n === 1 ? 'cell' : 'cells'}`;

// ---- CSV export ----

export const READER_REPORT_CSV_COLUMNS = [
  'reader_id',
  'reader',
  'subset',
  'condition',
  'level',
  'n',
  'kappa_linear',
  'kappa_quadratic',
  'ac2_linear',
  'adjudicated',
  'overruled',
  'overruled_share',
] as const;

export const READER_REPORT_CSV_FILENAME = 'adjudication-reader-report.csv';

/** The report as CSV: one line per row (reader x subset), numbers in full precision, undefined values empty. */
export function readerReportCsv(rows: readonly AdjudicationReportRow[]): string {
  const lines = rows.map((r) => {
    const subset = reportSubset(r.subset);
    return [
      r.readerId,
      r.reader,
      r.subset,
      subset.condition ?? '',
      subset.level ?? '',
      r.n,
      r.kappaLinear,
      r.kappaQuadratic,
      r.ac2Linear,
      r.adjudicated,
      r.overruled,
      r.overruledShare,
    ]
      .map(csvField)
      .join(',');
  });
  return [READER_REPORT_CSV_COLUMNS.join(','), ...lines].join('\n') + '\n';
}
