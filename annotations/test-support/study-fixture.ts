/**
 * Test support: a database with one small indexed study (Sag T2, Sag T1, Axial T2, 5 slices each, 16x16),
 * written with dcmjs, for service and contract tests.
 */
import fs from 'node:fs';
import { openDatabase, type Db } from '../storage/database.js';
import { importDataset } from '../importer/indexer.js';
import { createStudyQueries } from '../services/study-queries.js';
import { makeMrSlice, tempDir, writeFile } from './dicom-files.js';

export interface StudyFixture {
  readonly db: Db;
  readonly studyId: number;
  readonly seriesIds: { readonly sagT2: number; readonly sagT1: number; readonly axial: number };
  cleanup(): void;
}

export async function indexedStudyFixture(studies = 1, dbPath = ':memory:'): Promise<StudyFixture> {
  const root = tempDir('lumbar-study-');
  for (let s = 1; s <= studies; s++) {
    for (let i = 1; i <= 5; i++) {
      const common = { rows: 16, columns: 16, instanceNumber: i, studyUid: `2.25.${s}` };
      writeFile(
        root,
        `${s}/t2/${i}.dcm`,
        makeMrSlice({ ...common, seriesUid: `2.25.${s}1`, seriesDescription: 'SAG T2', ipp: [(i - 3) * 4, -100, 100] }),
      );
      writeFile(
        root,
        `${s}/t1/${i}.dcm`,
        makeMrSlice({
          ...common,
          seriesUid: `2.25.${s}2`,
          seriesDescription: 'SAG T1',
          repetitionTime: 500,
          echoTime: 10,
          ipp: [(i - 3) * 4, -100, 100],
        }),
      );
      writeFile(
        root,
        `${s}/ax/${i}.dcm`,
        makeMrSlice({ ...common, seriesUid: `2.25.${s}3`, seriesDescription: 'AX T2', iop: [1, 0, 0, 0, 1, 0], ipp: [-100, -100, i * 4] }),
      );
    }
  }
  const db = openDatabase(dbPath);
  await importDataset(db, root);
  const study = createStudyQueries(db).listStudies()[0]!;
  const id = (type: string) => study.series.find((s) => s.type === type)!.id;
  return {
    db,
    studyId: study.id,
    seriesIds: { sagT2: id('Sagittal T2/STIR'), sagT1: id('Sagittal T1'), axial: id('Axial T2') },
    cleanup() {
      db.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
