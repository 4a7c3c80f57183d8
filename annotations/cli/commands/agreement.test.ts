/**
 * `lumbar agreement`: the exact --json shape, the readable table, and clear failures (exit 1 without a
 * stack trace on bad input, exit 2 with the usage on bad options), run in-process through runCli.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../agreement/fixtures/compare-reference.js';
import { runCli } from '../main.js';
import { captureIO } from '../../test-support/cli-io.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agreement-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SUBSET_KEYS = [
  'n_items',
  'n_items_with_rating',
  'n_items_pairable',
  'n_items_complete',
  'n_ratings',
  'n_studies',
  'multi_rater',
  'pairwise',
];
const MULTI = [
  'percent_agreement',
  'percent_agreement_unanimous',
  'fleiss_kappa',
  'fleiss_kappa_linear',
  'fleiss_kappa_quadratic',
  'fleiss_kappa_complete_cases',
  'conger_kappa',
  'light_kappa_complete_cases',
  'light_kappa_available_pairs',
  'krippendorff_alpha_nominal',
  'krippendorff_alpha_ordinal',
  'krippendorff_alpha_interval',
  'gwet_ac1',
  'gwet_ac2_linear',
  'gwet_ac2_quadratic',
];
const PAIR = [
  'n',
  'confusion_matrix',
  'percent_agreement',
  'cohen_kappa',
  'cohen_kappa_linear',
  'cohen_kappa_quadratic',
  'gwet_ac1',
  'gwet_ac2_linear',
  'gwet_ac2_quadratic',
  'krippendorff_alpha_nominal',
  'krippendorff_alpha_ordinal',
  'krippendorff_alpha_interval',
  'specific_agreement_by_category',
];
const WITH_ANALYTIC = new Set([
  'percent_agreement',
  'fleiss_kappa',
  'fleiss_kappa_linear',
  'fleiss_kappa_quadratic',
  'conger_kappa',
  'gwet_ac1',
  'gwet_ac2_linear',
  'gwet_ac2_quadratic',
  'cohen_kappa',
  'cohen_kappa_linear',
  'cohen_kappa_quadratic',
]);

function checkStatistic(name: string, s: Record<string, unknown>): void {
  const expected = ['value', ...(s.value === null ? ['undefined'] : []), ...(WITH_ANALYTIC.has(name) ? ['se', 'ci95'] : []), 'bootstrap'];
  expect(Object.keys(s), name).toEqual(expected);
  expect(Object.keys(s.bootstrap as object), name).toEqual(['B', 'se', 'ci95_percentile', 'n_undefined']);
  if (s.value === null) expect(s.undefined).toBe(true);
}

describe('lumbar agreement --json', () => {
  it('prints exactly the documented shape', async () => {
    const io = captureIO(FIXTURES);
    expect(await runCli(['agreement', '--input', 'missing_reads.dataset.json', '--bootstrap', '50', '--seed', '7', '--json'], io)).toBe(0);
    expect(io.stderr).toBe('');
    const report = JSON.parse(io.stdout) as { subsets: Record<string, Record<string, unknown>> };
    expect(Object.keys(report)).toEqual(['subsets']);
    expect(Object.keys(report.subsets)).toEqual(['overall', 'condition=A', 'condition=B']);
    for (const subset of Object.values(report.subsets)) {
      expect(Object.keys(subset)).toEqual(SUBSET_KEYS);
      const multi = subset.multi_rater as Record<string, Record<string, unknown>>;
      expect(Object.keys(multi)).toEqual(MULTI);
      for (const [name, s] of Object.entries(multi)) checkStatistic(name, s);
      const pairwise = subset.pairwise as Record<string, Record<string, unknown>>;
      expect(Object.keys(pairwise)).toEqual(['R1|R2', 'R1|R3', 'R2|R3']);
      for (const pair of Object.values(pairwise)) {
        expect(Object.keys(pair)).toEqual(PAIR);
        expect(pair.confusion_matrix).toHaveLength(3);
        for (const name of PAIR.slice(2, -1)) checkStatistic(name, pair[name] as Record<string, unknown>);
        const specific = pair.specific_agreement_by_category as Record<string, Record<string, unknown>>;
        expect(Object.keys(specific)).toEqual(['0', '1', '2']);
        for (const s of Object.values(specific)) checkStatistic('specific', s);
      }
    }
    expect(io.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('gives condition, level and condition x level subsets when items carry both', async () => {
    const io = captureIO(FIXTURES);
    expect(await runCli(['agreement', '--input', 'simulated_lumbar_300.dataset.json', '--bootstrap', '0', '--json'], io)).toBe(0);
    const keys = Object.keys((JSON.parse(io.stdout) as { subsets: object }).subsets);
    expect(keys.slice(0, 3)).toEqual(['overall', 'condition=Spinal Canal Stenosis', 'condition=Left Neural Foraminal Narrowing']);
    expect(keys[6]).toBe('level=L1/L2');
    expect(keys[11]).toBe('condition=Spinal Canal Stenosis|level=L1/L2');
    expect(keys).toHaveLength(36);
  });
});

describe('lumbar agreement (tables)', () => {
  it('prints readable tables with CIs and bands', async () => {
    const io = captureIO(FIXTURES);
    expect(await runCli(['agreement', '--input', 'all_one_grade.dataset.json', '--bootstrap', '20'], io)).toBe(0);
    expect(io.stdout).toMatch(
      /^Inter-reader agreement — all_one_grade\n3 readers \(R1, R2, R3\); ordinal scale: 0 Normal\/Mild \| 1 Moderate \| 2 Severe/,
    );
    expect(io.stdout).toMatch(/overall — 30 items \(30 rated, 30 pairable, 30 complete\), 90 ratings, 6 studies/);
    expect(io.stdout).toMatch(/fleiss_kappa +undefined/);
    expect(io.stdout).toMatch(/gwet_ac1 +1\.000 +\[1\.000, 1\.000\] +\[1\.000, 1\.000\] +almost perfect/);
    expect(io.stdout).not.toMatch(/NaN/);
  });
});

describe('lumbar agreement failures', () => {
  const run = async (args: string[], file?: string) => {
    if (file !== undefined) writeFileSync(join(dir, 'in.json'), file);
    const io = captureIO(dir);
    const code = await runCli(['agreement', ...args], io);
    return { code, ...io };
  };

  it('exits 1 with what and where on an invalid dataset, no stack trace', async () => {
    const bad = JSON.stringify({
      schema: 'agreement-dataset/v1',
      measurement: 'ordinal',
      categories: [0, 1, 2],
      raters: ['A', 'B'],
      items: [{ id: 'i1' }],
      ratings: [
        ['i1', 'A', 7],
        ['i1', 'C', 0],
      ],
    });
    const r = await run(['--input', 'in.json'], bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('in.json is not a valid agreement-dataset/v1 file:');
    expect(r.stderr).toContain('ratings[0]: value 7 is not one of the categories [0,1,2] (item "i1", rater "A")');
    expect(r.stderr).toContain('ratings[1]: unknown rater "C" (item "i1")');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 on malformed JSON and on a missing file', async () => {
    const broken = await run(['--input', 'in.json'], '{"schema": ');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^lumbar agreement: in\.json is not valid JSON: /);
    const missing = await run(['--input', 'nope.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('lumbar agreement: cannot read nope.json: no such file\n');
  });

  it('exits 1 when the replicates would not fit in memory, saying how many would', async () => {
    const io = captureIO(FIXTURES);
    expect(await runCli(['agreement', '--input', 'simulated_lumbar_300.dataset.json', '--bootstrap', '900000'], io)).toBe(1);
    expect(io.stderr).toMatch(
      /^lumbar agreement: bootstrap: 900000 replicates x 1944 statistics is too many to keep; use at most \d+ replicates\n$/,
    );
  });

  it('exits 2 with the usage on bad options', async () => {
    for (const args of [
      [],
      ['--input', 'x.json', '--bootstrap', '-3'],
      ['--input', 'x.json', '--seed', 'abc'],
      ['--input', 'x.json', '--bogus'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage: lumbar agreement (--input FILE.json | --db PATH)');
    }
  });
});
