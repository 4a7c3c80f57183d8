import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database.js';

// Migration 4 on a version-3 database with an indexed series: the series is kept, the new evidence is empty.
describe('migration 004 series-evidence', () => {
  it('adds image type and scanning sequence to series without touching existing rows', () => {
    const db = openDatabase(':memory:', { targetVersion: 3 });
    db.prepare("INSERT INTO datasets (root, name, layout) VALUES ('/d', 'd', 'dicom')").run();
    db.prepare("INSERT INTO studies (dataset_id, study_key) VALUES (1, 'S')").run();
    db.prepare("INSERT INTO series (study_id, series_key, type, type_reason) VALUES (1, 'A', 'Sagittal T1', 'sagittal orientation')").run();
    expect(migrate(db, 4)).toBe(4);
    expect(db.prepare('SELECT type, type_reason, image_type, scanning_sequence FROM series').get()).toEqual({
      type: 'Sagittal T1',
      type_reason: 'sagittal orientation',
      image_type: null,
      scanning_sequence: null,
    });
    db.prepare("UPDATE series SET image_type = 'ORIGINAL\\PRIMARY\\LOCALIZER', scanning_sequence = 'IR'").run();
    expect(db.prepare('SELECT image_type, scanning_sequence FROM series').get()).toEqual({
      image_type: 'ORIGINAL\\PRIMARY\\LOCALIZER',
      scanning_sequence: 'IR',
    });
    db.close();
  });
});
