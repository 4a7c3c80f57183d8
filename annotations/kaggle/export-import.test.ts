import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportKaggleFiles, formatExportSummary } from './export-files.js';
import { GOLDEN } from './fixtures/golden.js';
import { importKaggleFiles } from './import-files.js';
import { unwrap } from './issues.js';
import { FILE_NAMES, TRAIN_COLUMNS, type KaggleFiles, type KaggleLabelSet, type KaggleStudy } from './model.js';

function fixture(dir: string): KaggleFiles {
  const read = (name: string): string => readFileSync(new URL(`./fixtures/${dir}/${name}`, import.meta.url), 'utf8');
  return {
    train: read(FILE_NAMES.train),
    coordinates: read(FILE_NAMES.coordinates),
    seriesDescriptions: read(FILE_NAMES.seriesDescriptions),
  };
}

/** A label set in a comparable form: studies, points and series sorted; every grade key present. */
function normalise(set: KaggleLabelSet): unknown {
  const key = (p: KaggleStudy['points'][number]): string =>
    `${p.seriesId.padStart(20, '0')}/${String(p.instanceNumber).padStart(6, '0')}/${p.condition}/${p.level}`;
  return [...set.studies]
    .sort((a, b) => a.studyId.padStart(20, '0').localeCompare(b.studyId.padStart(20, '0')))
    .map((s) => ({
      studyId: s.studyId,
      grades: TRAIN_COLUMNS.map((c) => s.grades.get(c) ?? null),
      points: [...s.points].sort((a, b) => key(a).localeCompare(key(b))),
      series: [...s.series].sort((a, b) => a.seriesId.padStart(20, '0').localeCompare(b.seriesId.padStart(20, '0'))),
    }));
}

const golden = fixture('golden');

describe('exportKaggleFiles', () => {
  it('writes the hand-written golden files byte for byte', () => {
    const { files } = exportKaggleFiles(GOLDEN);
    expect(files.train).toBe(golden.train);
    expect(files.coordinates).toBe(golden.coordinates);
    expect(files.seriesDescriptions).toBe(golden.seriesDescriptions);
  });

  it('writes LF only, no BOM, the exact DOMAIN.md example row', () => {
    const { files } = exportKaggleFiles(GOLDEN);
    for (const text of Object.values(files)) {
      expect(text.includes('\r')).toBe(false);
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text.endsWith('\n')).toBe(true);
    }
    expect(files.coordinates.split('\n')[1]).toBe('4003253,702807833,8,Spinal Canal Stenosis,L1/L2,322.83185840707966,227.9646017699115');
    expect(files.train).not.toMatch(/NaN/);
  });

  it('summarises rows, grade counts, missing cells', () => {
    const { summary } = exportKaggleFiles(GOLDEN);
    expect(summary.studies).toBe(5);
    expect(summary.rows).toEqual({ train: 5, coordinates: 70, seriesDescriptions: 13 });
    expect(summary.gradeCounts['Spinal Canal Stenosis']).toEqual({ 'Normal/Mild': 6, Moderate: 3, Severe: 3, missing: 13 });
    expect(summary.missingCells).toBe(125 - 70);
    expect(summary.leftOut).toEqual([]);
    expect(formatExportSummary(summary)).toContain('Missing cells: 55 of 125');
  });

  it('leaves out whole studies that cannot be exported, with every reason', () => {
    const base = GOLDEN.studies.find((s) => s.studyId === '4290709089')!;
    const set: KaggleLabelSet = {
      studies: [
        ...GOLDEN.studies,
        { ...base, studyId: '1.2.840.1' },
        { ...base }, // duplicate id
        { ...base, studyId: '5', points: [{ ...base.points[0]!, x: Number.NaN }, { ...base.points[0]! }] },
        { ...base, studyId: '6', series: [{ seriesId: 'abc', description: 'Axial T2' }] },
        { studyId: '7', grades: new Map(), points: [], series: [] },
      ],
    };
    const { files, summary } = exportKaggleFiles(set);
    expect(files).toEqual(exportKaggleFiles({ studies: [...GOLDEN.studies, set.studies.at(-1)!] }).files);
    expect(summary.leftOut).toEqual([
      { studyId: '1.2.840.1', reasons: ['study id "1.2.840.1" is not a decimal integer'] },
      { studyId: '4290709089', reasons: ['duplicate study id (an earlier study with this id was exported)'] },
      {
        studyId: '5',
        reasons: [
          'point Left Subarticular Stenosis L5/S1: x, y not finite (NaN, 300)',
          'point Left Subarticular Stenosis L5/S1: two points on series 2147483648 instance 2',
        ],
      },
      { studyId: '6', reasons: ['series id "abc" is not a decimal integer'] },
    ]);
    // A study with nothing graded gets an all-empty row unless omitUngraded.
    expect(files.train).toContain(`\n7${','.repeat(25)}\n`);
    const omitted = exportKaggleFiles({ studies: [set.studies.at(-1)!] }, { omitUngraded: true });
    expect(omitted.summary.leftOut).toEqual([{ studyId: '7', reasons: ['nothing graded (no grade, no point)'] }]);
    expect(omitted.files.train.split('\n')).toHaveLength(2);
  });
});

describe('importKaggleFiles', () => {
  it('reads the golden files into the golden label set, studies in numeric order', () => {
    const set = unwrap(importKaggleFiles(golden));
    expect(set.studies.map((s) => s.studyId)).toEqual(['4003253', '4646740', '7143189', '10728036', '4290709089']);
    expect(normalise(set)).toEqual(normalise(GOLDEN));
  });

  it('reads CRLF + BOM files the same way', () => {
    const crlf = fixture('crlf-bom');
    expect(crlf.train.startsWith('\ufeffstudy_id,')).toBe(true);
    expect(crlf.train).toContain('\r\n');
    expect(normalise(unwrap(importKaggleFiles(crlf)))).toEqual(normalise(GOLDEN));
  });

  it('round-trips: parse then write gives identical bytes (after LF normalisation)', () => {
    for (const dir of ['golden', 'crlf-bom']) {
      const input = fixture(dir);
      const output = exportKaggleFiles(unwrap(importKaggleFiles(input))).files;
      const lf = (t: string): string => t.replace(/^\ufeff/, '').replaceAll('\r\n', '\n');
      expect(output.train).toBe(lf(input.train));
      expect(output.coordinates).toBe(lf(input.coordinates));
      expect(output.seriesDescriptions).toBe(lf(input.seriesDescriptions));
    }
  });

  it('is all-or-nothing across the three files and refuses rows of studies without a train.csv row', () => {
    const result = importKaggleFiles({
      train: golden.train.replace('4646740,Normal/Mild,Moderate', '4646740,Normal/Mild,moderate'),
      coordinates: golden.coordinates.replace('4003253,702807833,8,Spinal', '4003253,702807833,8.0,Spinal'),
      seriesDescriptions: golden.seriesDescriptions,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => `${e.file}:${e.line}:${e.column}`)).toEqual(['train.csv:3:21', 'train_label_coordinates.csv:2:19']);
    const orphan = importKaggleFiles({
      ...golden,
      seriesDescriptions: `${golden.seriesDescriptions}99,1,Axial T2\n`,
    });
    expect(orphan).toEqual({
      ok: false,
      errors: [{ file: 'train_series_descriptions.csv', line: 15, column: 1, message: 'study 99 has no row in train.csv' }],
    });
  });
});
