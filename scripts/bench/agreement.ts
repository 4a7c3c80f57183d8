/**
 * Benchmark of the agreement engine: `npx tsx scripts/bench/agreement.ts` (npm run bench:agreement).
 *
 * Simulates 2,697 studies x 25 labels x 3 readers (seeded, ~80% Normal/Mild, reader bias), computes every
 * statistic of every breakdown (36 subsets) with analytic intervals and a B = 1000 study bootstrap, and
 * times Debian's Python (/usr/bin/python3: statsmodels fleiss_kappa + sklearn cohen_kappa_score) computing
 * only the point estimates of the same breakdowns on the same data. Python's in-process compute time
 * excludes interpreter start, imports and reading the data file, which are reported separately.
 * Ends with one JSON line: {"bench":"agreement","ours_ms",..,"python_points_only_ms",..,"ratio",..,"goal":"<1"}.
 *
 * Options: --studies N (2697), --bootstrap B (1000), --seed S (1), --python PATH (/usr/bin/python3).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { indexDataset } from '../../annotations/agreement/dataset.js';
import { buildAgreementDataset } from '../../annotations/agreement/lumbar.js';
import { computeIndexedReport } from '../../annotations/agreement/report.js';
import { simulateLumbarGrades } from '../../annotations/agreement/simulate.js';

const { values } = parseArgs({
  options: {
    studies: { type: 'string', default: '2697' },
    bootstrap: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    python: { type: 'string', default: '/usr/bin/python3' },
  },
});
const studies = Number(values.studies);
const B = Number(values.bootstrap);
const seed = Number(values.seed);

const PYTHON_SCRIPT = String.raw`
import json, sys, time
t0 = time.perf_counter()
import numpy as np
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
t1 = time.perf_counter()
with open(sys.argv[1]) as f:
    d = json.load(f)
R = d['raters']
X = np.array(d['ratings'], dtype=np.int64).reshape(-1, R)
cond = np.array(d['condition']); level = np.array(d['level'])
t2 = time.perf_counter()
subsets = [np.ones(len(X), dtype=bool)]
subsets += [cond == c for c in range(5)] + [level == l for l in range(5)]
subsets += [(cond == c) & (level == l) for c in range(5) for l in range(5)]
out = []
for mask in subsets:
    Xs = X[mask]
    complete = Xs[(Xs >= 0).all(axis=1)]
    res = [fleiss_kappa(aggregate_raters(complete, n_cat=3)[0])]
    for a in range(R):
        for b in range(a + 1, R):
            both = (Xs[:, a] >= 0) & (Xs[:, b] >= 0)
            for w in (None, 'linear', 'quadratic'):
                res.append(cohen_kappa_score(Xs[both, a], Xs[both, b], labels=[0, 1, 2], weights=w))
    out.append(res)
t3 = time.perf_counter()
print(json.dumps({'import_ms': (t1 - t0) * 1e3, 'load_ms': (t2 - t1) * 1e3, 'compute_ms': (t3 - t2) * 1e3,
                  'subsets': len(out), 'overall_fleiss_complete': out[0][0], 'overall_kappa_r1_r2': out[0][1]}))
`;

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;

console.log(`agreement benchmark: ${studies} studies x 25 labels x 3 readers, B = ${B}, seed ${seed}`);
const tSim = performance.now();
const records = simulateLumbarGrades({ studies, seed });
const dataset = buildAgreementDataset(records, { id: 'bench' });
const simMs = performance.now() - tSim;

// Ours: validation + indexing + every statistic, every breakdown, analytic SEs, bootstrap.
const t0 = performance.now();
const data = indexDataset(dataset);
const report = computeIndexedReport(data, { bootstrap: B, seed });
const oursMs = performance.now() - t0;
const t1 = performance.now();
computeIndexedReport(data, { bootstrap: 0, seed });
const pointsMs = performance.now() - t1;

const overall = report.subsets.overall!;
const subsetCount = Object.keys(report.subsets).length;
const share0 = overall.pairwise['R1|R2']!.confusion_matrix[0]!.reduce((s, x) => s + x, 0) / overall.pairwise['R1|R2']!.n;

// Python: the same ratings matrix, point estimates only.
const dir = mkdtempSync(join(tmpdir(), 'agreement-bench-'));
let python: { import_ms: number; load_ms: number; compute_ms: number; subsets: number; overall_fleiss_complete: number; overall_kappa_r1_r2: number } | undefined;
let pythonWallMs = Number.NaN;
let pythonError: string | undefined;
try {
  const R = data.raters.length;
  writeFileSync(join(dir, 'bench.py'), PYTHON_SCRIPT);
  writeFileSync(
    join(dir, 'data.json'),
    JSON.stringify({ raters: R, ratings: Array.from(data.ratings), condition: Array.from(data.itemCondition), level: Array.from(data.itemLevel) }),
  );
  const tp = performance.now();
  const run = spawnSync(values.python, [join(dir, 'bench.py'), join(dir, 'data.json')], { encoding: 'utf8' });
  pythonWallMs = performance.now() - tp;
  if (run.status === 0) python = JSON.parse(run.stdout.trim().split('\n').pop()!) as typeof python;
  else pythonError = (run.error?.message ?? run.stderr).trim().split('\n').pop();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`  simulated ${records.length} grades in ${simMs.toFixed(0)} ms (Normal/Mild share R1: ${(100 * share0).toFixed(1)}%)`);
console.log(`  ours: ${subsetCount} subsets x (15 multi-rater + 3 pairs x 13) statistics, analytic SEs, bootstrap B=${B}`);
console.log(`    total (validate + index + points + SEs + bootstrap) ${fmt(oursMs)}`);
console.log(`    points + analytic SEs only (second run, warm)         ${fmt(pointsMs)}`);
console.log(`    overall fleiss_kappa ${overall.multi_rater.fleiss_kappa?.value?.toFixed(4)}  bootstrap CI ${JSON.stringify(overall.multi_rater.fleiss_kappa?.bootstrap.ci95_percentile?.map((x) => +x.toFixed(4)))}`);
if (python) {
  const startMs = pythonWallMs - python.import_ms - python.load_ms - python.compute_ms;
  console.log(`  python (${values.python}): statsmodels fleiss_kappa + sklearn cohen_kappa_score, points only, ${python.subsets} subsets`);
  console.log(`    compute ${fmt(python.compute_ms)}   (imports ${fmt(python.import_ms)}, data load ${fmt(python.load_ms)}, interpreter start ${fmt(startMs)})`);
  const ours = report.subsets.overall!;
  const dFleiss = Math.abs(ours.multi_rater.fleiss_kappa_complete_cases!.value! - python.overall_fleiss_complete);
  const dKappa = Math.abs(ours.pairwise['R1|R2']!.cohen_kappa!.value! - python.overall_kappa_r1_r2);
  console.log(`    same numbers: |fleiss_complete - statsmodels| = ${dFleiss.toExponential(1)}, |kappa R1|R2 - sklearn| = ${dKappa.toExponential(1)}`);
} else console.log(`  python failed: ${pythonError}`);

const result = {
  bench: 'agreement',
  ours_ms: Math.round(oursMs),
  python_points_only_ms: python ? Math.round(python.compute_ms) : null,
  ratio: python ? +(oursMs / python.compute_ms).toFixed(3) : null,
  goal: '<1',
  studies,
  labels: studies * 25,
  readers: 3,
  bootstrap: B,
  subsets: subsetCount,
  ours_points_only_ms: Math.round(pointsMs),
  python_import_ms: python ? Math.round(python.import_ms) : null,
  python_load_ms: python ? Math.round(python.load_ms) : null,
  python_startup_ms: python ? Math.round(pythonWallMs - python.import_ms - python.load_ms - python.compute_ms) : null,
};
console.log(JSON.stringify(result));
