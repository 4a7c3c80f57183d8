/**
 * The file-system edge of the Kaggle module: reading the three files of a folder, writing them atomically,
 * and an image index over a Kaggle `train_images/{study_id}/{series_id}/{instance_number}.dcm` tree.
 *
 * Atomic writes: every file is first written in full (and fsynced) to a temp file in the target folder;
 * only when all temp files are complete are they renamed over the targets, so a failure while writing
 * leaves the previous files untouched and no target is ever half-written (rename is atomic per file on
 * one file system). Temp files are removed on failure.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { exportKaggleFiles, type ExportOptions, type ExportSummary } from './export-files.js';
import { importKaggleFiles } from './import-files.js';
import { issue, type Parsed } from './issues.js';
import { FILE_NAMES, type KaggleFiles, type KaggleLabelSet } from './model.js';
import type { ImageIndex } from './validate.js';

/** Reads the three files of a folder; a file that does not exist is absent from the result. */
export async function readKaggleDir(dir: string): Promise<Partial<KaggleFiles>> {
  const files: { -readonly [K in keyof KaggleFiles]?: string } = {};
  for (const key of Object.keys(FILE_NAMES) as Array<keyof KaggleFiles>) {
    try {
      files[key] = await readFile(join(dir, FILE_NAMES[key]), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return files;
}

/** Writes several files of one folder atomically (all written to temp files first, then renamed). */
export async function writeFilesAtomic(dir: string, files: ReadonlyArray<{ name: string; text: string }>): Promise<void> {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temps = files.map((f) => ({ ...f, temp: join(dir, `.${f.name}.${tag}.tmp`), target: join(dir, f.name) }));
  try {
    for (const f of temps) {
      const handle = await open(f.temp, 'wx');
      try {
        await handle.writeFile(f.text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const f of temps) await rename(f.temp, f.target);
  } catch (error) {
    await Promise.all(temps.map((f) => rm(f.temp, { force: true })));
    throw error;
  }
}

/** Writes train.csv, train_label_coordinates.csv and train_series_descriptions.csv atomically into `dir`. */
export async function writeKaggleFiles(dir: string, files: KaggleFiles): Promise<void> {
  await writeFilesAtomic(
    dir,
    (Object.keys(FILE_NAMES) as Array<keyof KaggleFiles>).map((key) => ({ name: FILE_NAMES[key], text: files[key] })),
  );
}

/** Exports a label set into `dir` (the three files, written atomically); returns the export summary. */
export async function exportKaggleDir(set: KaggleLabelSet, dir: string, options?: ExportOptions): Promise<ExportSummary> {
  const { files, summary } = exportKaggleFiles(set, options);
  await writeKaggleFiles(dir, files);
  return summary;
}

/** Imports the three files of `dir`; a missing file is an error at `file:1:1`. */
export async function importKaggleDir(dir: string): Promise<Parsed<KaggleLabelSet>> {
  const files = await readKaggleDir(dir);
  const missing = (Object.keys(FILE_NAMES) as Array<keyof KaggleFiles>).filter((key) => files[key] === undefined);
  if (missing.length > 0) return { ok: false, errors: missing.map((key) => issue(FILE_NAMES[key], 1, 1, 'file is missing')) };
  return importKaggleFiles(files as KaggleFiles);
}

/** Reads an instance's image size (rows, columns); undefined when it cannot be read. */
export type ImageSizeReader = (path: string) => { rows: number; columns: number } | undefined;

/**
 * Rows and Columns of a DICOM file via dcmjs, parsing only the header (the first 256 KiB, the whole file
 * if the header is longer). Loaded lazily: dcmjs is needed only when images are validated.
 */
export async function dcmjsSizeReader(): Promise<ImageSizeReader> {
  const dcmjs = (await import('dcmjs')).default;
  dcmjs.log.setLevel?.('error');
  const parse = (bytes: Uint8Array): { rows: number; columns: number } | undefined => {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const dict = dcmjs.data.DicomMessage.readFile(buffer, { untilTag: '7FE00010', includeUntilTagValue: false });
    const rows = dict.dict['00280010']?.Value[0];
    const columns = dict.dict['00280011']?.Value[0];
    return typeof rows === 'number' && typeof columns === 'number' ? { rows, columns } : undefined;
  };
  return (path) => {
    const fd = openSync(path, 'r');
    try {
      const head = new Uint8Array(256 * 1024);
      const n = readSync(fd, head, 0, head.length, 0);
      try {
        return parse(head.subarray(0, n));
      } catch {
        if (n < head.length) return undefined;
        const all = new Uint8Array(statSync(path).size);
        readSync(fd, all, 0, all.length, 0);
        return parse(all);
      }
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  };
}

/**
 * An ImageIndex over `imagesDir/{study_id}/{series_id}/{instance_number}.dcm` (synchronous, cached).
 * Without a size reader (or when a file's size cannot be read) sizes are NaN, which skips the bounds check.
 * Series types are not known from the folder layout.
 */
export function folderImageIndex(imagesDir: string, readSize?: ImageSizeReader): ImageIndex {
  const listings = new Map<string, Set<string>>();
  const list = (dir: string): Set<string> => {
    let entries = listings.get(dir);
    if (!entries) {
      entries = existsSync(dir) ? new Set(readdirSync(dir)) : new Set();
      listings.set(dir, entries);
    }
    return entries;
  };
  const sizes = new Map<string, { rows: number; columns: number }>();
  return {
    hasStudy: (studyId) => list(imagesDir).has(studyId),
    hasSeries: (studyId, seriesId) => list(imagesDir).has(studyId) && list(join(imagesDir, studyId)).has(seriesId),
    instance(studyId, seriesId, instanceNumber) {
      const name = `${instanceNumber}.dcm`;
      const seriesDir = join(imagesDir, studyId, seriesId);
      if (!list(imagesDir).has(studyId) || !list(join(imagesDir, studyId)).has(seriesId) || !list(seriesDir).has(name)) {
        return undefined;
      }
      const path = join(seriesDir, name);
      let size = sizes.get(path);
      if (!size) {
        size = readSize?.(path) ?? { rows: Number.NaN, columns: Number.NaN };
        sizes.set(path, size);
      }
      return size;
    },
  };
}
