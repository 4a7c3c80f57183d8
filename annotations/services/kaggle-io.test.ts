import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../storage/database.js';
import { importDataset } from '../importer/indexer.js';
import { generateDemoDataset } from '../demo/generate.js';
import type { DemoManifest } from '../demo/manifest.js';
import { tempDir } from '../test-support/dicom-files.js';
import { indexedStudyFixture } from '../test-support/study-fixture.js';
import { createGradingService } from './grading.js';
import { createKaggleIo, derivedId, parseExportSource } from './kaggle-io.js';
import { createStudyQueries } from './study-queries.js';
import { readKaggleDir, folderImageIndex } from '../kaggle/files.js';
import { validateKaggleFiles } from '../kaggle/validate.js';
import type { KaggleFiles } from '../kaggle/model.js';
import type { Condition, Grade, Level } from '../domain/protocol.js';

let work: string;
let db: Db;
let manifest: DemoManifest;

beforeAll(async () => {
  work = tempDir('lumbar-kaggle-io-');
  manifest = await generateDemoDataset({ outDir: path.join(work, 'demo'), studies: 2 });
  db = openDatabase(path.join(work, 'db.sqlite'));
  await importDataset(db, path.join(work, 'demo'));
  // Reader A grades study 1 completely (ground truth, with points) and study 2 partly.
  const grading = createGradingService(db);
  const a = grading.createReader('Reader A', 'RA', 'reader').id;
  const queries = createStudyQueries(db);
  for (const [i, truth] of manifest.studies.entries()) {
    const study = queries.listStudies().find((s) => s.studyKey === String(truth.study_id))!;
    const seriesByKey = new Map(study.series.map((s) => [s.seriesKey, s.id]));
    for (const label of truth.labels.slice(0, i === 0 ? 25 : 7)) {
      grading.setLabel(
        a,
        study.id,
        { condition: label.condition as Condition, level: label.level as Level },
        {
          grade: label.grade as Grade,
          point: {
            seriesId: seriesByKey.get(String(label.series_id))!,
            instanceNumber: label.instance_number,
            x: label.x,
            y: label.y,
            override: false,
          },
        },
      );
    }
  }
});
afterAll(() => {
  db.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const files = async (dir: string) => (await readKaggleDir(dir)) as KaggleFiles;

describe('Kaggle export/import through the database', () => {
  it("exports one reader's grades as valid Kaggle files that match the ground truth", async () => {
    const out = path.join(work, 'export-a');
    const result = await createKaggleIo(db).exportFiles(out, parseExportSource('reader:Reader A'), { images: true });
    expect(result.summary.studies).toBe(2);
    const f = await files(out);
    const validation = validateKaggleFiles(f, folderImageIndex(path.join(out, 'train_images')));
    expect(validation.errors).toEqual([]);
    const first = manifest.studies[0]!;
    const row = f.train.split('\n').find((l) => l.startsWith(`${first.study_id},`))!;
    expect(row.split(',').slice(1)).toEqual(first.labels.map((l) => l.grade));
    expect(f.coordinates.split('\n').filter((l) => l.startsWith(`${first.study_id},`))).toHaveLength(25);
    expect(result.images).toBe(2 * 45);
    expect(fs.existsSync(path.join(out, 'train_images', String(first.study_id)))).toBe(true);
    expect(fs.existsSync(path.join(out, 'id_map.csv'))).toBe(false); // Kaggle ids came with the data
  });

  it('round-trips: import as another reader, export again, byte-identical files', async () => {
    const io = createKaggleIo(db);
    const imported = await io.importFiles(path.join(work, 'export-a'), 'Reader B');
    expect(imported).toEqual({ reader: 'Reader B', studies: 2, labels: 32, points: 32 });
    await io.exportFiles(path.join(work, 'export-b'), parseExportSource('reader:Reader B'));
    expect(await files(path.join(work, 'export-b'))).toEqual(await files(path.join(work, 'export-a')));
    // Two identical readers: the unanimous consensus is the same again.
    await io.exportFiles(path.join(work, 'export-c'), parseExportSource('consensus:unanimous'));
    expect(await files(path.join(work, 'export-c'))).toEqual(await files(path.join(work, 'export-a')));
  });

  it('imports all or nothing: an unknown study writes nothing and says which', async () => {
    const dir = path.join(work, 'bad');
    fs.cpSync(path.join(work, 'export-a'), dir, { recursive: true });
    const train = fs.readFileSync(path.join(dir, 'train.csv'), 'utf8');
    fs.writeFileSync(path.join(dir, 'train.csv'), `${train}9999999,${Array(25).fill('Severe').join(',')}\n`);
    await expect(createKaggleIo(db).importFiles(dir, 'Reader C')).rejects.toThrow(/study 9999999 is not in the index/);
    expect(
      createGradingService(db)
        .listReaders()
        .map((r) => r.name),
    ).not.toContain('Reader C');
    await expect(createKaggleIo(db).importFiles(path.join(work, 'export-a'), 'Reader A')).rejects.toThrow(/already has grades/);
  });

  it('exports the final labels (here one reader: every decided cell is unanimous), and refuses unknown readers', async () => {
    expect(parseExportSource('final:partial')).toEqual({ kind: 'final', partial: true });
    const final = await createKaggleIo(db).exportFiles(path.join(work, 'final'), parseExportSource('final'));
    expect(final.openStudies).toEqual([]);
    expect(final.summary.studies).toBe(2);
    const reader = await createKaggleIo(db).exportFiles(path.join(work, 'final-a'), parseExportSource('reader:Reader A'));
    expect((await files(path.join(work, 'final'))).train).toBe((await files(path.join(work, 'final-a'))).train);
    expect(reader.summary.studies).toBe(2);
    await expect(createKaggleIo(db).exportFiles(path.join(work, 'x'), parseExportSource('reader:Nobody'))).rejects.toThrow(
      /no reader named "Nobody"/,
    );
  });

  it('derives stable numeric ids from UIDs for non-Kaggle data, with an id map', async () => {
    const f = await indexedStudyFixture();
    try {
      const grading = createGradingService(f.db);
      const r = grading.createReader('UID Reader', 'U', 'reader').id;
      grading.setLabel(r, f.studyId, { condition: 'Spinal Canal Stenosis', level: 'L1/L2' }, { grade: 'Severe' });
      const out = path.join(work, 'uids');
      const result = await createKaggleIo(f.db).exportFiles(out, parseExportSource('reader:UID Reader'));
      expect(result.idMapRows).toBe(4);
      const idMap = fs.readFileSync(path.join(out, 'id_map.csv'), 'utf8');
      expect(idMap).toContain(`series,${derivedId('2.25.11')},2.25.11`);
      expect(fs.readFileSync(path.join(out, 'train.csv'), 'utf8').split('\n')[1]).toMatch(new RegExp(`^${derivedId('2.25.1')},Severe,`));
      expect(derivedId('2.25.1')).toMatch(/^[1-9]\d{9}$/);
    } finally {
      f.cleanup();
    }
  });
});
