/**
 * The readable table of an agreement report (what `lumbar agreement` prints without --json): per
 * subset its counts, the multi-rater statistics with analytic and bootstrap 95% CIs and a Landis & Koch
 * band, and one line per reader pair.
 *
 * Invariants: pure string building; undefined statistics print as "undefined", never NaN; the overall
 * subset lists every statistic, the breakdowns the key ones (kappa paradox: percent agreement and
 * AC1/AC2 always beside kappa).
 */
import type { AgreementReport, StatisticResult, SubsetResult } from './report.js';

export interface FormatContext {
  readonly id?: string | undefined;
  readonly raters: readonly string[];
  readonly categories: readonly (string | number)[];
  readonly categoryLabels?: readonly string[] | undefined;
  readonly measurement: 'ordinal' | 'nominal';
  readonly bootstrap: number;
  readonly seed: number;
}

/** Landis & Koch (1977) band of a kappa-type value. */
export function landisKoch(value: number): string {
  if (value < 0) return 'poor';
  if (value <= 0.2) return 'slight';
  if (value <= 0.4) return 'fair';
  if (value <= 0.6) return 'moderate';
  if (value <= 0.8) return 'substantial';
  return 'almost perfect';
}

const CHANCE_CORRECTED = /kappa|alpha|ac1|ac2/;
const KEY_ORDINAL = [
  'percent_agreement',
  'fleiss_kappa',
  'fleiss_kappa_quadratic',
  'gwet_ac1',
  'gwet_ac2_quadratic',
  'krippendorff_alpha_ordinal',
];
const KEY_NOMINAL = ['percent_agreement', 'fleiss_kappa', 'gwet_ac1', 'krippendorff_alpha_nominal'];

const f3 = (x: number): string => x.toFixed(3);
const interval = (ci: [number, number] | null | undefined): string => (ci ? `[${f3(ci[0])}, ${f3(ci[1])}]` : '');

function statLine(name: string, s: StatisticResult | undefined): string {
  if (!s) return '';
  const value = s.value === null ? 'undefined' : f3(s.value);
  const band = s.value !== null && CHANCE_CORRECTED.test(name) ? landisKoch(s.value) : '';
  const analytic = 'se' in s ? interval(s.ci95) || '-' : '';
  const boot = interval(s.bootstrap.ci95_percentile);
  const dropped = s.bootstrap.n_undefined > 0 ? ` (${s.bootstrap.n_undefined} undefined)` : '';
  return `  ${name.padEnd(30)} ${value.padStart(9)}  ${analytic.padEnd(17)} ${(boot + dropped).padEnd(17)} ${band}`.trimEnd();
}

function subsetBlock(key: string, subset: SubsetResult, full: boolean, ordinal: boolean): string[] {
  const lines = [
    `${key} — ${subset.n_items} items (${subset.n_items_with_rating} rated, ${subset.n_items_pairable} pairable, ` +
      `${subset.n_items_complete} complete), ${subset.n_ratings} ratings, ${subset.n_studies} studies`,
    `  ${'statistic'.padEnd(30)} ${'value'.padStart(9)}  ${'95% CI analytic'.padEnd(17)} ${'95% CI bootstrap'.padEnd(17)} band`,
  ];
  const multi = subset.multi_rater as Record<string, StatisticResult>;
  const names = full ? Object.keys(multi) : ordinal ? KEY_ORDINAL : KEY_NOMINAL;
  for (const name of names) if (multi[name]) lines.push(statLine(name, multi[name]));
  const pairs = Object.entries(subset.pairwise);
  if (pairs.length > 0) {
    const head = ordinal ? ['agree', 'kappa', 'kappa 95% CI', 'kappa_q', 'AC1', 'AC2_q'] : ['agree', 'kappa', 'kappa 95% CI', 'AC1'];
    lines.push(
      `  ${'reader pair'.padEnd(20)} ${'n'.padStart(7)}  ${head.map((h, i) => (i === 2 ? h.padEnd(17) : h.padStart(9))).join(' ')}`,
    );
    for (const [pair, p] of pairs) {
      const v = (s: StatisticResult | undefined): string => (s?.value === null || !s ? 'undefined' : f3(s.value)).padStart(9);
      const cells = [v(p.percent_agreement), v(p.cohen_kappa), interval(p.cohen_kappa?.ci95).padEnd(17)];
      if (ordinal) cells.push(v(p.cohen_kappa_quadratic), v(p.gwet_ac1), v(p.gwet_ac2_quadratic));
      else cells.push(v(p.gwet_ac1));
      lines.push(`  ${pair.padEnd(20)} ${String(p.n).padStart(7)}  ${cells.join(' ')}`.trimEnd());
    }
  }
  return lines;
}

/** Formats a report as text tables. */
export function formatAgreementReport(report: AgreementReport, context: FormatContext): string {
  const ordinal = context.measurement === 'ordinal';
  const scale = context.categories.map((c, i) => `${c}${context.categoryLabels?.[i] ? ` ${context.categoryLabels[i]}` : ''}`).join(' | ');
  const lines = [
    `Inter-reader agreement${context.id ? ` — ${context.id}` : ''}`,
    `${context.raters.length} readers (${context.raters.join(', ')}); ${context.measurement} scale: ${scale}`,
    context.bootstrap > 0
      ? `Bootstrap: ${context.bootstrap} replicates resampling studies, seed ${context.seed}; analytic CIs: FCE / Wald (z) for Cohen and pairwise agreement, Gwet (t) otherwise.`
      : 'No bootstrap (--bootstrap 0): analytic CIs only.',
    'Bands (Landis & Koch 1977): <0 poor, 0-0.20 slight, 0.21-0.40 fair, 0.41-0.60 moderate, 0.61-0.80 substantial, 0.81-1 almost perfect.',
    'With skewed grades (most Normal/Mild) kappa can be low despite high agreement: read it beside percent agreement and AC1/AC2.',
    '',
  ];
  for (const [key, subset] of Object.entries(report.subsets)) {
    lines.push(...subsetBlock(key, subset, key === 'overall', ordinal), '');
  }
  return lines.join('\n');
}
