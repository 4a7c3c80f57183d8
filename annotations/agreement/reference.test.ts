/**
 * Correctness against independent implementations: every fixture's reference (sklearn, statsmodels, a
 * numpy transcription of irrCAC, pairable-value Krippendorff, R psych; see fixtures/make_reference.py)
 * to 1e-9 for point estimates and 1e-6 for SEs and CI bounds, plus the published values and the
 * behaviours each dataset was built to show.
 */
import { describe, expect, it } from 'vitest';
import { compareFixture, compareReport, fixtureNames, loadFixture, type Reference } from './fixtures/compare-reference.js';
import { computeAgreementReport, type StatisticResult } from './report.js';

const names = fixtureNames();

describe('reference datasets', () => {
  it('has the fixtures the spec asks for', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const required of [
      'perfect_agreement',
      'total_disagreement',
      'all_one_grade',
      'prevalence_paradox',
      'missing_reads',
      'five_raters_q4',
      'unused_grade',
      'simulated_lumbar_300',
      'fleiss_1971_diagnoses',
      'krippendorff_2011_reliability',
    ]) {
      expect(names).toContain(required);
    }
  });

  it.each(names)('%s matches the reference implementations', (name) => {
    const c = compareFixture(name);
    expect(c.failures).toEqual([]);
    expect(c.compared).toBeGreaterThan(20);
    expect(c.maxPoint).toBeLessThanOrEqual(1e-9);
    expect(c.maxSe).toBeLessThanOrEqual(1e-6);
    expect(c.maxCi).toBeLessThanOrEqual(1e-6);
    expect(c.maxPsych).toBeLessThanOrEqual(1e-6);
  });

  it('detects a difference above tolerance, a definedness mismatch and a missing statistic (the comparison can fail)', () => {
    const { dataset, reference } = loadFixture('missing_reads');
    const report = computeAgreementReport(dataset, { bootstrap: 0 });
    const perturbed = structuredClone(reference) as Reference;
    perturbed.subsets.overall!.multi_rater.fleiss_kappa!.value! += 1e-8;
    expect(compareReport('x', report, perturbed).maxPoint).toBeGreaterThan(1e-9);
    const nulled = structuredClone(reference) as Reference;
    nulled.subsets.overall!.multi_rater.gwet_ac1!.value = null;
    expect(compareReport('x', report, nulled).failures.length).toBeGreaterThan(0);
    const extra = structuredClone(reference) as Reference;
    extra.subsets.overall!.multi_rater.made_up_statistic = { value: 0.5 };
    expect(compareReport('x', report, extra).failures.length).toBeGreaterThan(0);
  });
});

const overall = (name: string) => computeAgreementReport(loadFixture(name).dataset, { bootstrap: 0 }).subsets.overall!;
const value = (s: StatisticResult | undefined): number | null | undefined => s?.value;

describe('published values', () => {
  it('Fleiss (1971) diagnoses: kappa 0.430', () => {
    const s = overall('fleiss_1971_diagnoses');
    expect(value(s.multi_rater.fleiss_kappa)).toBeCloseTo(0.4302445, 7); // irr::kappam.fleiss
    expect(value(s.multi_rater.fleiss_kappa)!.toFixed(3)).toBe('0.430');
  });

  it('Krippendorff (2011) reliability data: alpha nominal 0.743, ordinal 0.815, interval 0.849', () => {
    const s = overall('krippendorff_2011_reliability');
    expect(value(s.multi_rater.krippendorff_alpha_nominal)!.toFixed(3)).toBe('0.743');
    expect(value(s.multi_rater.krippendorff_alpha_ordinal)!.toFixed(3)).toBe('0.815');
    expect(value(s.multi_rater.krippendorff_alpha_interval)!.toFixed(3)).toBe('0.849');
  });
});

describe('behaviours the datasets were built to show', () => {
  it('all one grade: kappas and alphas undefined (null, undefined: true), percent agreement and AC1 = 1', () => {
    const s = overall('all_one_grade');
    for (const stat of [
      'fleiss_kappa',
      'conger_kappa',
      'fleiss_kappa_complete_cases',
      'krippendorff_alpha_ordinal',
      'light_kappa_available_pairs',
    ] as const) {
      expect(s.multi_rater[stat]).toMatchObject({ value: null, undefined: true });
    }
    expect(s.multi_rater.fleiss_kappa).toMatchObject({ se: null, ci95: null });
    expect(value(s.multi_rater.percent_agreement)).toBe(1);
    expect(value(s.multi_rater.gwet_ac1)).toBe(1);
    expect(s.multi_rater.gwet_ac1?.undefined).toBeUndefined();
    const pair = s.pairwise['R1|R2']!;
    expect(pair.cohen_kappa).toMatchObject({ value: null, undefined: true });
    expect(pair.specific_agreement_by_category['0']?.value).toBe(1);
    expect(pair.specific_agreement_by_category['2']).toMatchObject({ value: null, undefined: true });
    expect(JSON.stringify(s)).not.toMatch(/NaN|Infinity/);
  });

  it('prevalence paradox: high agreement, kappa near zero, AC1 high', () => {
    const s = overall('prevalence_paradox');
    expect(value(s.pairwise['A|B']!.percent_agreement)).toBeCloseTo(0.91, 12);
    expect(value(s.pairwise['A|B']!.cohen_kappa)).toBeLessThan(0.2);
    expect(value(s.pairwise['A|B']!.gwet_ac1)).toBeGreaterThan(0.85);
  });

  it('perfect agreement: every coefficient 1, kappa SE 0', () => {
    const s = overall('perfect_agreement');
    for (const r of Object.values(s.multi_rater)) expect(r?.value).toBeCloseTo(1, 12);
    expect(s.pairwise['R1|R2']!.cohen_kappa?.se).toBeCloseTo(0, 12);
  });

  it('total disagreement: percent agreement 0, negative kappa', () => {
    const s = overall('total_disagreement');
    expect(value(s.pairwise['A|B']!.percent_agreement)).toBe(0);
    expect(value(s.pairwise['A|B']!.cohen_kappa)).toBeCloseTo(-0.5, 12);
  });

  it('missing reads: the unrated item counts in n_items only; pairs use both-rated items', () => {
    const s = overall('missing_reads');
    expect(s.n_items).toBe(60);
    expect(s.n_items_with_rating).toBeLessThanOrEqual(59); // item i005 has no rating (and chance made one more)
    expect(s.n_items_with_rating).toBeGreaterThan(50);
    expect(s.n_items_pairable).toBeLessThan(s.n_items_with_rating);
    expect(s.pairwise['R1|R2']!.n).toBeLessThan(s.n_items_pairable);
  });

  it('unused grade: the fixed 3-grade scale rules (a 3 x 3 confusion matrix, a weighted kappa that differs from q = 2)', () => {
    const s = overall('unused_grade');
    const pair = s.pairwise['A|B']!;
    expect(pair.confusion_matrix).toHaveLength(3);
    expect(pair.confusion_matrix[2]).toEqual([0, 0, 0]);
    const twoGrades = computeAgreementReport(
      { ...loadFixture('unused_grade').dataset, categories: [0, 1], category_labels: undefined },
      { bootstrap: 0 },
    );
    const q2 = twoGrades.subsets.overall!.pairwise['A|B']!;
    expect(value(q2.cohen_kappa)).toBeCloseTo(value(pair.cohen_kappa)!, 12); // unweighted kappa ignores the empty grade
    expect(Math.abs(value(q2.gwet_ac1)! - value(pair.gwet_ac1)!)).toBeGreaterThan(1e-3); // AC1's chance term does not
  });

  it('nominal scales report no statistic that needs an order', () => {
    const s = overall('nominal_strings');
    expect(Object.keys(s.multi_rater)).not.toContain('fleiss_kappa_quadratic');
    expect(Object.keys(s.pairwise['X|Y']!)).not.toContain('cohen_kappa_linear');
    expect(Object.keys(s.pairwise['X|Y']!.specific_agreement_by_category)).toEqual(['cyst', 'tumour', 'normal']);
  });

  it('simulated lumbar set: per-condition and per-level breakdowns, kappa paradox visible', () => {
    const report = computeAgreementReport(loadFixture('simulated_lumbar_300').dataset, { bootstrap: 0 });
    const keys = Object.keys(report.subsets);
    expect(keys).toHaveLength(1 + 5 + 5 + 25);
    expect(keys[0]).toBe('overall');
    expect(keys[1]).toBe('condition=Spinal Canal Stenosis');
    expect(keys).toContain('condition=Right Subarticular Stenosis|level=L5/S1');
    const scs = report.subsets['condition=Spinal Canal Stenosis']!.multi_rater;
    const ss = report.subsets['condition=Left Subarticular Stenosis']!.multi_rater;
    expect(value(scs.fleiss_kappa)!).toBeGreaterThan(value(ss.fleiss_kappa)!); // less reader noise on the central canal
  });
});
