import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { migrate } from '../database.js';

// Migration 2 on a database at version 1 with an indexed study: the index is kept, grading tables work.
describe('migration 002 grading', () => {
  it('adds grading tables to a version-1 database without touching the index', () => {
    const db = openDatabase(':memory:', { targetVersion: 1 });
    db.prepare("INSERT INTO datasets (root, name, layout) VALUES ('/d', 'd', 'dicom')").run();
    db.prepare("INSERT INTO studies (dataset_id, study_key) VALUES (1, 'S')").run();
    expect(migrate(db, 2)).toBe(2);
    expect(db.prepare('SELECT study_key FROM studies').get()).toEqual({ study_key: 'S' });
    db.prepare("INSERT INTO readers (name, initials, role) VALUES ('A', 'A', 'reader')").run();
    db.prepare(
      "INSERT INTO labels (reader_id, study_id, condition, level, grade) VALUES (1, 1, 'Spinal Canal Stenosis', 'L1/L2', 'Severe')",
    ).run();
    expect(() =>
      db.prepare("INSERT INTO labels (reader_id, study_id, condition, level, grade) VALUES (1, 1, 'x', 'y', 'Bad')").run(),
    ).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO readers (name, initials, role) VALUES ('a', 'A', 'reader')").run()).toThrow(/UNIQUE/);
    // A study with grading work cannot be deleted from under it.
    expect(() => db.prepare('DELETE FROM studies').run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
