import { describe, expect, it } from 'vitest';
import { buildAgreementDataset, type GradeRecord } from '../../../annotations/agreement/lumbar';
import { computeAgreementReport } from '../../../annotations/agreement/report';
import type { AgreementOverview, GradeDistributionRow } from '../../../annotations/contract/types';
import { CONDITION_LEVELS, CONDITIONS, GRADES, type Grade } from '../../../annotations/domain/protocol';
import {
  activeReaders,
  agreementTable,
  bandOf,
  BANDS,
  cellColor,
  chosenInterval,
  confusionOf,
  CSV_COLUMNS,
  csvField,
  defaultScope,
  distributionBars,
  formatInterval,
  formatNumber,
  formatValue,
  MULTI_SCOPE,
  pairMatrix,
  paradoxCheck,
  parseSubsetKey,
  pointRows,
  readerPairs,
  reportCsv,
  reportCsvRows,
  statCell,
  statChoice,
  subsetKey,
  UNDEFINED_COLOR,
  type Scope,
} from './agreement-view-model';

/** An overview as the backend builds it: the engine's report over lumbar grades plus the distributions. */
function overviewOf(grades: Record<string, Grade[]>, options: { readers?: string[]; bootstrap?: number } = {}): AgreementOverview {
  const readers = options.readers ?? Object.keys(grades);
  const records: GradeRecord[] = [];
  for (const [reader, list] of Object.entries(grades)) {
    list.forEach((grade, i) => {
      const cl = CONDITION_LEVELS[i % 25]!;
      records.push({ reader, study: `S${Math.floor(i / 25) + 1}`, condition: cl.condition, level: cl.level, grade });
    });
  }
  const bootstrap = options.bootstrap ?? 0;
  const report =
    records.length === 0 ? { subsets: {} } : computeAgreementReport(buildAgreementDataset(records, { readers }), { bootstrap, seed: 1 });
  const gradeDistribution: GradeDistributionRow[] = readers.flatMap((reader) =>
    CONDITIONS.map((condition) => {
      const counts = { 'Normal/Mild': 0, Moderate: 0, Severe: 0, 'not gradable': 0 };
      for (const r of records) if (r.reader === reader && r.condition === condition && r.grade) counts[r.grade]++;
      return { reader, condition, counts };
    }),
  );
  return { readers, studies: 1, bootstrap, report, gradeDistribution, points: [] };
}

const N = 'Normal/Mild' as const;
const M = 'Moderate' as const;
const S = 'Severe' as const;
const allNormal = (): Grade[] => Array.from({ length: 25 }, () => N);
/** Reader 2 of the e2e: Normal/Mild except Moderate at labels 3, 12, 20 and Severe at label 7. */
const fewWorse = (): Grade[] => allNormal().map((g, i) => (i === 3 || i === 12 || i === 20 ? M : i === 7 ? S : g));

describe('Landis & Koch bands', () => {
  it('puts the edges 0, 0.2, 0.4, 0.6, 0.8 in the lower band, as AGREEMENT.md reads them', () => {
    expect(bandOf(-0.01)).toBe('poor');
    expect(bandOf(0)).toBe('slight');
    expect(bandOf(0.2)).toBe('slight');
    expect(bandOf(0.2000001)).toBe('fair');
    expect(bandOf(0.4)).toBe('fair');
    expect(bandOf(0.41)).toBe('moderate');
    expect(bandOf(0.6)).toBe('moderate');
    expect(bandOf(0.61)).toBe('substantial');
    expect(bandOf(0.8)).toBe('substantial');
    expect(bandOf(0.81)).toBe('almost perfect');
    expect(bandOf(1)).toBe('almost perfect');
  });

  it('has one legend entry and a distinct colour per band', () => {
    expect(BANDS.map((b) => b.band)).toEqual(['poor', 'slight', 'fair', 'moderate', 'substantial', 'almost perfect']);
    expect(new Set(BANDS.map((b) => b.color)).size).toBe(6);
  });
});

describe('formatting', () => {
  it('never prints NaN, -0.00 or a hyphen for negatives', () => {
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatNumber(-0.25)).toBe('\u22120.25');
    expect(formatValue(null, statChoice('kappa_linear'))).toBe('undefined');
    expect(formatValue(0.84, statChoice('percent_agreement'))).toBe('84.0%');
    expect(formatInterval([0.1234, 0.9], statChoice('kappa_linear'))).toBe('[0.12, 0.90]');
    expect(formatInterval(null, statChoice('kappa_linear'))).toBe('');
  });
});

describe('subset keys', () => {
  it('round-trips the report keys', () => {
    for (const ref of [
      {},
      { condition: 'Spinal Canal Stenosis' },
      { level: 'L4/L5' },
      { condition: 'Spinal Canal Stenosis', level: 'L4/L5' },
    ]) {
      expect(parseSubsetKey(subsetKey(ref))).toEqual(ref);
    }
    expect(subsetKey({ condition: 'Spinal Canal Stenosis', level: 'L4/L5' })).toBe('condition=Spinal Canal Stenosis|level=L4/L5');
  });
});

describe('readers and scopes', () => {
  it('counts only readers who graded; two of them give a pair, three or more the multi-rater scope', () => {
    const two = overviewOf({ Ann: allNormal(), Ben: fewWorse(), Cy: [] }, { readers: ['Ann', 'Ben', 'Cy'] });
    expect(activeReaders(two)).toEqual(['Ann', 'Ben']);
    expect(defaultScope(two)).toEqual({ kind: 'pair', a: 'Ann', b: 'Ben', key: 'Ann|Ben' });
    const three = overviewOf({ Ann: allNormal(), Ben: fewWorse(), Cy: fewWorse() });
    expect(readerPairs(three).map((p) => p.key)).toEqual(['Ann|Ben', 'Ann|Cy', 'Ben|Cy']);
    expect(defaultScope(three)).toBe(MULTI_SCOPE);
    expect(activeReaders(overviewOf({}, { readers: ['Ann'] }))).toEqual([]);
  });
});

describe('statistic cells', () => {
  const overview = overviewOf({ Ann: allNormal(), Ben: fewWorse() }, { bootstrap: 50 });
  const pair = defaultScope(overview);

  it('reads the pairwise statistic with its analytic CI and n = items both rated', () => {
    const cell = statCell(overview.report.subsets['overall'], statChoice('percent_agreement'), pair);
    expect(cell.value).toBeCloseTo(21 / 25, 12);
    expect(cell.n).toBe(25);
    expect(cell.ciMethod).toBe('analytic');
    expect(cell.ci![0]).toBeLessThan(cell.value!);
    expect(cell.band).toBeNull(); // no Landis & Koch band for a proportion
    // One constant reader: kappa is exactly 0 (P_o = P_e), defined, "slight".
    const kappa = statCell(overview.report.subsets['overall'], statChoice('kappa_linear'), pair);
    expect(kappa.value).toBeCloseTo(0, 12);
    expect(kappa.band).toBe('slight');
    expect(cellColor(kappa, statChoice('kappa_linear'))).toBe(BANDS[1]!.color);
  });

  it('falls back to the bootstrap percentile CI where there is no analytic one (Krippendorff alpha)', () => {
    const s = overview.report.subsets['overall']!.pairwise['Ann|Ben']!.krippendorff_alpha_ordinal!;
    expect(s.ci95).toBeUndefined();
    const cell = statCell(overview.report.subsets['overall'], statChoice('alpha_ordinal'), pair);
    expect(cell.ciMethod).toBe('bootstrap');
    expect(cell.ci).toEqual(s.bootstrap.ci95_percentile);
    expect(chosenInterval(undefined)).toEqual({ ci: null, method: null });
  });

  it('shows an undefined statistic as undefined with a hint, never NaN', () => {
    // Both readers Normal/Mild on Spinal Canal Stenosis L1/L2: kappa is 0/0.
    const subset = overview.report.subsets[subsetKey({ condition: 'Spinal Canal Stenosis', level: 'L1/L2' })];
    const cell = statCell(subset, statChoice('kappa_linear'), pair);
    expect(cell).toMatchObject({ value: null, band: null, ci: null, n: 1, hint: 'all ratings one grade' });
    expect(formatValue(cell.value, statChoice('kappa_linear'))).toBe('undefined');
    expect(cellColor(cell, statChoice('kappa_linear'))).toBe(UNDEFINED_COLOR);
    // Percent agreement stays defined there.
    expect(statCell(subset, statChoice('percent_agreement'), pair).value).toBe(1);
    // A subset the report does not have (nothing graded): n 0 and its own hint.
    expect(statCell(undefined, statChoice('kappa_linear'), pair)).toMatchObject({
      value: null,
      n: 0,
      hint: 'no item graded by ≥ 2 readers',
    });
    expect(JSON.stringify(agreementTable(overview, statChoice('kappa_linear'), pair))).not.toMatch(/NaN|Infinity/);
  });

  it('builds the condition x level table with condition, level and overall margins', () => {
    const table = agreementTable(overview, statChoice('percent_agreement'), pair);
    expect(table.rows).toHaveLength(5);
    expect(table.rows.every((r) => r.cells.length === 5)).toBe(true);
    expect(table.overall.n).toBe(25);
    expect(table.rows.map((r) => r.margin.n)).toEqual([5, 5, 5, 5, 5]);
    expect(table.levelMargins.map((c) => c.n)).toEqual([5, 5, 5, 5, 5]);
    // Labels 3 (SCS L4/L5), 7 (L-NFN L3/L4), 12 (R-NFN L3/L4), 20 (R-SS L1/L2) disagree.
    expect(table.rows[0]!.cells[3]!.value).toBe(0);
    expect(table.rows[0]!.margin.value).toBeCloseTo(4 / 5, 12);
    expect(table.levelMargins[2]!.value).toBeCloseTo(3 / 5, 12);
  });

  it('uses the multi-rater statistic for three readers, n = items with >= 2 ratings', () => {
    const three = overviewOf({ Ann: allNormal(), Ben: fewWorse(), Cy: [...fewWorse().slice(0, 24)] });
    const cell = statCell(three.report.subsets['overall'], statChoice('kappa_linear'), MULTI_SCOPE);
    expect(cell.n).toBe(25);
    expect(cell.value).toBe(three.report.subsets['overall']!.multi_rater.fleiss_kappa_linear!.value);
  });
});

describe('pair matrix, confusion matrix, kappa paradox', () => {
  const overview = overviewOf({ Ann: allNormal(), Ben: fewWorse(), Cy: fewWorse() });

  it('fills the reader x reader matrix symmetrically with an empty diagonal', () => {
    const m = pairMatrix(overview, 'overall', statChoice('percent_agreement'));
    expect(m.readers).toEqual(['Ann', 'Ben', 'Cy']);
    expect(m.cells[0]![0]).toBeNull();
    expect(m.cells[0]![1]!.value).toBeCloseTo(21 / 25, 12);
    expect(m.cells[1]![0]!.value).toBe(m.cells[0]![1]!.value);
    expect(m.cells[1]![2]!.value).toBe(1);
  });

  it('gives the confusion matrix of a pair with totals, rows = first reader', () => {
    const pair = readerPairs(overview)[0]!;
    const c = confusionOf(overview.report.subsets['overall'], pair);
    expect(c.rowReader).toBe('Ann');
    expect(c.categories).toEqual(GRADES);
    expect(c.matrix).toEqual([
      [21, 3, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(c.rowTotals).toEqual([25, 0, 0]);
    expect(c.columnTotals).toEqual([21, 3, 1]);
    expect(c.total).toBe(25);
    expect(c.agreement).toBeCloseTo(0.84, 12);
    // Asked the other way round, the matrix is still the report's (rows = Ann).
    expect(confusionOf(overview.report.subsets['overall'], { kind: 'pair', a: 'Ben', b: 'Ann', key: 'Ben|Ann' }).rowReader).toBe('Ann');
  });

  it('flags the kappa paradox: skewed grades, high agreement, kappa near 0', () => {
    const pair: Scope = readerPairs(overview)[0]!;
    const check = paradoxCheck(overview.report.subsets['overall'], pair);
    expect(check.dominantGrade).toBe('Normal/Mild');
    expect(check.dominantShare).toBeCloseTo(46 / 50, 12);
    expect(check.flagged).toBe(true);
    expect(paradoxCheck(undefined, pair)).toEqual({ dominantShare: null, dominantGrade: null, flagged: false });
  });

  it('summarises grades per reader and condition with the mean grade', () => {
    const { perCondition, perReader } = distributionBars(overview);
    expect(perCondition).toHaveLength(15);
    expect(perReader.map((b) => b.reader)).toEqual(['Ann', 'Ben', 'Cy']);
    expect(perReader[0]!.meanGrade).toBe(0);
    expect(perReader[1]!.counts).toEqual({ 'Normal/Mild': 21, Moderate: 3, Severe: 1, 'not gradable': 0 });
    expect(perReader[1]!.meanGrade).toBeCloseTo(5 / 25, 12);
  });

  it('orders point summaries by protocol, levels before the all-levels row', () => {
    const summary = { n_pairs: 1, n: 1, median_mm: 2, p90_mm: 2, same_instance_share: 1 };
    const rows = pointRows([
      { condition: 'Left Subarticular Stenosis', level: null, ...summary },
      { condition: 'Spinal Canal Stenosis', level: null, ...summary },
      { condition: 'Spinal Canal Stenosis', level: 'L4/L5', ...summary },
      { condition: 'Spinal Canal Stenosis', level: 'L1/L2', ...summary },
    ]);
    expect(rows.map((r) => `${r.condition}|${r.level}`)).toEqual([
      'Spinal Canal Stenosis|L1/L2',
      'Spinal Canal Stenosis|L4/L5',
      'Spinal Canal Stenosis|null',
      'Left Subarticular Stenosis|null',
    ]);
  });
});

describe('CSV export', () => {
  it('escapes text, defuses formulas, keeps numbers exact and leaves missing values empty', () => {
    expect(csvField('Dr, "Ada"')).toBe('"Dr, ""Ada"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-0.123456789012)).toBe('-0.123456789012');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('writes one row per subset x statistic x scope with value, CI and n', () => {
    const overview = overviewOf({ Ann: allNormal(), Ben: fewWorse(), Cy: fewWorse() }, { bootstrap: 20 });
    const csv = reportCsv(overview);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    const rows = reportCsvRows(overview);
    expect(lines).toHaveLength(rows.length + 1);
    const subsets = Object.keys(overview.report.subsets);
    expect(subsets).toHaveLength(1 + 5 + 5 + 25);
    const multiStats = Object.keys(overview.report.subsets['overall']!.multi_rater).length;
    const pairStats = Object.keys(overview.report.subsets['overall']!.pairwise['Ann|Ben']!).length - 3 + 3; // n, matrix, specific -> 3 codes
    expect(rows).toHaveLength(subsets.length * (multiStats + 3 * pairStats));
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);

    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const find = (subset: string, scope: string, a: string, statistic: string) =>
      rows.find(
        (r) => r[col('subset')] === subset && r[col('scope')] === scope && r[col('reader_a')] === a && r[col('statistic')] === statistic,
      )!;
    const pa = find('overall', 'pair', 'Ann', 'percent_agreement');
    expect(pa[col('reader_b')]).toBe('Ben');
    expect(Number(pa[col('value')])).toBeCloseTo(0.84, 12);
    expect(pa[col('ci_method')]).toBe('analytic');
    expect(Number(pa[col('ci_low')])).toBeLessThan(0.84);
    expect(pa[col('n')]).toBe('25');
    const fleiss = find('overall', 'multi_rater', '', 'fleiss_kappa_linear');
    expect(Number(fleiss[col('value')])).toBe(overview.report.subsets['overall']!.multi_rater.fleiss_kappa_linear!.value);
    expect(fleiss[col('bootstrap_B')]).toBe('20');
    // Undefined: empty value and CI, undefined = true, n still there.
    const cellKey = 'condition=Spinal Canal Stenosis|level=L1/L2';
    const undef = find(cellKey, 'pair', 'Ann', 'cohen_kappa_linear');
    expect(undef[col('condition')]).toBe('Spinal Canal Stenosis');
    expect(undef[col('level')]).toBe('L1/L2');
    expect(undef[col('value')]).toBe('');
    expect(undef[col('undefined')]).toBe('true');
    expect(undef[col('ci_low')]).toBe('');
    expect(undef[col('n')]).toBe('1');
    expect(find('overall', 'pair', 'Ann', 'specific_agreement_by_category[0]')).toBeDefined();
    expect(csv).not.toMatch(/NaN|Infinity/);
  });

  it('exports just the header for an empty report', () => {
    expect(reportCsv(overviewOf({}, { readers: [] }))).toBe(CSV_COLUMNS.join(',') + '\n');
  });
});

it('the statistic choices read the keys of AGREEMENT.md', () => {
  expect(statChoice('kappa_linear')).toMatchObject({ pairwise: 'cohen_kappa_linear', multi: 'fleiss_kappa_linear' });
  expect(statChoice('ac2_linear')).toMatchObject({ pairwise: 'gwet_ac2_linear', multi: 'gwet_ac2_linear' });
  expect(statChoice('alpha_ordinal')).toMatchObject({ pairwise: 'krippendorff_alpha_ordinal', multi: 'krippendorff_alpha_ordinal' });
  expect(statChoice('percent_agreement')).toMatchObject({ pairwise: 'percent_agreement', multi: 'percent_agreement' });
});
