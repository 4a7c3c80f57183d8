/**
 * `npm run bench:import`: indexing speed against pydicom and the I/O limit, and memory against size.
 *
 * On one generated tree of 10,000 files (256x256 16-bit MR slices, Kaggle layout), in the same run and on
 * a warm page cache: our indexer (into a fresh SQLite file; best of the 2nd and 3rd run, the 1st printed
 * too), Debian's pydicom `dcmread(stop_before_pixels=
 * True)` reading the same attributes, and a raw read of each file's first 64 KiB (the I/O limit). Then peak
 * RSS of the indexer (in a child process) at 10k and 100k files (small 32x32 files for the 100k tree).
 * Ends with one JSON line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../annotations/storage/database.js';
import { importDataset } from '../../annotations/importer/indexer.js';
import { makeMrSlice } from '../../annotations/test-support/dicom-files.js';

const FILES = Number(process.env['BENCH_FILES'] ?? 10_000);
const BIG = Number(process.env['BENCH_BIG_FILES'] ?? 100_000);

async function childMode(): Promise<void> {
  const [, , , dir, dbFile] = process.argv;
  const db = openDatabase(dbFile!);
  const t = performance.now();
  const summary = await importDataset(db, dir!);
  db.close();
  console.log(
    JSON.stringify({
      ms: performance.now() - t,
      instances: summary.instances,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

/** A Kaggle-layout tree: 100 files a series, 3 series a study. Files differ in instance number and position. */
function makeTree(root: string, count: number, size: number): void {
  const perSeries = 100;
  for (let i = 0; i < count; i++) {
    const series = Math.floor(i / perSeries);
    const study = Math.floor(series / 3);
    const n = (i % perSeries) + 1;
    const dir = path.join(root, `${1000000 + study}`, `${2000000 + series}`);
    if (n === 1) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `${n}.dcm`),
      makeMrSlice({
        rows: size,
        columns: size,
        instanceNumber: n,
        seriesUid: `2.25.${series}`,
        studyUid: `2.25.9${study}`,
        ipp: [n * 4, -100, 100],
      }),
    );
  }
}

function rawRead(root: string): number {
  const t = performance.now();
  const buffer = Buffer.allocUnsafe(64 * 1024);
  const stack = [root];
  let files = 0;
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else {
        const fd = fs.openSync(p, 'r');
        fs.readSync(fd, buffer, 0, buffer.length, 0);
        fs.closeSync(fd);
        files++;
      }
    }
  }
  if (files !== FILES) throw new Error(`raw read saw ${files} files`);
  return performance.now() - t;
}

const PYDICOM = `
import os, sys, time, pydicom
root = sys.argv[1]
t = time.perf_counter()
rows = []
for d, _, names in os.walk(root):
    for name in names:
        ds = pydicom.dcmread(os.path.join(d, name), stop_before_pixels=True)
        rows.append((ds.get('StudyInstanceUID'), ds.get('SeriesInstanceUID'), ds.get('SOPInstanceUID'), ds.get('InstanceNumber'),
                     ds.get('Rows'), ds.get('Columns'), ds.get('PixelSpacing'), ds.get('ImagePositionPatient'),
                     ds.get('ImageOrientationPatient'), ds.get('SliceThickness'), ds.get('SeriesDescription'),
                     ds.get('RepetitionTime'), ds.get('EchoTime'), ds.get('WindowCenter'), ds.get('BitsStored'),
                     ds.file_meta.get('TransferSyntaxUID')))
print((time.perf_counter() - t) * 1000, len(rows))
`;

function child(dir: string): { ms: number; instances: number; maxRssMb: number } {
  const dbFile = path.join(os.tmpdir(), `lumbar-bench-${process.pid}-${Date.now()}.sqlite`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', dir, dbFile], { encoding: 'utf8' });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { ms: number; instances: number; maxRssMb: number };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbar-bench-import-'));
  try {
    const tree = path.join(work, 'tree');
    let t = performance.now();
    makeTree(tree, FILES, 256);
    console.log(`generated ${FILES} files (256x256) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    rawRead(tree); // warm the page cache for everyone
    const rawMs = Math.min(rawRead(tree), rawRead(tree));

    // A whole import into a fresh database, three times: the first includes the JIT's warm-up (this process
    // has not run the indexer yet); like the raw read, the best of the later runs is the figure compared.
    const importMs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const dbFile = path.join(work, `bench-${run}.sqlite`);
      const db = openDatabase(dbFile);
      t = performance.now();
      const summary = await importDataset(db, tree);
      importMs.push(performance.now() - t);
      db.close();
      if (summary.instances !== FILES) throw new Error(`indexed ${summary.instances} of ${FILES}`);
    }
    const firstMs = importMs[0]!;
    const oursMs = Math.min(...importMs.slice(1));

    const py = execFileSync('/usr/bin/python3', ['-c', PYDICOM, tree], { encoding: 'utf8' }).trim().split(' ');
    const pydicomMs = Number(py[0]);
    if (Number(py[1]) !== FILES) throw new Error(`pydicom read ${py[1]} files`);

    const perSecond = (ms: number) => Math.round(FILES / (ms / 1000));
    console.log(`ours (index into SQLite): ${perSecond(oursMs)} files/s (${oursMs.toFixed(0)} ms; first run ${firstMs.toFixed(0)} ms)`);
    console.log(`pydicom stop_before_pixels: ${perSecond(pydicomMs)} files/s (${pydicomMs.toFixed(0)} ms)`);
    console.log(`raw read of first 64 KiB:  ${perSecond(rawMs)} files/s (${rawMs.toFixed(0)} ms)`);

    const small = child(tree);
    fs.rmSync(tree, { recursive: true, force: true });
    const bigTree = path.join(work, 'big');
    t = performance.now();
    makeTree(bigTree, BIG, 32);
    console.log(`generated ${BIG} files (32x32) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const big = child(bigTree);
    console.log(
      `peak RSS of the indexer: ${small.maxRssMb} MB at ${FILES} files, ${big.maxRssMb} MB at ${BIG} files (${perSecond(big.ms) * (BIG / FILES)} files/s there)`,
    );

    const vsPydicom = Math.round((pydicomMs / oursMs) * 100) / 100;
    const vsRaw = Math.round((rawMs / oursMs) * 100) / 100;
    console.log(
      JSON.stringify({
        bench: 'import',
        files: FILES,
        ours_files_per_s: perSecond(oursMs),
        ours_first_run_files_per_s: perSecond(firstMs),
        pydicom_files_per_s: perSecond(pydicomMs),
        raw_read_files_per_s: perSecond(rawMs),
        ratio: vsPydicom,
        ratio_vs_raw_read: vsRaw,
        rss_mb_10k: small.maxRssMb,
        rss_mb_100k: big.maxRssMb,
        goal: '>= 2x pydicom and >= 0.5x raw read; RSS flat in files',
      }),
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await childMode();
else await main();
