import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITIONS, type Condition, type Grade } from '../domain/protocol.js';
import { showcaseLevels } from './grades.js';
import { computeDemoManifest, type DemoManifest, type DemoStudyTruth } from './manifest.js';
import { generateDemoDataset, GROUND_TRUTH_FILE, SERIES_DESCRIPTIONS_FILE } from './generate.js';

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
const DCIODVFY = '/usr/bin/dciodvfy';
const SEED = 1;

interface Instance {
  ds: Record<string, unknown>;
  meta: Record<string, unknown>;
  pixels: Uint16Array;
}

async function readInstance(path: string): Promise<Instance> {
  const bytes = await readFile(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const dict = DicomMessage.readFile(buffer);
  const ds = DicomMetaDictionary.naturalizeDataset(dict.dict);
  const meta = DicomMetaDictionary.naturalizeDataset(dict.meta);
  const pd = (ds.PixelData as ArrayBuffer[])[0] as ArrayBuffer;
  return { ds, meta, pixels: new Uint16Array(pd) };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out.sort();
}

const nums = (v: unknown): number[] => (v as (number | string)[]).map(Number);

describe('generateDemoDataset (files)', () => {
  let dir = '';
  let manifest: DemoManifest;
  let seconds = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lumbar-demo-'));
    const t0 = performance.now();
    manifest = await generateDemoDataset({ outDir: dir, studies: 3, seed: SEED });
    seconds = (performance.now() - t0) / 1000;
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const pathOf = (study: number, series: number, instance: number): string =>
    join(dir, 'train_images', String(study), String(series), `${instance}.dcm`);

  it('returns and writes the pure manifest', async () => {
    expect(manifest).toEqual(computeDemoManifest({ studies: 3, seed: SEED }));
    const json = JSON.parse(await readFile(join(dir, GROUND_TRUTH_FILE), 'utf8')) as unknown;
    expect(json).toEqual(manifest);
    console.info(`demo dataset: 3 studies generated in ${seconds.toFixed(2)} s`);
  });

  it('writes exactly the Kaggle layout', async () => {
    const expected = manifest.studies
      .flatMap((st) => st.series.flatMap((se) => Array.from({ length: se.instances }, (_, i) => pathOf(st.study_id, se.series_id, i + 1))))
      .concat([join(dir, GROUND_TRUTH_FILE), join(dir, SERIES_DESCRIPTIONS_FILE)])
      .sort();
    expect(await listFiles(dir)).toEqual(expected);
  });

  it('writes train_series_descriptions.csv exactly', async () => {
    const csv = await readFile(join(dir, SERIES_DESCRIPTIONS_FILE), 'utf8');
    const rows = manifest.studies
      .flatMap((st) => st.series.map((se) => [st.study_id, se.series_id, se.type] as const))
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(csv).toBe(`study_id,series_id,series_description\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    expect(csv).not.toContain('\r');
    expect(csv).not.toContain('"');
  });

  it('writes MR images that parse back with the planned geometry', async () => {
    for (const study of manifest.studies) {
      const studyUids = new Set<unknown>();
      const frames = new Set<unknown>();
      const sagOrder: Record<string, number[]> = {};
      for (const series of study.series) {
        const normals: number[] = [];
        for (let n = 1; n <= series.instances; n++) {
          const { ds, meta, pixels } = await readInstance(pathOf(study.study_id, series.series_id, n));
          expect(meta.TransferSyntaxUID).toBe('1.2.840.10008.1.2.1');
          expect(ds.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.4');
          expect(meta.MediaStorageSOPInstanceUID).toBe(ds.SOPInstanceUID);
          expect(ds.Modality).toBe('MR');
          expect(ds.InstanceNumber).toBe(n);
          expect([ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation]).toEqual([16, 12, 11, 0]);
          expect(ds.PhotometricInterpretation).toBe('MONOCHROME2');
          const rows = ds.Rows as number;
          const cols = ds.Columns as number;
          expect(pixels.length).toBe(rows * cols);
          expect(Math.max(...pixels.subarray(0, 4096))).toBeLessThanOrEqual(4095);
          const iop = nums(ds.ImageOrientationPatient);
          const ipp = nums(ds.ImagePositionPatient);
          const ps = nums(ds.PixelSpacing);
          if (series.type === 'Axial T2') {
            expect(iop).toEqual([1, 0, 0, 0, 1, 0]);
            expect([rows, cols]).toEqual([320, 320]);
            expect(ps).toEqual([0.65, 0.65]);
            expect(ds.SeriesDescription).toBe('AX T2');
            normals.push(ipp[2] as number);
          } else {
            expect(iop).toEqual([0, 1, 0, 0, 0, -1]);
            expect([rows, cols]).toEqual([384, 384]);
            expect(ps).toEqual([0.8, 0.8]);
            expect(Number(ds.SliceThickness)).toBe(3.5);
            expect(Number(ds.SpacingBetweenSlices)).toBe(4);
            expect(ds.SeriesDescription).toBe(series.type === 'Sagittal T1' ? 'SAG T1' : 'SAG T2');
            normals.push(ipp[0] as number);
          }
          expect(ds.PatientName).toEqual([{ Alphabetic: expect.stringMatching(/^Demo\^Study[123]$/) }]);
          expect(Number(ds.RepetitionTime)).toBe(series.type === 'Sagittal T1' ? 600 : series.type === 'Axial T2' ? 3800 : 3500);
          studyUids.add(ds.StudyInstanceUID);
          frames.add(ds.FrameOfReferenceUID);
        }
        if (series.type === 'Axial T2') {
          // Head to feet, 4 mm apart inside each disc block.
          for (let i = 1; i < normals.length; i++) expect(normals[i]).toBeLessThan(normals[i - 1] as number);
          expect((normals[0] as number) - (normals[1] as number)).toBeCloseTo(4, 6);
        } else {
          sagOrder[series.type] = normals;
          const sorted = [...normals].sort((a, b) => a - b);
          for (let i = 1; i < sorted.length; i++) expect((sorted[i] as number) - (sorted[i - 1] as number)).toBeCloseTo(4, 6);
        }
      }
      expect(studyUids.size).toBe(1);
      expect(frames.size).toBe(1);
      // Same slice positions, instance numbers running in opposite directions.
      const t1 = sagOrder['Sagittal T1'] as number[];
      const t2 = sagOrder['Sagittal T2/STIR'] as number[];
      expect(t1).toEqual([...t2].reverse());
      expect(t1[1] as number).toBeGreaterThan(t1[0] as number);
    }
  });

  /** Mean pixel value in a ring [r0, r1] mm around a label point. */
  async function meanAround(study: DemoStudyTruth, condition: Condition, level: string, r0: number, r1: number): Promise<number> {
    const label = study.labels.find((l) => l.condition === condition && l.level === level);
    if (!label) throw new Error('label');
    const { ds, pixels } = await readInstance(pathOf(study.study_id, label.series_id, label.instance_number));
    const cols = ds.Columns as number;
    const rows = ds.Rows as number;
    const [rs, cs] = nums(ds.PixelSpacing) as [number, number];
    let sum = 0;
    let n = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const d = Math.hypot((c - label.x) * cs, (r - label.y) * rs);
        if (d >= r0 && d <= r1) {
          sum += pixels[r * cols + c] as number;
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(5);
    return sum / n;
  }

  it('encodes the grades in the pixels at comparable levels', async () => {
    const show = showcaseLevels(SEED);
    const probe: Record<Condition, [number, number]> = {
      'Spinal Canal Stenosis': [0, 2.5], // CSF around the roots, T2
      'Left Neural Foraminal Narrowing': [3.2, 5.5], // perineural fat around the root, T1
      'Right Neural Foraminal Narrowing': [3.2, 5.5],
      'Left Subarticular Stenosis': [0, 2.5], // open recess, T2
      'Right Subarticular Stenosis': [0, 2.5],
    };
    const report: string[] = [];
    for (const condition of CONDITIONS) {
      const level = show[condition];
      const byGrade = {} as Record<Grade, number>;
      for (const study of manifest.studies) {
        const grade = study.labels.find((l) => l.condition === condition && l.level === level)?.grade as Grade;
        const [r0, r1] = probe[condition];
        byGrade[grade] = await meanAround(study, condition, level, r0, r1);
      }
      report.push(`${condition} ${level}: ${JSON.stringify(byGrade)}`);
      expect(byGrade.Severe).toBeLessThan(0.7 * byGrade['Normal/Mild']);
      expect(byGrade.Moderate).toBeLessThan(byGrade['Normal/Mild']);
    }
    console.info(report.join('\n'));
  });

  it('passes dciodvfy with no errors (one file of each series)', () => {
    expect(existsSync(DCIODVFY), `${DCIODVFY} missing: apt-get install dicom3tools`).toBe(true);
    const study = manifest.studies[0] as DemoStudyTruth;
    for (const series of study.series) {
      const file = pathOf(study.study_id, series.series_id, Math.ceil(series.instances / 2));
      const result = spawnSync(DCIODVFY, [file], { encoding: 'utf8' });
      expect(result.error).toBeUndefined();
      // dciodvfy prints the IOD name and its findings on stderr.
      const all = `${result.stdout}${result.stderr}`;
      expect(all).toContain('MRImage');
      expect(all.split('\n').filter((l) => /Error/i.test(l))).toEqual([]);
      const warnings = all.split('\n').filter((l) => /Warning/i.test(l));
      if (warnings.length) console.info(`dciodvfy warnings for ${series.type}:\n${warnings.join('\n')}`);
    }
  });
});

describe('generateDemoDataset determinism', () => {
  it('writes byte-identical files for the same seed', async () => {
    const a = await mkdtemp(join(tmpdir(), 'lumbar-demo-a-'));
    const b = await mkdtemp(join(tmpdir(), 'lumbar-demo-b-'));
    try {
      await generateDemoDataset({ outDir: a, studies: 1, seed: 77 });
      await generateDemoDataset({ outDir: b, studies: 1, seed: 77 });
      const fa = await listFiles(a);
      const fb = await listFiles(b);
      expect(fa.map((f) => f.slice(a.length))).toEqual(fb.map((f) => f.slice(b.length)));
      expect(fa.length).toBe(45 + 2);
      for (let i = 0; i < fa.length; i++) {
        const [x, y] = await Promise.all([readFile(fa[i] as string), readFile(fb[i] as string)]);
        expect(x.equals(y), fa[i]).toBe(true);
      }
    } finally {
      await rm(a, { recursive: true, force: true });
      await rm(b, { recursive: true, force: true });
    }
  }, 120_000);

  it('writes a continuous 512x512 axial stack when asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumbar-demo-c-'));
    try {
      const m = await generateDemoDataset({ outDir: dir, studies: 1, seed: 5, axialContinuousSlices: 12 });
      const study = m.studies[0] as DemoStudyTruth;
      const ax = study.series.find((s) => s.type === 'Axial T2');
      expect(ax?.instances).toBe(12);
      const { ds } = await readInstance(join(dir, 'train_images', String(study.study_id), String(ax?.series_id), '1.dcm'));
      expect([ds.Rows, ds.Columns]).toEqual([512, 512]);
      const labels = study.labels.filter((l) => l.series_id === ax?.series_id);
      expect(labels).toHaveLength(10);
      for (const l of labels) {
        expect(l.instance_number).toBeGreaterThanOrEqual(1);
        expect(l.instance_number).toBeLessThanOrEqual(12);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
