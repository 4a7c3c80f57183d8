import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.js';
import type { KaggleFiles } from './model.js';
import { validateKaggleFiles, type ImageIndex } from './validate.js';

const read = (name: string): string => readFileSync(new URL(`./fixtures/golden/${name}`, import.meta.url), 'utf8');
const GOLDEN: KaggleFiles = {
  train: read('train.csv'),
  coordinates: read('train_label_coordinates.csv'),
  seriesDescriptions: read('train_series_descriptions.csv'),
};

/** An index of the golden images: every series of the descriptions file, instances 1..30, 512 columns x 640 rows. */
function goldenIndex(overrides: Partial<ImageIndex> = {}): ImageIndex {
  const series = new Map(
    GOLDEN.seriesDescriptions
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => {
        const [study, s] = l.split(',');
        return [`${study}/${s}`, study!] as const;
      }),
  );
  const studies = new Set(series.values());
  return {
    hasStudy: (s) => studies.has(s),
    hasSeries: (s, se) => series.has(`${s}/${se}`),
    instance: (s, se, n) => (series.has(`${s}/${se}`) && n >= 1 && n <= 30 ? { rows: 640, columns: 512 } : undefined),
    ...overrides,
  };
}

function run(files: Partial<KaggleFiles>, index?: ImageIndex): { errors: string[]; warnings: string[] } {
  const result = validateKaggleFiles(files, index);
  return { errors: result.errors.map(formatIssue), warnings: result.warnings.map(formatIssue) };
}
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`missing "${from}"`);
  return text.replace(from, to);
}

describe('validateKaggleFiles', () => {
  it('finds nothing in the golden files, with or without images', () => {
    expect(run(GOLDEN)).toEqual({ errors: [], warnings: [] });
    expect(run(GOLDEN, goldenIndex())).toEqual({ errors: [], warnings: [] });
  });

  it('reports missing files and format errors of each file', () => {
    expect(run({ train: GOLDEN.train, coordinates: GOLDEN.coordinates }).errors).toEqual([
      'train_series_descriptions.csv:1:1: file is missing',
    ]);
    const result = run({ ...GOLDEN, train: edit(GOLDEN.train, '4646740,Normal/Mild,Moderate', '4646740,Normal/Mild,moderate') });
    expect(result.errors).toEqual(['train.csv:3:21: unknown grade "moderate" (expected Normal/Mild, Moderate, Severe or empty)']);
  });

  it('warns about order and non-canonical numbers', () => {
    const lines = GOLDEN.train.split('\n');
    const train = [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n');
    const coordinates = edit(GOLDEN.coordinates, ',186.0,319.0', ',186,3.19e2');
    expect(run({ ...GOLDEN, train, coordinates })).toEqual({
      errors: [],
      warnings: [
        'train.csv:3:1: rows are not sorted by study_id (first out of order here); export writes them sorted',
        'train_label_coordinates.csv:8:60: x "186" is not written the canonical way ("186.0"); export rewrites it',
        'train_label_coordinates.csv:8:64: y "3.19e2" is not written the canonical way ("319.0"); export rewrites it',
      ],
    });
  });

  it('warns about a grade without a point, a point without a grade, a second point', () => {
    const coordinates =
      edit(GOLDEN.coordinates, '4003253,702807833,8,Spinal Canal Stenosis,L2/L3,320.5710059171598,295.7869822485207\n', '') +
      '7143189,3219733239,7,Spinal Canal Stenosis,L1/L2,250.0,160.0\n4290709089,2147483648,3,Left Subarticular Stenosis,L5/S1,255.0,301.0\n';
    expect(run({ ...GOLDEN, coordinates })).toEqual({
      errors: [],
      warnings: [
        `train.csv:2:21: spinal_canal_stenosis_l2_l3 of study 4003253 is graded Normal/Mild but has no point in train_label_coordinates.csv`,
        'train_label_coordinates.csv:71:1: rows are not sorted by study_id, series_id, instance_number, condition, level (first out of order here); export writes them sorted',
        'train_label_coordinates.csv:71:22: point for Spinal Canal Stenosis L1/L2 but spinal_canal_stenosis_l1_l2 of study 7143189 is empty in train.csv',
        'train_label_coordinates.csv:72:25: second point for Left Subarticular Stenosis L5/S1 of study 4290709089 (first on line 70)',
      ],
    });
  });

  it('warns about a condition on an unusual series type and an undescribed series', () => {
    const coordinates = edit(GOLDEN.coordinates, '10728036,1133938,9,', '10728036,11339389,9,');
    const series = edit(GOLDEN.seriesDescriptions, '4290709089,2147483648,Axial T2\n', '');
    expect(run({ ...GOLDEN, coordinates, seriesDescriptions: series })).toEqual({
      errors: [],
      warnings: [
        'train.csv:6:1: study 4290709089 has no series in train_series_descriptions.csv',
        'train_label_coordinates.csv:69:10: Spinal Canal Stenosis on a Sagittal T1 series (usually Sagittal T2/STIR)',
        'train_label_coordinates.csv:70:1: rows are not sorted by study_id, series_id, instance_number, condition, level (first out of order here); export writes them sorted',
        'train_label_coordinates.csv:71:12: series 2147483648 of study 4290709089 is not in train_series_descriptions.csv',
      ],
    });
  });

  it('refuses coordinate and series rows of studies without a train.csv row', () => {
    const coordinates = `${GOLDEN.coordinates}99,1,1,Spinal Canal Stenosis,L1/L2,1.0,1.0\n`;
    const series = `${GOLDEN.seriesDescriptions}99,1,Sagittal T2/STIR\n`;
    expect(run({ ...GOLDEN, coordinates, seriesDescriptions: series }).errors).toEqual([
      'train_label_coordinates.csv:72:1: study 99 has no row in train.csv',
      'train_series_descriptions.csv:15:1: study 99 has no row in train.csv',
    ]);
  });

  it('checks studies, series, instances and bounds against the images', () => {
    let coordinates = edit(
      GOLDEN.coordinates,
      '4003253,702807833,8,Spinal Canal Stenosis,L1/L2,322.83185840707966',
      '4003253,702807833,8,Spinal Canal Stenosis,L1/L2,512.5',
    );
    coordinates = edit(
      coordinates,
      '4646740,3666319702,9,Spinal Canal Stenosis,L1/L2,260.5,168.0',
      '4646740,3666319702,9,Spinal Canal Stenosis,L1/L2,260.5,-0.5',
    );
    coordinates = edit(coordinates, '7143189,1951927562,24,Left', '7143189,1951927562,31,Left');
    const index = goldenIndex({
      hasStudy: (s) => s !== '10728036',
      hasSeries: (s, se) => se !== '1054713880' && goldenIndex().hasSeries(s, se),
      seriesType: (s, se) => (se === '2147483648' ? 'Sagittal T1' : undefined),
    });
    const result = run({ ...GOLDEN, coordinates }, index);
    expect(result.errors).toEqual([
      'train.csv:5:1: study 10728036 is not among the images',
      'train_label_coordinates.csv:2:49: point (512.5, 227.9646017699115) is outside the 512x640 image (columns x rows)',
      'train_label_coordinates.csv:7:9: series 1054713880 of study 4003253 is not among the images',
      'train_label_coordinates.csv:8:9: series 1054713880 of study 4003253 is not among the images',
      'train_label_coordinates.csv:9:9: series 1054713880 of study 4003253 is not among the images',
      'train_label_coordinates.csv:10:9: series 1054713880 of study 4003253 is not among the images',
      'train_label_coordinates.csv:11:9: series 1054713880 of study 4003253 is not among the images',
      'train_label_coordinates.csv:12:9: series 1054713880 of study 4003253 is not among the images',
      'train_label_coordinates.csv:13:9: series 1054713880 of study 4003253 is not among the images',
      'train_label_coordinates.csv:14:9: series 1054713880 of study 4003253 is not among the images',
      'train_label_coordinates.csv:15:9: series 1054713880 of study 4003253 is not among the images',
      'train_label_coordinates.csv:16:9: series 1054713880 of study 4003253 is not among the images',
      'train_label_coordinates.csv:40:56: point (260.5, -0.5) is outside the 512x640 image (columns x rows)',
      'train_label_coordinates.csv:67:20: instance 31 of series 1951927562 is not among the images',
      'train_label_coordinates.csv:69:1: study 10728036 is not among the images',
      'train_series_descriptions.csv:3:9: series 1054713880 of study 4003253 is not among the images',
      'train_series_descriptions.csv:12:1: study 10728036 is not among the images',
    ]);
    expect(result.warnings).toEqual([
      'train_label_coordinates.csv:68:1: rows are not sorted by study_id, series_id, instance_number, condition, level (first out of order here); export writes them sorted',
      'train_series_descriptions.csv:14:23: described as Axial T2 but the images say Sagittal T1',
    ]);
  });

  it('caps each kind of issue and counts the rest', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${9000 + i},1,1,Spinal Canal Stenosis,L1/L2,1.0,1.0`).join('\n');
    const result = run({ ...GOLDEN, coordinates: `${GOLDEN.coordinates}${rows}\n` });
    expect(result.errors).toHaveLength(51);
    expect(result.errors[0]).toBe('train_label_coordinates.csv:1:1: 10 more: study without train.csv row');
  });
});
