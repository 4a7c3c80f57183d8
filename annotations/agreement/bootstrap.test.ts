/**
 * The study bootstrap: reproducible from its seed, identical to a naive "resample studies, rebuild the
 * dataset, recompute" bootstrap, honest about undefined replicates, wider when labels of a study are
 * correlated, and with ~95% coverage on simulated data of known kappa.
 */
import { describe, expect, it } from 'vitest';
import type { AgreementDataset, AgreementItem, AgreementRating } from './dataset.js';
import { loadFixture } from './fixtures/compare-reference.js';
import { quantileSorted, sampleSd } from './numeric.js';
import { createRng } from './prng.js';
import { computeAgreementReport, type AgreementReport, type StatisticResult } from './report.js';

/** A 2-reader dataset from [a, b] code pairs, `perStudy` items per study. */
function twoReaders(pairs: readonly (readonly [number | null, number | null])[], perStudy = 1, q = 3): AgreementDataset {
  const items: AgreementItem[] = pairs.map((_, i) => ({ id: `i${i}`, study: `s${Math.floor(i / perStudy)}` }));
  const ratings: AgreementRating[] = pairs.flatMap(([a, b], i) => [
    [`i${i}`, 'A', a],
    [`i${i}`, 'B', b],
  ]);
  return {
    schema: 'agreement-dataset/v1',
    measurement: 'ordinal',
    categories: Array.from({ length: q }, (_, k) => k),
    raters: ['A', 'B'],
    items,
    ratings,
  };
}

describe('bootstrap reproducibility', () => {
  const { dataset } = loadFixture('missing_reads');

  it('the same seed gives an identical report; another seed does not', () => {
    const a = computeAgreementReport(dataset, { bootstrap: 200, seed: 42 });
    const b = computeAgreementReport(dataset, { bootstrap: 200, seed: 42 });
    const c = computeAgreementReport(dataset, { bootstrap: 200, seed: 43 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    expect(a.subsets.overall!.multi_rater.fleiss_kappa!.bootstrap.B).toBe(200);
  });

  it('B = 0 gives bootstrap nulls and keeps the analytic intervals', () => {
    const r = computeAgreementReport(dataset, { bootstrap: 0 });
    expect(r.subsets.overall!.multi_rater.gwet_ac1!.bootstrap).toEqual({ B: 0, se: null, ci95_percentile: null, n_undefined: 0 });
    expect(r.subsets.overall!.multi_rater.gwet_ac1!.ci95).not.toBeNull();
  });
});

describe('bootstrap = resample studies and recompute', () => {
  it('matches a naive bootstrap that rebuilds each replicate dataset from the same draws', () => {
    const { dataset } = loadFixture('missing_reads');
    const B = 25;
    const seed = 9;
    const engine = computeAgreementReport(dataset, { bootstrap: B, seed });
    const studies = [...new Set(dataset.items.map((it) => it.study!))];
    const itemsOf = new Map(studies.map((s) => [s, dataset.items.filter((it) => it.study === s)]));
    const ratingsOf = new Map<string, AgreementRating[]>();
    for (const r of dataset.ratings) ratingsOf.set(r[0], [...(ratingsOf.get(r[0]) ?? []), r]);
    const rng = createRng(seed);
    const replicates: AgreementReport[] = [];
    for (let b = 0; b < B; b++) {
      const items: AgreementItem[] = [];
      const ratings: AgreementRating[] = [];
      for (let d = 0; d < studies.length; d++) {
        const study = studies[rng.int(studies.length)]!;
        for (const item of itemsOf.get(study)!) {
          const id = `${item.id}#${d}`;
          items.push({ ...item, id, study: `${study}#${d}` });
          for (const [, rater, v] of ratingsOf.get(item.id) ?? []) ratings.push([id, rater, v]);
        }
      }
      replicates.push(computeAgreementReport({ ...dataset, items, ratings }, { bootstrap: 0 }));
    }
    const probes: [string, (r: AgreementReport) => StatisticResult | undefined][] = [
      ['overall fleiss_kappa', (r) => r.subsets.overall!.multi_rater.fleiss_kappa],
      ['overall conger_kappa', (r) => r.subsets.overall!.multi_rater.conger_kappa],
      ['overall alpha ordinal', (r) => r.subsets.overall!.multi_rater.krippendorff_alpha_ordinal],
      ['overall light complete', (r) => r.subsets.overall!.multi_rater.light_kappa_complete_cases],
      ['condition=B gwet_ac2_quadratic', (r) => r.subsets['condition=B']!.multi_rater.gwet_ac2_quadratic],
      ['condition=A R1|R3 kappa linear', (r) => r.subsets['condition=A']!.pairwise['R1|R3']!.cohen_kappa_linear],
      ['overall R2|R3 specific 2', (r) => r.subsets.overall!.pairwise['R2|R3']!.specific_agreement_by_category['2']],
    ];
    for (const [name, probe] of probes) {
      const values = replicates.map((r) => probe(r)?.value ?? null);
      const defined = Float64Array.from(values.filter((v): v is number => v !== null)).sort();
      const boot = probe(engine)!.bootstrap;
      expect(boot.n_undefined, name).toBe(B - defined.length);
      expect(boot.se!, name).toBeCloseTo(sampleSd(defined), 12);
      expect(boot.ci95_percentile![0], name).toBeCloseTo(quantileSorted(defined, 0.025), 12);
      expect(boot.ci95_percentile![1], name).toBeCloseTo(quantileSorted(defined, 0.975), 12);
    }
  });
});

describe('bootstrap details', () => {
  it('drops and counts replicates where a statistic is undefined', () => {
    // 9 studies where both readers say 0, one where both say 1: a replicate without that study has no
    // variation, so kappa is undefined there, while AC1 stays defined.
    const pairs: [number, number][] = [];
    for (let s = 0; s < 10; s++) for (let i = 0; i < 3; i++) pairs.push(s === 9 ? [1, 1] : [0, 0]);
    const r = computeAgreementReport(twoReaders(pairs, 3), { bootstrap: 400, seed: 3 });
    const kappa = r.subsets.overall!.pairwise['A|B']!.cohen_kappa!;
    expect(kappa.value).toBe(1);
    // P(study 9 never drawn in 10 draws) = 0.9^10 = 0.35
    expect(kappa.bootstrap.n_undefined).toBeGreaterThan(100);
    expect(kappa.bootstrap.n_undefined).toBeLessThan(180);
    expect(r.subsets.overall!.pairwise['A|B']!.gwet_ac1!.bootstrap.n_undefined).toBe(0);
  });

  it('resamples studies: correlated labels inside a study widen the interval', () => {
    const rng = createRng(5);
    const base: [number, number][] = [];
    for (let i = 0; i < 60; i++) {
      const t = rng.next() < 0.7 ? 0 : rng.next() < 0.6 ? 1 : 2;
      base.push([t, rng.next() < 0.75 ? t : Math.min(2, t + 1)]);
    }
    const copies = base.flatMap((p) => [p, p, p, p]);
    const clustered = computeAgreementReport(twoReaders(copies, 4), { bootstrap: 400, seed: 1 });
    const independent = computeAgreementReport(twoReaders(copies, 1), { bootstrap: 400, seed: 1 });
    const kc = clustered.subsets.overall!.pairwise['A|B']!.cohen_kappa!;
    const ki = independent.subsets.overall!.pairwise['A|B']!.cohen_kappa!;
    expect(kc.value).toBe(ki.value);
    expect(kc.bootstrap.se! / ki.bootstrap.se!).toBeGreaterThan(1.6); // ~2 = sqrt(4 copies)
    expect(kc.bootstrap.se! / kc.se!).toBeGreaterThan(1.6); // the item-level analytic SE is too narrow here
  });
});

describe('coverage on simulated data with known kappa', () => {
  it('the percentile interval and the FCE interval cover the true kappa ~95% of the time', () => {
    // Population joint distribution of the two readers' grades (skewed, like lumbar grades).
    const P = [
      [0.7, 0.05, 0.01],
      [0.04, 0.1, 0.02],
      [0.01, 0.02, 0.05],
    ];
    const row = P.map((r) => r.reduce((s, x) => s + x, 0));
    const col = [0, 1, 2].map((l) => P.reduce((s, r) => s + r[l]!, 0));
    const po = P[0]![0]! + P[1]![1]! + P[2]![2]!;
    const pe = row.reduce((s, r, k) => s + r * col[k]!, 0);
    const trueKappa = (po - pe) / (1 - pe);
    const cells = P.flat();
    const rng = createRng(2024);
    const datasets = 250;
    const n = 150;
    let coveredBoot = 0;
    let coveredFce = 0;
    const started = performance.now();
    for (let d = 0; d < datasets; d++) {
      const pairs: [number, number][] = [];
      for (let i = 0; i < n; i++) {
        let u = rng.next();
        let j = 0;
        while (j < 8 && u >= cells[j]!) u -= cells[j++]!;
        pairs.push([Math.floor(j / 3), j % 3]);
      }
      const k = computeAgreementReport(twoReaders(pairs, 3), { bootstrap: 300, seed: d }).subsets.overall!.pairwise['A|B']!.cohen_kappa!;
      const [lo, hi] = k.bootstrap.ci95_percentile!;
      if (lo <= trueKappa && trueKappa <= hi) coveredBoot++;
      if (k.ci95![0] <= trueKappa && trueKappa <= k.ci95![1]) coveredFce++;
    }
    expect(coveredBoot / datasets).toBeGreaterThan(0.9);
    expect(coveredBoot / datasets).toBeLessThan(0.99);
    expect(coveredFce / datasets).toBeGreaterThan(0.9);
    expect(coveredFce / datasets).toBeLessThan(0.99);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
