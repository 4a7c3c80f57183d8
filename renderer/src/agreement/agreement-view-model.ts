/**
 * The agreement dashboard's view model: everything the QA lead's screen shows, picked from an
 * `AgreementOverview` (AGREEMENT.md names) without any React or DOM, so it is unit-tested directly.
 *
 * Invariants: pure; never produces NaN (an undefined statistic is `value: null` with a hint why);
 * the CI is the analytic one when the report has it, else the bootstrap percentile one; n beside a value
 * is the number of items with >= 2 ratings it rests on (a pair: items both readers rated; multi-rater:
 * items with >= 2 ratings); bands are Landis & Koch (1977) and apply to chance-corrected coefficients
 * only, not to percent agreement.
 */
import type { AgreementOverview, GradeDistributionRow } from '../../../annotations/contract/types';
import type { PointSummary } from '../../../annotations/agreement/points';
import type { PairwiseResult, StatisticResult, SubsetResult } from '../../../annotations/agreement/report';
import type { MultiRaterStatistic, PairwiseStatistic } from '../../../annotations/agreement/statistics';
import { landisKoch } from '../../../annotations/agreement/format';
import { CONDITION_ABBREVIATIONS, CONDITIONS, GRADES, LEVELS, type Condition } from '../../../annotations/domain/protocol';

// ---- statistics the dashboard offers ----

export type StatChoiceId = 'kappa_linear' | 'ac2_linear' | 'alpha_ordinal' | 'percent_agreement';

export interface StatChoice {
  readonly id: StatChoiceId;
  /** Menu label. */
  readonly label: string;
  /** Compact symbol for headers and tooltips. */
  readonly symbol: string;
  /** The report key used for one reader pair. */
  readonly pairwise: PairwiseStatistic;
  /** The report key used for all readers together. */
  readonly multi: MultiRaterStatistic;
  /** Chance-corrected (bands apply) or a plain proportion (percent agreement). */
  readonly chanceCorrected: boolean;
}

export const STAT_CHOICES: readonly StatChoice[] = [
  {
    id: 'kappa_linear',
    label: 'Weighted kappa (linear)',
    symbol: 'κw',
    pairwise: 'cohen_kappa_linear',
    multi: 'fleiss_kappa_linear',
    chanceCorrected: true,
  },
  {
    id: 'ac2_linear',
    label: 'Gwet AC2 (linear)',
    symbol: 'AC2',
    pairwise: 'gwet_ac2_linear',
    multi: 'gwet_ac2_linear',
    chanceCorrected: true,
  },
  {
    id: 'alpha_ordinal',
    label: 'Krippendorff α (ordinal)',
    symbol: 'α',
    pairwise: 'krippendorff_alpha_ordinal',
    multi: 'krippendorff_alpha_ordinal',
    chanceCorrected: true,
  },
  {
    id: 'percent_agreement',
    label: '% agreement',
    symbol: '%agr',
    pairwise: 'percent_agreement',
    multi: 'percent_agreement',
    chanceCorrected: false,
  },
];

export const DEFAULT_STAT: StatChoiceId = 'kappa_linear';

export function statChoice(id: StatChoiceId): StatChoice {
  return STAT_CHOICES.find((c) => c.id === id)!;
}

/** The report key a choice reads in a scope (pairwise name for a pair, multi-rater name otherwise). */
export function reportStatistic(choice: StatChoice, scope: Scope): string {
  return scope.kind === 'pair' ? choice.pairwise : choice.multi;
}

// ---- Landis & Koch bands ----

export type Band = 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almost perfect';

export interface BandInfo {
  readonly band: Band;
  readonly range: string;
  /** Cell fill on the dark theme. */
  readonly color: string;
}

/** In scale order; the colours are a red-to-green ramp readable with light text. */
export const BANDS: readonly BandInfo[] = [
  { band: 'poor', range: '< 0', color: '#8c2f3c' },
  { band: 'slight', range: '0 – 0.20', color: '#97502a' },
  { band: 'fair', range: '0.21 – 0.40', color: '#8a6d22' },
  { band: 'moderate', range: '0.41 – 0.60', color: '#5e7227' },
  { band: 'substantial', range: '0.61 – 0.80', color: '#2f7545' },
  { band: 'almost perfect', range: '0.81 – 1', color: '#17705f' },
];

/** Landis & Koch band of a chance-corrected value (the engine's own `landisKoch`: 0.2 is slight, 0.8 substantial). */
export function bandOf(value: number): Band {
  return landisKoch(value) as Band;
}

export function bandColor(band: Band): string {
  return BANDS.find((b) => b.band === band)!.color;
}

/** Fill of a percent-agreement value (no bands: a single-hue ramp from slate to blue). */
export function proportionColor(value: number): string {
  const t = Math.min(1, Math.max(0, value));
  // The low end stays clearly bluer than UNDEFINED_COLOR, so 0% never reads as "undefined".
  const from = [0x2b, 0x3b, 0x55];
  const to = [0x1f, 0x66, 0xb8];
  const mix = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return `#${mix.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

export const UNDEFINED_COLOR = '#262a33';

// ---- readers and scopes ----

/** Readers with at least one grade (not gradable is a missing rating), in report order. */
export function activeReaders(overview: AgreementOverview): string[] {
  const graded = new Set(
    overview.gradeDistribution.filter((r) => r.counts['Normal/Mild'] + r.counts.Moderate + r.counts.Severe > 0).map((r) => r.reader),
  );
  return overview.readers.filter((r) => graded.has(r));
}

export type Scope = { readonly kind: 'multi' } | { readonly kind: 'pair'; readonly a: string; readonly b: string; readonly key: string };

export const MULTI_SCOPE: Scope = { kind: 'multi' };

/** Every pair of active readers, with its report key (first reader first, in the report's reader order). */
export function readerPairs(overview: AgreementOverview): Array<Extract<Scope, { kind: 'pair' }>> {
  const active = activeReaders(overview);
  const pairs: Array<Extract<Scope, { kind: 'pair' }>> = [];
  for (let i = 0; i < active.length; i++) {
    for (let j = i + 1; j < active.length; j++)
      pairs.push({ kind: 'pair', a: active[i]!, b: active[j]!, key: `${active[i]}|${active[j]}` });
  }
  return pairs;
}

/** With exactly two readers who graded: their pair; with three or more: all readers (multi-rater). */
export function defaultScope(overview: AgreementOverview): Scope {
  const pairs = readerPairs(overview);
  return pairs.length === 1 ? pairs[0]! : MULTI_SCOPE;
}

export function scopeId(scope: Scope): string {
  return scope.kind === 'pair' ? `pair:${scope.key}` : 'multi';
}

export function scopeLabel(scope: Scope): string {
  return scope.kind === 'pair' ? `${scope.a} vs ${scope.b}` : 'All readers (multi-rater)';
}

// ---- subsets ----

export interface SubsetRef {
  readonly condition?: string | undefined;
  readonly level?: string | undefined;
}

/** The report key of a subset: `overall`, `condition=<c>`, `level=<l>` or `condition=<c>|level=<l>`. */
export function subsetKey(ref: SubsetRef): string {
  if (ref.condition && ref.level) return `condition=${ref.condition}|level=${ref.level}`;
  if (ref.condition) return `condition=${ref.condition}`;
  if (ref.level) return `level=${ref.level}`;
  return 'overall';
}

export function parseSubsetKey(key: string): SubsetRef {
  const ref: { condition?: string; level?: string } = {};
  if (key === 'overall') return ref;
  for (const part of key.split('|')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (name === 'condition') ref.condition = value;
    else if (name === 'level') ref.level = value;
  }
  return ref;
}

export function subsetLabel(ref: SubsetRef): string {
  if (ref.condition && ref.level) return `${ref.condition} · ${ref.level}`;
  if (ref.condition) return `${ref.condition} · all levels`;
  if (ref.level) return `All conditions · ${ref.level}`;
  return 'Overall (all conditions and levels)';
}

export function conditionAbbreviation(condition: string): string {
  return CONDITION_ABBREVIATIONS[condition as Condition] ?? condition;
}

// ---- one statistic in one cell ----

export type CiMethod = 'analytic' | 'bootstrap';

export interface StatCell {
  readonly value: number | null;
  readonly ci: readonly [number, number] | null;
  readonly ciMethod: CiMethod | null;
  /** Items with >= 2 ratings behind the value. */
  readonly n: number;
  /** Landis & Koch band (chance-corrected statistics with a value only). */
  readonly band: Band | null;
  /** Why the value is missing, in a few words (null when it has a value). */
  readonly hint: string | null;
  /** Bootstrap replicates dropped because the statistic was undefined there. */
  readonly bootstrapUndefined: number;
}

/** Why a statistic has no value, from what it rests on. */
export function undefinedHint(n: number): string {
  return n === 0 ? 'no item graded by ≥ 2 readers' : 'all ratings one grade';
}

/** The CI shown: analytic when the report has one, else the bootstrap percentile interval. */
export function chosenInterval(s: StatisticResult | undefined): { ci: readonly [number, number] | null; method: CiMethod | null } {
  if (!s || s.value === null) return { ci: null, method: null };
  if (s.ci95) return { ci: s.ci95, method: 'analytic' };
  if (s.bootstrap.ci95_percentile) return { ci: s.bootstrap.ci95_percentile, method: 'bootstrap' };
  return { ci: null, method: null };
}

export function findPair(subset: SubsetResult | undefined, scope: Extract<Scope, { kind: 'pair' }>): PairwiseResult | undefined {
  return subset?.pairwise[scope.key] ?? subset?.pairwise[`${scope.b}|${scope.a}`];
}

/** n of a scope in a subset: items both readers rated (pair) or items with >= 2 ratings (multi-rater). */
export function scopeN(subset: SubsetResult | undefined, scope: Scope): number {
  if (!subset) return 0;
  return scope.kind === 'pair' ? (findPair(subset, scope)?.n ?? 0) : subset.n_items_pairable;
}

export function statCell(subset: SubsetResult | undefined, choice: StatChoice, scope: Scope): StatCell {
  const n = scopeN(subset, scope);
  const result: StatisticResult | undefined =
    scope.kind === 'pair' ? findPair(subset, scope)?.[choice.pairwise] : subset?.multi_rater[choice.multi];
  const value = result && result.value !== null && Number.isFinite(result.value) ? result.value : null;
  const { ci, method } = chosenInterval(result);
  return {
    value,
    ci,
    ciMethod: method,
    n,
    band: value !== null && choice.chanceCorrected ? bandOf(value) : null,
    hint: value === null ? undefinedHint(n) : null,
    bootstrapUndefined: result?.bootstrap.n_undefined ?? 0,
  };
}

/** Fill colour of a cell: its band, a blue ramp for percent agreement, grey when undefined. */
export function cellColor(cell: StatCell, choice: StatChoice): string {
  if (cell.value === null) return UNDEFINED_COLOR;
  return choice.chanceCorrected ? bandColor(cell.band ?? bandOf(cell.value)) : proportionColor(cell.value);
}

// ---- number formatting (display only; the exports keep full precision) ----

const MINUS = '\u2212';

export function formatNumber(value: number, digits = 2): string {
  const text = value.toFixed(digits);
  // -0.00 is 0.00.
  if (/^-0\.?0*$/.test(text)) return text.slice(1);
  return text.startsWith('-') ? MINUS + text.slice(1) : text;
}

export function formatValue(value: number | null, choice: StatChoice, digits = 2): string {
  if (value === null) return 'undefined';
  return choice.chanceCorrected ? formatNumber(value, digits) : `${formatNumber(value * 100, 1)}%`;
}

export function formatInterval(ci: readonly [number, number] | null, choice: StatChoice, digits = 2): string {
  if (!ci) return '';
  return choice.chanceCorrected
    ? `[${formatNumber(ci[0], digits)}, ${formatNumber(ci[1], digits)}]`
    : `[${formatNumber(ci[0] * 100, 1)}, ${formatNumber(ci[1] * 100, 1)}]%`;
}

// ---- the condition x level table with margins ----

export interface AgreementTable {
  readonly conditions: readonly string[];
  readonly levels: readonly string[];
  /** rows[c].cells[l]: condition c at level l; rows[c].margin: condition c over all levels. */
  readonly rows: ReadonlyArray<{ readonly condition: string; readonly cells: readonly StatCell[]; readonly margin: StatCell }>;
  /** Each level over all conditions. */
  readonly levelMargins: readonly StatCell[];
  readonly overall: StatCell;
}

export function agreementTable(overview: AgreementOverview, choice: StatChoice, scope: Scope): AgreementTable {
  const subsets = overview.report.subsets;
  const at = (ref: SubsetRef) => statCell(subsets[subsetKey(ref)], choice, scope);
  return {
    conditions: CONDITIONS,
    levels: LEVELS,
    rows: CONDITIONS.map((condition) => ({
      condition,
      cells: LEVELS.map((level) => at({ condition, level })),
      margin: at({ condition }),
    })),
    levelMargins: LEVELS.map((level) => at({ level })),
    overall: at({}),
  };
}

// ---- reader x reader matrix of the chosen statistic (the heatmap) ----

export interface PairMatrix {
  readonly readers: readonly string[];
  /** cells[i][j]: readers i and j (symmetric); null on the diagonal. */
  readonly cells: ReadonlyArray<ReadonlyArray<StatCell | null>>;
}

export function pairMatrix(overview: AgreementOverview, key: string, choice: StatChoice): PairMatrix {
  const readers = activeReaders(overview);
  const subset = overview.report.subsets[key];
  const cells = readers.map((a, i) =>
    readers.map((b, j) => {
      if (i === j) return null;
      const [first, second] = i < j ? [a, b] : [b, a];
      return statCell(subset, choice, { kind: 'pair', a: first, b: second, key: `${first}|${second}` });
    }),
  );
  return { readers, cells };
}

// ---- confusion matrix of a pair ----

export interface Confusion {
  readonly rowReader: string;
  readonly columnReader: string;
  readonly categories: readonly string[];
  readonly matrix: readonly (readonly number[])[];
  readonly rowTotals: readonly number[];
  readonly columnTotals: readonly number[];
  readonly total: number;
  /** Diagonal share (percent agreement), null without items. */
  readonly agreement: number | null;
}

/** Rows = the pair's first reader (report order), columns = the second; categories in scale order. */
export function confusionOf(subset: SubsetResult | undefined, scope: Extract<Scope, { kind: 'pair' }>): Confusion {
  const direct = subset?.pairwise[scope.key];
  const swapped = direct ? undefined : subset?.pairwise[`${scope.b}|${scope.a}`];
  const [rowReader, columnReader] = direct || !swapped ? [scope.a, scope.b] : [scope.b, scope.a];
  const q = GRADES.length;
  const source = (direct ?? swapped)?.confusion_matrix;
  const matrix = Array.from({ length: q }, (_, k) => Array.from({ length: q }, (_, l) => source?.[k]?.[l] ?? 0));
  const rowTotals = matrix.map((row) => row.reduce((s, x) => s + x, 0));
  const columnTotals = matrix[0]!.map((_, l) => matrix.reduce((s, row) => s + row[l]!, 0));
  const total = rowTotals.reduce((s, x) => s + x, 0);
  const diagonal = matrix.reduce((s, row, k) => s + row[k]!, 0);
  return {
    rowReader,
    columnReader,
    categories: GRADES,
    matrix,
    rowTotals,
    columnTotals,
    total,
    agreement: total > 0 ? diagonal / total : null,
  };
}

// ---- kappa paradox: the four statistics side by side, and a warning when grades are skewed ----

export interface ParadoxCheck {
  /** Share of the most frequent grade among the ratings behind the subset (null without ratings). */
  readonly dominantShare: number | null;
  readonly dominantGrade: string | null;
  /** Skewed grades with high raw agreement but a low or undefined kappa. */
  readonly flagged: boolean;
}

/** Grade shares from the pairwise confusion matrices' margins (every pair's ratings of items both rated). */
export function paradoxCheck(subset: SubsetResult | undefined, scope: Scope): ParadoxCheck {
  const counts = GRADES.map(() => 0);
  const pairs = subset ? (scope.kind === 'pair' ? [findPair(subset, scope)] : Object.values(subset.pairwise)) : [];
  for (const p of pairs) {
    p?.confusion_matrix.forEach((row, k) =>
      row.forEach((x, l) => {
        counts[k] = counts[k]! + x;
        counts[l] = counts[l]! + x;
      }),
    );
  }
  const total = counts.reduce((s, x) => s + x, 0);
  if (total === 0) return { dominantShare: null, dominantGrade: null, flagged: false };
  const top = counts.indexOf(Math.max(...counts));
  const dominantShare = counts[top]! / total;
  const kappa = statCell(subset, statChoice('kappa_linear'), scope);
  const agreement = statCell(subset, statChoice('percent_agreement'), scope);
  const flagged =
    dominantShare >= 0.7 && agreement.value !== null && agreement.value >= 0.7 && (kappa.value === null || kappa.value <= 0.6);
  return { dominantShare, dominantGrade: GRADES[top]!, flagged };
}

// ---- grade distribution per reader (drift) ----

export const DISTRIBUTION_CATEGORIES = ['Normal/Mild', 'Moderate', 'Severe', 'not gradable'] as const;
export type DistributionCategory = (typeof DISTRIBUTION_CATEGORIES)[number];

export interface DistributionBar {
  readonly reader: string;
  /** A condition, or null for all conditions together. */
  readonly condition: string | null;
  readonly counts: Readonly<Record<DistributionCategory, number>>;
  readonly total: number;
  /** Mean grade code (0 Normal/Mild .. 2 Severe) over graded labels, null without grades. */
  readonly meanGrade: number | null;
}

function bar(reader: string, condition: string | null, rows: readonly GradeDistributionRow[]): DistributionBar {
  const counts = Object.fromEntries(DISTRIBUTION_CATEGORIES.map((c) => [c, rows.reduce((s, r) => s + r.counts[c], 0)])) as Record<
    DistributionCategory,
    number
  >;
  const graded = counts['Normal/Mild'] + counts.Moderate + counts.Severe;
  return {
    reader,
    condition,
    counts,
    total: graded + counts['not gradable'],
    meanGrade: graded > 0 ? (counts.Moderate + 2 * counts.Severe) / graded : null,
  };
}

/** Per active reader: one bar per condition (protocol order) and one over all conditions. */
export function distributionBars(overview: AgreementOverview): {
  readonly perCondition: DistributionBar[];
  readonly perReader: DistributionBar[];
} {
  const readers = activeReaders(overview);
  const perCondition: DistributionBar[] = [];
  for (const condition of CONDITIONS) {
    for (const reader of readers) {
      perCondition.push(
        bar(
          reader,
          condition,
          overview.gradeDistribution.filter((r) => r.reader === reader && r.condition === condition),
        ),
      );
    }
  }
  const perReader = readers.map((reader) =>
    bar(
      reader,
      null,
      overview.gradeDistribution.filter((r) => r.reader === reader),
    ),
  );
  return { perCondition, perReader };
}

// ---- point distances ----

export interface PointRow {
  readonly condition: string;
  /** null: the condition over all levels. */
  readonly level: string | null;
  readonly summary: PointSummary;
}

/** Protocol order: per condition its levels, then the condition over all levels. */
export function pointRows(points: readonly PointSummary[]): PointRow[] {
  const conditionIndex = (c: string) => {
    const i = (CONDITIONS as readonly string[]).indexOf(c);
    return i < 0 ? CONDITIONS.length : i;
  };
  const levelIndex = (l: string | null) => (l === null ? LEVELS.length : Math.max(0, (LEVELS as readonly string[]).indexOf(l)));
  return [...points]
    .sort((x, y) => conditionIndex(x.condition) - conditionIndex(y.condition) || levelIndex(x.level) - levelIndex(y.level))
    .map((summary) => ({ condition: summary.condition, level: summary.level, summary }));
}

// ---- CSV export ----

export const CSV_COLUMNS = [
  'subset',
  'condition',
  'level',
  'scope',
  'reader_a',
  'reader_b',
  'statistic',
  'value',
  'undefined',
  'ci_low',
  'ci_high',
  'ci_method',
  'se',
  'bootstrap_B',
  'bootstrap_se',
  'bootstrap_ci_low',
  'bootstrap_ci_high',
  'bootstrap_n_undefined',
  'n',
] as const;

type CsvField = string | number | boolean | null | undefined;

/** One CSV field: numbers in full precision, text quoted when needed and defused against formula injection. */
export function csvField(value: CsvField): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function statisticRow(
  subset: string,
  scope: { kind: 'multi_rater' } | { kind: 'pair'; a: string; b: string },
  statistic: string,
  s: StatisticResult,
  n: number,
): CsvField[] {
  const ref = parseSubsetKey(subset);
  const { ci, method } = chosenInterval(s);
  const boot = s.bootstrap;
  return [
    subset,
    ref.condition ?? '',
    ref.level ?? '',
    scope.kind,
    scope.kind === 'pair' ? scope.a : '',
    scope.kind === 'pair' ? scope.b : '',
    statistic,
    s.value,
    s.value === null,
    ci?.[0],
    ci?.[1],
    method ?? '',
    s.se,
    boot.B,
    boot.se,
    boot.ci95_percentile?.[0],
    boot.ci95_percentile?.[1],
    boot.n_undefined,
    n,
  ];
}

/**
 * The whole report as CSV: one row per subset x statistic x (multi-rater or reader pair), in report
 * order; specific agreement per category as `specific_agreement_by_category[<code>]`.
 */
export function reportCsvRows(overview: AgreementOverview): string[][] {
  const rows: string[][] = [];
  const push = (fields: CsvField[]) => rows.push(fields.map(csvField));
  for (const [key, subset] of Object.entries(overview.report.subsets)) {
    for (const [statistic, s] of Object.entries(subset.multi_rater) as Array<[string, StatisticResult]>) {
      push(statisticRow(key, { kind: 'multi_rater' }, statistic, s, subset.n_items_pairable));
    }
    for (const [pairKey, pair] of Object.entries(subset.pairwise)) {
      const split = pairKey.indexOf('|');
      const scope = { kind: 'pair' as const, a: pairKey.slice(0, split), b: pairKey.slice(split + 1) };
      for (const [statistic, s] of Object.entries(pair)) {
        if (statistic === 'n' || statistic === 'confusion_matrix') continue;
        if (statistic === 'specific_agreement_by_category') {
          for (const [code, sc] of Object.entries(s as Record<string, StatisticResult>)) {
            push(statisticRow(key, scope, `specific_agreement_by_category[${code}]`, sc, pair.n));
          }
          continue;
        }
        push(statisticRow(key, scope, statistic, s as StatisticResult, pair.n));
      }
    }
  }
  return rows;
}

export function reportCsv(overview: AgreementOverview): string {
  return [CSV_COLUMNS.join(','), ...reportCsvRows(overview).map((r) => r.join(','))].join('\n') + '\n';
}

export function reportJson(overview: AgreementOverview): string {
  return JSON.stringify(overview, null, 2) + '\n';
}
