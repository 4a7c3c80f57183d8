import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database.js';
import { makeMrSlice, tempDir, writeFile, writeSagittalSeries } from '../test-support/dicom-files.js';
import { importDataset } from './indexer.js';
import { createStudyQueries } from '../services/study-queries.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function folder(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

describe('importDataset', () => {
  it('indexes a PACS-style tree by UIDs, orders slices by geometry and types the series', async () => {
    const root = folder();
    writeSagittalSeries(root, 'PAT/SAGT2', 5, { seriesDescription: 'SAG T2 FSE', studyUid: '2.25.1' });
    writeSagittalSeries(root, 'PAT/SAGT1', 4, { seriesDescription: 'SAG T1', studyUid: '2.25.1', repetitionTime: 500, echoTime: 10 });
    const db = openDatabase(':memory:');
    const summary = await importDataset(db, root);
    expect(summary).toMatchObject({ layout: 'dicom', studies: 1, series: 2, instances: 9, read: 9, skipped: 0, problems: [] });
    const [study] = createStudyQueries(db).listStudies();
    expect(study?.series.map((s) => s.type).sort()).toEqual(['Sagittal T1', 'Sagittal T2/STIR']);
    expect(study?.warnings).toContain('no Axial T2 series');
    const detail = createStudyQueries(db).getStudy(study!.id)!;
    const t2 = detail.series.find((s) => s.type === 'Sagittal T2/STIR')!;
    // The order is along the slice normal (rowDir x colDir = -x here), whatever the file names say:
    // files IM0001..IM0005 have x = -10..6, so the geometric order is the reverse of the file order.
    expect(t2.slices.map((s) => s.sliceLocation)).toEqual([-6, -2, 2, 6, 10]);
    expect(t2.slices.map((s) => s.path.slice(-10))).toEqual(['IM0005.dcm', 'IM0004.dcm', 'IM0003.dcm', 'IM0002.dcm', 'IM0001.dcm']);
  });

  it('never types a localizer as a series to grade, and reads inversion recovery as STIR without a TI', async () => {
    const root = folder();
    // A sagittal gradient-echo localizer: by orientation and timing alone (TR 8, TE 2) it would pass for a Sagittal T1.
    writeSagittalSeries(root, 'P/LOC', 3, {
      seriesDescription: 'LOC',
      studyUid: '2.25.7',
      repetitionTime: 8,
      echoTime: 2,
      extra: { ImageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'] },
    });
    writeSagittalSeries(root, 'P/T1', 3, { seriesDescription: 'SAG', studyUid: '2.25.7', repetitionTime: 500, echoTime: 10 });
    // No InversionTime, no weighting in the description, long TR and short TE: only ScanningSequence says IR.
    writeSagittalSeries(root, 'P/IR', 3, {
      seriesDescription: 'SAG',
      studyUid: '2.25.7',
      repetitionTime: 3500,
      echoTime: 40,
      extra: { ScanningSequence: ['IR', 'SE'] },
    });
    const db = openDatabase(':memory:');
    await importDataset(db, root);
    const typed = db.prepare('SELECT series_key, type, type_reason, image_type FROM series ORDER BY description, type').all() as Array<{
      type: string;
      type_reason: string;
      image_type: string | null;
    }>;
    expect(typed.map((s) => [s.type, s.type_reason])).toEqual(
      expect.arrayContaining([
        ['Other', 'localizer'],
        ['Sagittal T1', expect.stringContaining('TR 500 TE 10 looks T1')],
        ['Sagittal T2/STIR', expect.stringContaining('looks STIR')],
      ]),
    );
    expect(typed.find((s) => s.type === 'Other')?.image_type).toBe('ORIGINAL\\PRIMARY\\LOCALIZER');
  });

  it('is idempotent and incremental: unchanged files are skipped, new ones picked up, missing ones marked', async () => {
    const root = folder();
    writeSagittalSeries(root, 'S/A', 3, { seriesDescription: 'SAG T2' });
    const db = openDatabase(':memory:');
    await importDataset(db, root);
    const snapshot = () => db.prepare('SELECT path, slice_location FROM instances ORDER BY path').all();
    const before = snapshot();
    const second = await importDataset(db, root);
    expect(second).toMatchObject({ read: 0, skipped: 3, instances: 3 });
    expect(snapshot()).toEqual(before);
    writeFile(root, 'S/A/IM0009.dcm', makeMrSlice({ seriesUid: '2.25.200', instanceNumber: 9, ipp: [40, -100, 100] }));
    fs.rmSync(`${root}/S/A/IM0001.dcm`);
    const third = await importDataset(db, root);
    expect(third).toMatchObject({ read: 1, skipped: 2, missing: 1 });
  });

  it('records every broken file with a reason and indexes the good ones', async () => {
    const root = folder();
    writeSagittalSeries(root, 'good', 2, { seriesDescription: 'SAG T2' });
    const full = makeMrSlice();
    writeFile(root, 'bad/truncated.dcm', full.subarray(0, 500));
    writeFile(root, 'bad/empty.dcm', Buffer.alloc(0));
    writeFile(root, 'bad/readme.txt', 'not dicom '.repeat(30));
    writeFile(root, 'bad/huge.dcm', makeMrSlice({ extra: { Rows: 60000, Columns: 60000 } }));
    const badVr = Buffer.from(makeMrSlice());
    badVr.write('\x01\x02', badVr.indexOf(Buffer.from('MR', 'latin1'), 200) - 4, 'latin1');
    writeFile(root, 'bad/bad-vr.dcm', badVr);
    writeFile(root, 'DICOMDIR', makeMrSlice({ extra: { SOPClassUID: '1.2.840.10008.1.3.10' } }));
    const db = openDatabase(':memory:');
    const summary = await importDataset(db, root);
    expect(summary.instances).toBe(2);
    const byPath = Object.fromEntries(summary.problems.map((p) => [p.path, p.kind]));
    expect(byPath).toEqual({
      'bad/truncated.dcm': 'truncated',
      'bad/empty.dcm': 'empty-file',
      'bad/readme.txt': 'not-dicom',
      'bad/huge.dcm': 'huge-dimensions',
      'bad/bad-vr.dcm': 'bad-encoding',
      DICOMDIR: 'non-image',
    });
    for (const p of summary.problems) expect(p.reason.length).toBeGreaterThan(8);
    // Batches of 2 give the same index and the same problems.
    const ahead = await importDataset(openDatabase(':memory:'), root, { batchSize: 2 });
    expect(ahead.instances).toBe(2);
    expect(Object.fromEntries(ahead.problems.map((p) => [p.path, p.reason]))).toEqual(
      Object.fromEntries(summary.problems.map((p) => [p.path, p.reason])),
    );
    // Re-import keeps reporting them without re-reading.
    const again = await importDataset(db, root);
    expect(again.read).toBe(0);
    expect(again.problems).toHaveLength(6);
  });

  it('uses Kaggle folder ids and train_series_descriptions.csv when the layout is Kaggle', async () => {
    const root = folder();
    for (let i = 1; i <= 3; i++)
      writeFile(
        root,
        `train_images/4003253/702807833/${i}.dcm`,
        makeMrSlice({ instanceNumber: i, seriesDescription: 'whatever', ipp: [i * 4, -100, 100] }),
      );
    writeFile(root, 'train_series_descriptions.csv', 'study_id,series_id,series_description\n4003253,702807833,Sagittal T1\n');
    const db = openDatabase(':memory:');
    const summary = await importDataset(db, root);
    expect(summary.layout).toBe('kaggle');
    const [study] = createStudyQueries(db).listStudies();
    expect(study?.studyKey).toBe('4003253');
    expect(study?.series[0]).toMatchObject({ seriesKey: '702807833', type: 'Sagittal T1', typeReason: 'train_series_descriptions.csv' });
  });

  it('keeps a user type override across re-import', async () => {
    const root = folder();
    writeSagittalSeries(root, 'S/A', 2, { seriesDescription: 'SAG T2' });
    const db = openDatabase(':memory:');
    await importDataset(db, root);
    const queries = createStudyQueries(db);
    const seriesId = queries.listStudies()[0]!.series[0]!.id;
    queries.setSeriesType(seriesId, 'Sagittal T1');
    fs.utimesSync(`${root}/S/A/IM0001.dcm`, new Date(), new Date(Date.now() + 5000));
    const summary = await importDataset(db, root);
    expect(summary.read).toBe(1);
    expect(queries.listStudies()[0]!.series[0]).toMatchObject({
      type: 'Sagittal T1',
      detectedType: 'Sagittal T2/STIR',
      typeOverridden: true,
    });
  });

  it('reads a header longer than the first read', async () => {
    const root = folder();
    const long = { ImageComments: 'x'.repeat(10_000), PatientComments: 'y'.repeat(10_000) };
    for (let i = 1; i <= 3; i++)
      writeFile(root, `S/${i}.dcm`, makeMrSlice({ rows: 12, columns: 10, instanceNumber: i, seriesDescription: 'SAG T2', extra: long }));
    expect(fs.statSync(`${root}/S/1.dcm`).size).toBeGreaterThan(20_000);
    // The attributes before the pixel data pass the first 16 KiB read: the rest is read, nothing is refused.
    const db = openDatabase(':memory:');
    const summary = await importDataset(db, root);
    expect(summary).toMatchObject({ instances: 3, problems: [] });
    // Rows/Columns (0028,...) come after the long comments: read from beyond the first 16 KiB.
    const rows = db.prepare('SELECT DISTINCT rows, columns FROM instances').all();
    expect(rows).toEqual([{ rows: 12, columns: 10 }]);
  });

  it('gives each frame of an enhanced multi-frame file its own plane from the functional groups', async () => {
    const root = folder();
    const frames = [2, 0, 1].map((k) => ({ PlanePositionSequence: [{ ImagePositionPatient: [String(k * 4), '-100', '100'] }] }));
    const enhanced = (transferSyntaxUid: string) =>
      makeMrSlice({
        transferSyntaxUid,
        ipp: null,
        iop: null,
        seriesDescription: 'SAG T2',
        extra: {
          NumberOfFrames: '3',
          SharedFunctionalGroupsSequence: [
            {
              PlaneOrientationSequence: [{ ImageOrientationPatient: ['0', '1', '0', '0', '0', '-1'] }],
              PixelMeasuresSequence: [{ PixelSpacing: ['0.7', '0.7'], SliceThickness: '4' }],
            },
          ],
          PerFrameFunctionalGroupsSequence: frames,
        },
      });
    writeFile(root, 'explicit/1.dcm', enhanced('1.2.840.10008.1.2.1'));
    writeFile(root, 'implicit/1.dcm', enhanced('1.2.840.10008.1.2'));
    const db = openDatabase(':memory:');
    const summary = await importDataset(db, root);
    expect(summary.instances).toBe(6);
    const rows = db
      .prepare('SELECT path, frame, ipp, iop, row_spacing, slice_thickness, slice_location FROM instances ORDER BY path, frame')
      .all() as Array<{
      path: string;
      frame: number;
      ipp: string;
      iop: string;
      row_spacing: number;
      slice_thickness: number;
      slice_location: number;
    }>;
    for (const path of ['explicit/1.dcm', 'implicit/1.dcm']) {
      const of = rows.filter((r) => r.path === path);
      expect(of.map((r) => JSON.parse(r.ipp) as number[])).toEqual([
        [8, -100, 100],
        [0, -100, 100],
        [4, -100, 100],
      ]);
      expect(of.every((r) => r.iop === '[0,1,0,0,0,-1]' && r.row_spacing === 0.7 && r.slice_thickness === 4)).toBe(true);
      expect(of.map((r) => r.slice_location)).toEqual([-8, 0, -4]); // the slice normal (row x column) is -x
    }
    const series = createStudyQueries(db).listStudies()[0]!.series;
    expect(series.flatMap((s) => s.warnings)).toEqual([]);
  });

  it('stops between batches when cancelled, and a re-run completes the index', async () => {
    const root = folder();
    writeSagittalSeries(root, 'S/A', 12, { seriesDescription: 'SAG T2' });
    const db = openDatabase(':memory:');
    const controller = new AbortController();
    const first = await importDataset(db, root, {
      batchSize: 5,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'indexing' && p.filesRead >= 5) controller.abort();
      },
    });
    expect(first.cancelled).toBe(true);
    expect(first.instances).toBe(5);
    const second = await importDataset(db, root);
    expect(second).toMatchObject({ cancelled: false, instances: 12, skipped: 5, read: 7 });
  });
});
