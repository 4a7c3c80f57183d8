import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../database.js';

// Migration 3 on a database at version 2 with grading work: labels and events are kept, decisions work.
describe('migration 003 adjudication', () => {
  it('adds decisions and settings to a version-2 database without touching grading work', () => {
    const db = openDatabase(':memory:', { targetVersion: 2 });
    db.prepare("INSERT INTO datasets (root, name, layout) VALUES ('/d', 'd', 'dicom')").run();
    db.prepare("INSERT INTO studies (dataset_id, study_key) VALUES (1, 'S')").run();
    db.prepare("INSERT INTO readers (name, initials, role) VALUES ('A', 'A', 'reader'), ('Q', 'Q', 'qa_lead')").run();
    db.prepare(
      "INSERT INTO labels (reader_id, study_id, condition, level, grade) VALUES (1, 1, 'Spinal Canal Stenosis', 'L1/L2', 'Severe')",
    ).run();
    db.prepare("INSERT INTO events (reader_id, study_id, kind) VALUES (1, 1, 'label')").run();
    expect(migrate(db, 3)).toBe(3);
    expect(db.prepare('SELECT grade FROM labels').get()).toEqual({ grade: 'Severe' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 1 });
    db.prepare(
      "INSERT INTO decisions (study_id, condition, level, grade, chosen_reader_id, qa_reader_id) VALUES (1, 'Spinal Canal Stenosis', 'L1/L2', 'Severe', 1, 2)",
    ).run();
    expect(db.prepare('SELECT reopened, rationale FROM decisions').get()).toEqual({ reopened: 0, rationale: '' });
    // One current decision per cell; grade and not gradable exclude each other; grades are the protocol's.
    expect(() =>
      db
        .prepare(
          "INSERT INTO decisions (study_id, condition, level, grade, qa_reader_id) VALUES (1, 'Spinal Canal Stenosis', 'L1/L2', 'Moderate', 2)",
        )
        .run(),
    ).toThrow(/UNIQUE|PRIMARY/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO decisions (study_id, condition, level, grade, not_gradable, qa_reader_id) VALUES (1, 'x', 'y', 'Severe', 'r', 2)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO decisions (study_id, condition, level, grade, qa_reader_id) VALUES (1, 'x', 'z', 'Bad', 2)").run(),
    ).toThrow(/CHECK/);
    // A decided study cannot be deleted from under its decision.
    db.prepare('DELETE FROM labels').run();
    expect(() => db.prepare('DELETE FROM studies').run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO settings (key, value) VALUES ('adjudication', '{}')").run();
    db.close();
  });
});
