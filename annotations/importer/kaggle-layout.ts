/**
 * The Kaggle folder layout: `train_images/{study_id}/{series_id}/{instance_number}.dcm`, with
 * `train_series_descriptions.csv` beside `train_images/`. Detection and the series descriptions file.
 */
import fs from 'node:fs';
import path from 'node:path';

const KAGGLE_PATH = /^(\d+)\/(\d+)\/(\d+)\.dcm$/i;

export function kaggleIdsOfPath(relativePath: string): { studyId: string; seriesId: string; instanceNumber: number } | undefined {
  const m = KAGGLE_PATH.exec(relativePath);
  if (!m) return undefined;
  return { studyId: m[1]!, seriesId: m[2]!, instanceNumber: Number(m[3]) };
}

/** Where the images live for a folder the user opened: the folder, or its `train_images/` child. */
export function imagesRootOf(folder: string): string {
  const child = path.join(folder, 'train_images');
  try {
    if (fs.statSync(child).isDirectory()) return child;
  } catch {
    /* not a Kaggle dataset folder */
  }
  return folder;
}

/**
 * The `train_series_descriptions.csv` entries next to the images root (or inside it), keyed
 * `${study_id}/${series_id}`. Missing file: empty map. A malformed file is reported, not fatal.
 */
export function readSeriesDescriptions(imagesRoot: string): { descriptions: Map<string, string>; problem?: string } {
  const candidates = [
    path.join(path.dirname(imagesRoot), 'train_series_descriptions.csv'),
    path.join(imagesRoot, 'train_series_descriptions.csv'),
  ];
  const file = candidates.find((f) => fs.existsSync(f));
  const descriptions = new Map<string, string>();
  if (!file) return { descriptions };
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'study_id,series_id,series_description') {
    return { descriptions, problem: `${path.basename(file)}:1:1: unexpected header, file ignored` };
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const [study, series, ...rest] = line.split(',');
    if (!study || !series || rest.length === 0) {
      return { descriptions: new Map(), problem: `${path.basename(file)}:${i + 1}:1: malformed line, file ignored` };
    }
    descriptions.set(`${study}/${series}`, rest.join(','));
  }
  return { descriptions };
}
