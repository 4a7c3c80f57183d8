import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';

// Migration 1 starts from an empty database: migrate to 0 (nothing), then to 1, and use the schema.
describe('migration 001 dataset-index', () => {
  it('creates the index tables with their constraints', () => {
    const db = openDatabase(':memory:', { targetVersion: 0 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    db.close();
    const migrated = openDatabase(':memory:', { targetVersion: 1 });
    expect(migrated.pragma('user_version', { simple: true })).toBe(1);
    migrated.prepare("INSERT INTO datasets (root, name, layout) VALUES ('/data', 'data', 'kaggle')").run();
    migrated.prepare("INSERT INTO studies (dataset_id, study_key) VALUES (1, '100')").run();
    migrated.prepare("INSERT INTO series (study_id, series_key) VALUES (1, '200')").run();
    migrated.prepare("INSERT INTO instances (series_id, path) VALUES (1, '100/200/1.dcm')").run();
    expect(() => migrated.prepare("INSERT INTO datasets (root, name, layout) VALUES ('/x', 'x', 'zip')").run()).toThrow(/CHECK/);
    expect(() => migrated.prepare("INSERT INTO instances (series_id, path) VALUES (1, '100/200/1.dcm')").run()).toThrow(/UNIQUE/);
    migrated.prepare('DELETE FROM datasets').run();
    expect(migrated.prepare('SELECT COUNT(*) AS n FROM instances').get()).toEqual({ n: 0 }); // cascades
    migrated.close();
  });
});
