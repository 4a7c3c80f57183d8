/**
 * Benchmark: Kaggle export of 2,697 studies x 3 readers (simulated grades and points), ours vs pandas.
 *
 * Ours: `exportKaggleFiles` per reader (checks, numeric sorting and formatting of the three files).
 * pandas: `DataFrame.to_csv(index=False)` of the same three tables per reader, already sorted (so pandas
 * does less work than we do), timed inside Python with the data loaded beforehand; a sort+to_csv timing is
 * printed for information. Both sides run warm-up rounds, then ROUNDS timed rounds; the median round
 * (all 3 readers) is reported. pandas' output of reader 0 is compared byte for byte with ours.
 * Runs Debian's /usr/bin/python3 (python3-pandas). Usage: `npx tsx scripts/bench/export.ts`.
 * The last line is JSON: {"bench":"export","ours_ms":..,"pandas_ms":..,"ratio":ours/pandas,"goal":"<1"}.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CONDITION_LEVELS, CONDITIONS, GRADES, LEVELS, columnName, type Grade } from '../../annotations/domain/protocol.js';
import { compareCoordinateRows, type CoordinateRow } from '../../annotations/kaggle/coordinates-csv.js';
import { exportKaggleFiles } from '../../annotations/kaggle/export-files.js';
import type { KaggleLabelSet, KagglePoint, KaggleSeries, KaggleStudy } from '../../annotations/kaggle/model.js';
import { compareIds } from '../../annotations/kaggle/numbers.js';

const STUDIES = 2697;
const READERS = 3;
const WARMUP = 2;
const ROUNDS = 7;
const PYTHON = '/usr/bin/python3';

/** mulberry32: small, seeded, good enough for simulation. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(2024);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

interface TruthStudy {
  studyId: string;
  series: KaggleSeries[];
  grades: Array<Grade | null>;
  points: KagglePoint[];
}

function simulateTruth(): TruthStudy[] {
  const ids = new Set<string>();
  while (ids.size < STUDIES) ids.add(String(4_000_000 + Math.floor(random() * 4_290_000_000)));
  return [...ids].map((studyId) => {
    const newSeriesId = (): string => String(1_000_000 + Math.floor(random() * 4_290_000_000));
    const sagT1 = newSeriesId();
    const sagT2 = newSeriesId();
    const axials = Array.from({ length: random() < 0.17 ? 2 + Math.floor(random() * 3) : 1 }, newSeriesId);
    const series: KaggleSeries[] = [
      { seriesId: sagT1, description: 'Sagittal T1' },
      { seriesId: sagT2, description: 'Sagittal T2/STIR' },
      ...axials.map((seriesId) => ({ seriesId, description: 'Axial T2' as const })),
    ];
    const size = pick([384, 448, 512, 640]);
    const grades = CONDITION_LEVELS.map(() => {
      const r = random();
      return r < 0.03 ? null : r < 0.75 ? GRADES[0] : r < 0.92 ? GRADES[1] : GRADES[2];
    });
    const midSag = 8 + Math.floor(random() * 4);
    const points = CONDITION_LEVELS.map(({ condition, level }, i): KagglePoint => {
      const l = LEVELS.indexOf(level);
      const c = CONDITIONS.indexOf(condition);
      const seriesId = c === 0 ? sagT2 : c <= 2 ? sagT1 : axials[Math.min(l % axials.length, axials.length - 1)]!;
      const instanceNumber = c === 0 ? midSag : c === 1 ? midSag - 5 : c === 2 ? midSag + 5 : 3 + l * 6;
      const x = size * (0.35 + 0.3 * random()) + (i % 3) * 0.1;
      const y = size * (0.2 + 0.12 * l) + random();
      return { seriesId, instanceNumber, condition, level, x, y };
    });
    return { studyId, series, grades, points };
  });
}

/** One reader: the truth with grade disagreements, some missing cells and jittered points. */
function simulateReader(truth: readonly TruthStudy[]): KaggleLabelSet {
  const studies = truth.map((t): KaggleStudy => {
    const grades = new Map<string, Grade | null>();
    const points: KagglePoint[] = [];
    CONDITION_LEVELS.forEach((cl, i) => {
      let grade = t.grades[i] ?? null;
      if (grade !== null && random() < 0.15) grade = pick(GRADES);
      if (random() < 0.02) grade = null;
      grades.set(columnName(cl), grade);
      if (grade === null) return;
      const p = t.points[i]!;
      const integral = random() < 0.05; // some readers' tools snap to whole pixels: written as 261.0
      const x = integral ? Math.round(p.x) : p.x + gauss() * 1.5;
      const y = integral ? Math.round(p.y) : p.y + gauss() * 1.5;
      points.push({ ...p, x, y });
    });
    return { studyId: t.studyId, grades, points, series: t.series };
  });
  return { studies };
}

/** The tables pandas gets, in file order, as columns (JSON keeps every double exact). */
function tables(set: KaggleLabelSet): unknown {
  const studies = [...set.studies].sort((a, b) => compareIds(a.studyId, b.studyId));
  const coords: CoordinateRow[] = studies.flatMap((s) => s.points.map((p) => ({ ...p, studyId: s.studyId })));
  coords.sort(compareCoordinateRows);
  const series = studies.flatMap((s) =>
    [...s.series].sort((a, b) => compareIds(a.seriesId, b.seriesId)).map((r) => ({ ...r, studyId: s.studyId })),
  );
  const columns = CONDITION_LEVELS.map(columnName);
  return {
    train: {
      study_id: studies.map((s) => Number(s.studyId)),
      ...Object.fromEntries(columns.map((c) => [c, studies.map((s) => s.grades.get(c) ?? null)])),
    },
    coordinates: {
      study_id: coords.map((r) => Number(r.studyId)),
      series_id: coords.map((r) => Number(r.seriesId)),
      instance_number: coords.map((r) => r.instanceNumber),
      condition: coords.map((r) => r.condition),
      level: coords.map((r) => r.level),
      x: coords.map((r) => r.x),
      y: coords.map((r) => r.y),
    },
    series: {
      study_id: series.map((r) => Number(r.studyId)),
      series_id: series.map((r) => Number(r.seriesId)),
      series_description: series.map((r) => r.description),
    },
  };
}

const PANDAS_SCRIPT = String.raw`
import json, statistics, sys, time
import pandas as pd
data_path, out_dir, warmup, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(data_path) as f:
    readers = json.load(f)
TRAIN = ['study_id'] + [c for c in readers[0]['train'] if c != 'study_id']
CONDITIONS = ['Spinal Canal Stenosis', 'Left Neural Foraminal Narrowing', 'Right Neural Foraminal Narrowing',
              'Left Subarticular Stenosis', 'Right Subarticular Stenosis']
LEVELS = ['L1/L2', 'L2/L3', 'L3/L4', 'L4/L5', 'L5/S1']
frames = []
for r in readers:
    train = pd.DataFrame(r['train'])[TRAIN]
    coords = pd.DataFrame(r['coordinates'])
    series = pd.DataFrame(r['series'])
    frames.append((train, coords, series))
def export(frames):
    return [(t.to_csv(index=False), c.to_csv(index=False), s.to_csv(index=False)) for t, c, s in frames]
def sort_export(frames):
    out = []
    for t, c, s in frames:
        t = t.sample(frac=1, random_state=0).sort_values('study_id')
        c = c.sample(frac=1, random_state=0)
        c = c.assign(_c=c['condition'].map(CONDITIONS.index), _l=c['level'].map(LEVELS.index))
        c = c.sort_values(['study_id', 'series_id', 'instance_number', '_c', '_l'])[list(c.columns[:7])]
        s = s.sample(frac=1, random_state=0).sort_values(['study_id', 'series_id'])
        out.append((t.to_csv(index=False), c.to_csv(index=False), s.to_csv(index=False)))
    return out
def timed(fn):
    for _ in range(warmup):
        fn(frames)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        result = fn(frames)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result
ms, result = timed(export)
sort_ms, _ = timed(sort_export)
for name, text in zip(['train.csv', 'train_label_coordinates.csv', 'train_series_descriptions.csv'], result[0]):
    with open(f'{out_dir}/{name}', 'w', newline='') as f:
        f.write(text)
print(json.dumps({'ms': ms, 'sort_ms': sort_ms, 'pandas': pd.__version__}))
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function main(): void {
  const truth = simulateTruth();
  const readers = Array.from({ length: READERS }, () => simulateReader(truth));
  const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
  try {
    // Ours.
    const run = (): Array<ReturnType<typeof exportKaggleFiles>> => readers.map((r) => exportKaggleFiles(r));
    for (let i = 0; i < WARMUP; i++) run();
    const times: number[] = [];
    let results = run();
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      results = run();
      times.push(performance.now() - t0);
    }
    const oursMs = median(times);

    // pandas, on the same tables.
    writeFileSync(join(dir, 'data.json'), JSON.stringify(readers.map(tables)));
    writeFileSync(join(dir, 'bench.py'), PANDAS_SCRIPT);
    const py = spawnSync(PYTHON, [join(dir, 'bench.py'), join(dir, 'data.json'), dir, String(WARMUP), String(ROUNDS)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (py.status !== 0) throw new Error(`pandas benchmark failed (${PYTHON}): ${py.stderr}`);
    const pandas = JSON.parse(py.stdout.trim().split('\n').at(-1)!) as { ms: number; sort_ms: number; pandas: string };

    const ours = results[0]!.files;
    const same = {
      train: readFileSync(join(dir, 'train.csv'), 'utf8') === ours.train,
      coordinates: readFileSync(join(dir, 'train_label_coordinates.csv'), 'utf8') === ours.coordinates,
      seriesDescriptions: readFileSync(join(dir, 'train_series_descriptions.csv'), 'utf8') === ours.seriesDescriptions,
    };
    const rows = results.map((r) => r.summary.rows);
    const bytes = results.reduce((n, r) => n + r.files.train.length + r.files.coordinates.length + r.files.seriesDescriptions.length, 0);
    console.log(`Kaggle export: ${STUDIES} studies x ${READERS} readers, median of ${ROUNDS} rounds after ${WARMUP} warm-up`);
    rows.forEach((r, i) =>
      console.log(`  reader ${i + 1}: train.csv ${r.train} rows, coordinates ${r.coordinates} rows, series ${r.seriesDescriptions} rows`),
    );
    console.log(`  output per round: ${(bytes / 1e6).toFixed(1)} MB`);
    console.log(`  ours (check + sort + format, 3 readers):  ${oursMs.toFixed(1)} ms`);
    console.log(`  pandas ${pandas.pandas} to_csv of pre-sorted tables:  ${pandas.ms.toFixed(1)} ms`);
    console.log(`  pandas sort_values + to_csv (information):  ${pandas.sort_ms.toFixed(1)} ms`);
    console.log(`  byte-identical to pandas (reader 1): ${JSON.stringify(same)}`);
    if (!same.train || !same.coordinates || !same.seriesDescriptions) process.exitCode = 1;
    const ratio = oursMs / pandas.ms;
    console.log(
      JSON.stringify({
        bench: 'export',
        ours_ms: +oursMs.toFixed(2),
        pandas_ms: +pandas.ms.toFixed(2),
        ratio: +ratio.toFixed(3),
        goal: '<1',
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
