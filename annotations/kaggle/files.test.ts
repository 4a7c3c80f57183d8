import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import {
  dcmjsSizeReader,
  exportKaggleDir,
  folderImageIndex,
  importKaggleDir,
  readKaggleDir,
  writeFilesAtomic,
  writeKaggleFiles,
} from './files.js';
import { dicomBytes } from './fixtures/dicom.js';
import { GOLDEN } from './fixtures/golden.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaggle-files-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeKaggleFiles / readKaggleDir', () => {
  it('writes the three files and reads them back; no temp file remains', async () => {
    await writeKaggleFiles(dir, { train: 'a\n', coordinates: 'b\n', seriesDescriptions: 'c\n' });
    expect(readdirSync(dir).sort()).toEqual(['train.csv', 'train_label_coordinates.csv', 'train_series_descriptions.csv']);
    expect(await readKaggleDir(dir)).toEqual({ train: 'a\n', coordinates: 'b\n', seriesDescriptions: 'c\n' });
  });
  it('leaves the previous files untouched and removes temp files when a write fails', async () => {
    writeFileSync(join(dir, 'one.csv'), 'old\n');
    await expect(
      writeFilesAtomic(dir, [
        { name: 'one.csv', text: 'new\n' },
        { name: 'missing-folder/two.csv', text: 'x\n' },
      ]),
    ).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['one.csv']);
    expect(readFileSync(join(dir, 'one.csv'), 'utf8')).toBe('old\n');
  });
  it('reports absent files as absent', async () => {
    writeFileSync(join(dir, 'train.csv'), 'x\n');
    expect(await readKaggleDir(dir)).toEqual({ train: 'x\n' });
  });
});

describe('exportKaggleDir / importKaggleDir', () => {
  it('round-trips a label set through a folder', async () => {
    const summary = await exportKaggleDir(GOLDEN, dir);
    expect(summary.studies).toBe(5);
    const fixture = fileURLToPath(new URL('./fixtures/golden/', import.meta.url));
    for (const name of ['train.csv', 'train_label_coordinates.csv', 'train_series_descriptions.csv']) {
      expect(readFileSync(join(dir, name), 'utf8')).toBe(readFileSync(join(fixture, name), 'utf8'));
    }
    const back = await importKaggleDir(dir);
    expect(back.ok && back.value.studies.length).toBe(5);
  });
  it('reports missing files', async () => {
    writeFileSync(join(dir, 'train.csv'), 'x\n');
    expect(await importKaggleDir(dir)).toEqual({
      ok: false,
      errors: [
        { file: 'train_label_coordinates.csv', line: 1, column: 1, message: 'file is missing' },
        { file: 'train_series_descriptions.csv', line: 1, column: 1, message: 'file is missing' },
      ],
    });
  });
});

describe('folderImageIndex', () => {
  it('knows studies, series and instances from the folder layout, sizes from the DICOM header', async () => {
    const series = join(dir, '4003253', '702807833');
    mkdirSync(series, { recursive: true });
    writeFileSync(join(series, '8.dcm'), dicomBytes(384, 320));
    writeFileSync(join(series, '9.dcm'), Buffer.from('not dicom'));
    const index = folderImageIndex(dir, await dcmjsSizeReader());
    expect(index.hasStudy('4003253')).toBe(true);
    expect(index.hasStudy('1')).toBe(false);
    expect(index.hasSeries('4003253', '702807833')).toBe(true);
    expect(index.hasSeries('4003253', '1')).toBe(false);
    expect(index.instance('4003253', '702807833', 8)).toEqual({ rows: 384, columns: 320 });
    expect(index.instance('4003253', '702807833', 7)).toBeUndefined();
    const unreadable = index.instance('4003253', '702807833', 9);
    expect(unreadable && Number.isNaN(unreadable.rows)).toBe(true);
    const sizeless = folderImageIndex(dir).instance('4003253', '702807833', 8);
    expect(sizeless && Number.isNaN(sizeless.columns)).toBe(true);
  });
});
