/**
 * Writes the built-in demo dataset: synthetic lumbar MRI studies in the Kaggle RSNA 2024 layout, with their
 * ground truth.
 *
 * Output (under outDir): `train_images/{study_id}/{series_id}/{instance_number}.dcm`,
 * `train_series_descriptions.csv` (Kaggle header and series type strings, rows sorted numerically by
 * study then series) and `demo_ground_truth.json` (the manifest, see manifest.ts). Invariants: same options
 * -> byte-identical files; the returned manifest equals `computeDemoManifest(options)`; files are written
 * study by study so memory stays bounded.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { instanceAttributes } from './dicom-dataset.js';
import { encodeInstance } from './dicom-writer.js';
import { manifestOf, planDemoDataset, type DatasetPlan, type DemoManifest, type DemoOptions } from './manifest.js';
import { buildPhantom } from './phantom.js';
import { uidFor } from './random.js';
import { PhantomRenderer, type Contrast } from './render.js';

export interface GenerateDemoOptions extends DemoOptions {
  readonly outDir: string;
  /** Called after each study is written (for progress display). */
  readonly onStudy?: (done: number, total: number) => void;
}

export const GROUND_TRUTH_FILE = 'demo_ground_truth.json';
export const SERIES_DESCRIPTIONS_FILE = 'train_series_descriptions.csv';

/** train_series_descriptions.csv content for a plan (LF line endings, trailing newline). */
export function seriesDescriptionsCsv(plan: DatasetPlan): string {
  const rows = plan.studies
    .flatMap((study) => study.series.map((s) => [study.studyId, s.seriesId, s.type] as const))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return ['study_id,series_id,series_description', ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

/** Generates the dataset into `outDir` and returns its ground truth. */
export async function generateDemoDataset(options: GenerateDemoOptions): Promise<DemoManifest> {
  const plan = planDemoDataset(options);
  const imagesDir = join(options.outDir, 'train_images');
  await mkdir(imagesDir, { recursive: true });
  let done = 0;
  for (const study of plan.studies) {
    const renderer = new PhantomRenderer(buildPhantom(study.anatomy), `${plan.seed}|noise|${study.index}`);
    // Sagittal T1 and T2 share their planes: render each plane once for both contrasts.
    const rendered = new Map<string, Partial<Record<Contrast, Uint16Array>>>();
    for (const series of study.series) {
      const dir = join(imagesDir, String(study.studyId), String(series.seriesId));
      await mkdir(dir, { recursive: true });
      for (const slice of series.slices) {
        const key = JSON.stringify(slice.plane);
        let images = rendered.get(key);
        if (!images) {
          const noiseKey = `${plan.seed}|${study.index}|${key}`;
          if (series.type === 'Axial T2') {
            images = renderer.render(slice.plane, noiseKey, [series.contrast]);
          } else {
            images = renderer.render(slice.plane, noiseKey, ['T1', 'T2']);
            rendered.set(key, images);
          }
        }
        const pixels = images[series.contrast];
        if (!pixels) throw new Error(`no ${series.contrast} image rendered`);
        const sop = uidFor(plan.seed, 'sop', study.index, series.seriesInstanceUid, slice.instanceNumber);
        const attributes = instanceAttributes(study, series, slice.instanceNumber, slice.plane, sop);
        await writeFile(join(dir, `${slice.instanceNumber}.dcm`), encodeInstance(attributes, pixels));
      }
    }
    done++;
    options.onStudy?.(done, plan.studies.length);
  }
  await writeFile(join(options.outDir, SERIES_DESCRIPTIONS_FILE), seriesDescriptionsCsv(plan));
  const manifest = manifestOf(plan);
  await writeFile(join(options.outDir, GROUND_TRUTH_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
