/**
 * Benchmark of the agreement engine: `npx tsx scripts/bench/agreement.ts` (npm run bench:agreement).
 *
 * Simulates 2,697 studies x 25 labels x 3 readers (seeded, ~80% Normal/Mild, reader bias), computes every
 * statistic of every breakdown (36 subsets) with analytic intervals and a B = 1000 study bootstrap, and
 * times Debian's Python (/usr/bin/python3: statsmodels fleiss_kappa + sklearn cohen_kappa_score) computing
 * only the point estimates of the same breakdowns on the same data (written to a temp file).
 *
 * Timing: Python runs as one process that reports its interpreter start, imports and data load apart
 * (not counted) and then computes once per request. The two sides alternate for --runs rounds (ours,
 * Python, ours, Python, ...) so that both see the same load on a shared machine; ours_ms and
 * python_points_only_ms are the best round of each, the *_first_ms the first (ours: cold JIT).
 * Ends with one JSON line: {"bench":"agreement","ours_ms",..,"python_points_only_ms",..,"ratio",..,"goal":"<1"}.
 *
 * Options: --studies N (2697), --bootstrap B (1000), --seed S (1), --runs R (3), --python PATH (/usr/bin/python3).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { indexDataset, type IndexedDataset } from '../../annotations/agreement/dataset.js';
import { buildAgreementDataset } from '../../annotations/agreement/lumbar.js';
import { computeIndexedReport, type AgreementReport } from '../../annotations/agreement/report.js';
import { simulateLumbarGrades } from '../../annotations/agreement/simulate.js';

const { values } = parseArgs({
  options: {
    studies: { type: 'string', default: '2697' },
    bootstrap: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    python: { type: 'string', default: '/usr/bin/python3' },
  },
});
const studies = Number(values.studies);
const B = Number(values.bootstrap);
const seed = Number(values.seed);
const runs = Math.max(1, Number(values.runs));

/** Python side: imports and load once, then one computation per line read on stdin. */
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
def compute():
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
    return out
print(json.dumps({'import_ms': (t1 - t0) * 1e3, 'load_ms': (t2 - t1) * 1e3, 'ready_ms': (time.perf_counter() - t0) * 1e3}), flush=True)
for line in sys.stdin:
    t = time.perf_counter()
    out = compute()
    ms = (time.perf_counter() - t) * 1e3
    print(json.dumps({'compute_ms': ms, 'subsets': len(out), 'overall_fleiss_complete': out[0][0], 'overall_kappa_r1_r2': out[0][1]}), flush=True)
`;

interface PythonReady {
  import_ms: number;
  load_ms: number;
  ready_ms: number;
}
interface PythonRound {
  compute_ms: number;
  subsets: number;
  overall_fleiss_complete: number;
  overall_kappa_r1_r2: number;
}

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;
const list = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(', ');

async function main(): Promise<void> {
  console.log(`agreement benchmark: ${studies} studies x 25 labels x 3 readers, B = ${B}, seed ${seed}, ${runs} alternating rounds`);
  const tSim = performance.now();
  const records = simulateLumbarGrades({ studies, seed });
  const dataset = buildAgreementDataset(records, { id: 'bench' });
  const simMs = performance.now() - tSim;

  // The data for Python: the same ratings matrix (items x readers, -1 = missing), condition and level.
  const probe = indexDataset(dataset);
  const dir = mkdtempSync(join(tmpdir(), 'agreement-bench-'));
  writeFileSync(join(dir, 'bench.py'), PYTHON_SCRIPT);
  writeFileSync(
    join(dir, 'data.json'),
    JSON.stringify({
      raters: probe.raters.length,
      ratings: Array.from(probe.ratings),
      condition: Array.from(probe.itemCondition),
      level: Array.from(probe.itemLevel),
    }),
  );
  const tSpawn = performance.now();
  const child = spawn(values.python, [join(dir, 'bench.py'), join(dir, 'data.json')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`python exited: ${stderr.trim().split('\n').pop() ?? 'no output'}`);
    return value as string;
  };

  const oursRuns: number[] = [];
  const pythonRuns: PythonRound[] = [];
  let last: { data: IndexedDataset; report: AgreementReport } | undefined;
  let ready: PythonReady | undefined;
  let startMs = Number.NaN;
  let pythonError: string | undefined;
  try {
    ready = JSON.parse(await nextLine()) as PythonReady; // imports and load finish before any timed round
    startMs = performance.now() - tSpawn - ready.ready_ms;
    for (let r = 0; r < runs; r++) {
      // Ours: validation + indexing + every statistic, every breakdown, analytic SEs, bootstrap.
      const t0 = performance.now();
      const data = indexDataset(dataset);
      last = { data, report: computeIndexedReport(data, { bootstrap: B, seed }) };
      oursRuns.push(performance.now() - t0);
      child.stdin.write('go\n');
      pythonRuns.push(JSON.parse(await nextLine()) as PythonRound);
    }
  } catch (error) {
    pythonError = (error as Error).message;
  } finally {
    child.stdin.end();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!last) {
    // Python failed before the first round: still time ours.
    const t0 = performance.now();
    const data = indexDataset(dataset);
    last = { data, report: computeIndexedReport(data, { bootstrap: B, seed }) };
    oursRuns.push(performance.now() - t0);
  }
  const { data, report } = last;
  const t1 = performance.now();
  computeIndexedReport(data, { bootstrap: 0, seed });
  const pointsMs = performance.now() - t1;

  const oursMs = Math.min(...oursRuns);
  const pyTimes = pythonRuns.map((p) => p.compute_ms);
  const pyMs = pyTimes.length > 0 ? Math.min(...pyTimes) : Number.NaN;
  const overall = report.subsets.overall!;
  const subsetCount = Object.keys(report.subsets).length;
  const share0 = overall.pairwise['R1|R2']!.confusion_matrix[0]!.reduce((s, x) => s + x, 0) / overall.pairwise['R1|R2']!.n;

  console.log(`  simulated ${records.length} grades in ${simMs.toFixed(0)} ms (Normal/Mild share R1: ${(100 * share0).toFixed(1)}%)`);
  console.log(`  ours: ${subsetCount} subsets x (15 multi-rater + 3 pairs x 13) statistics, analytic SEs, bootstrap B=${B}`);
  console.log(`    validate + index + points + SEs + bootstrap: best ${fmt(oursMs)}   (rounds: ${list(oursRuns)} ms; the first is cold)`);
  console.log(`    points + analytic SEs only (warm)             ${fmt(pointsMs)}`);
  const fk = overall.multi_rater.fleiss_kappa;
  console.log(
    `    overall fleiss_kappa ${fk?.value?.toFixed(4)}  bootstrap 95% CI ${JSON.stringify(fk?.bootstrap.ci95_percentile?.map((x) => +x.toFixed(4)))}`,
  );
  if (ready && pythonRuns.length > 0) {
    const p = pythonRuns[0]!;
    console.log(`  python (${values.python}): statsmodels fleiss_kappa + sklearn cohen_kappa_score, points only, ${p.subsets} subsets`);
    console.log(`    compute: best ${fmt(pyMs)}   (rounds: ${list(pyTimes)} ms)`);
    console.log(
      `    not counted: interpreter start ${startMs.toFixed(0)} ms, imports ${ready.import_ms.toFixed(0)} ms, data load ${ready.load_ms.toFixed(0)} ms`,
    );
    const dFleiss = Math.abs(overall.multi_rater.fleiss_kappa_complete_cases!.value! - p.overall_fleiss_complete);
    const dKappa = Math.abs(overall.pairwise['R1|R2']!.cohen_kappa!.value! - p.overall_kappa_r1_r2);
    console.log(
      `    same numbers: |fleiss_complete - statsmodels| = ${dFleiss.toExponential(1)}, |kappa R1|R2 - sklearn| = ${dKappa.toExponential(1)}`,
    );
    const perRound = oursRuns.map((o, i) => (o / pyTimes[i]!).toFixed(2)).join(', ');
    console.log(
      `  ratio ours (all statistics + bootstrap) / python (points only): ${(oursMs / pyMs).toFixed(2)} best/best (per round: ${perRound})`,
    );
  } else console.log(`  python failed: ${pythonError}`);

  const result = {
    bench: 'agreement',
    ours_ms: Math.round(oursMs),
    python_points_only_ms: Number.isFinite(pyMs) ? Math.round(pyMs) : null,
    ratio: Number.isFinite(pyMs) ? +(oursMs / pyMs).toFixed(3) : null,
    goal: '<1',
    studies,
    labels: studies * 25,
    readers: 3,
    bootstrap: B,
    subsets: subsetCount,
    rounds: runs,
    ours_first_ms: Math.round(oursRuns[0]!),
    python_first_ms: pyTimes.length > 0 ? Math.round(pyTimes[0]!) : null,
    ours_points_only_ms: Math.round(pointsMs),
    python_startup_ms: Number.isFinite(startMs) ? Math.round(startMs) : null,
    python_import_ms: ready ? Math.round(ready.import_ms) : null,
    python_load_ms: ready ? Math.round(ready.load_ms) : null,
  };
  console.log(JSON.stringify(result));
}

await main();
