import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/dicom-files.js';
import { DatabaseVersionError, openDatabase, resolveDatabasePath, SCHEMA_VERSION } from './database.js';
import { MIGRATIONS } from './migrations.js';

const dirs: string[] = [];
function dbFile(): string {
  const dir = tempDir('lumbar-db-');
  dirs.push(dir);
  return path.join(dir, 'nested', 'lumbar.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates the file and folders, uses WAL, and migrates to the latest version', () => {
    const file = dbFile();
    const db = openDatabase(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('migrations are numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('reopening is a no-op', () => {
    const file = dbFile();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer version, with a clear message, and leaves it untouched', () => {
    const file = dbFile();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseVersionError);
    expect(() => openDatabase(file)).toThrow(/newer version of Lumbar Grader/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    again.close();
  });

  it('rolls back a failing migration entirely', () => {
    const db = new Database(':memory:');
    const broken = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE ok_table (x); CREATE TABLE broken (' },
    ];
    expect(() => {
      for (const m of broken) {
        db.transaction(() => {
          db.exec(m.sql);
          db.pragma(`user_version = ${m.version}`);
        })();
      }
    }).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok_table'").get()).toBeUndefined();
  });
});

describe('resolveDatabasePath', () => {
  it('prefers --db, then LUMBAR_DB, then the user-data folder', () => {
    expect(resolveDatabasePath('/tmp/a.sqlite', { LUMBAR_DB: '/tmp/b.sqlite' })).toBe('/tmp/a.sqlite');
    expect(resolveDatabasePath(undefined, { LUMBAR_DB: '/tmp/b.sqlite' })).toBe('/tmp/b.sqlite');
    expect(resolveDatabasePath(undefined, { LUMBAR_USER_DATA: '/tmp/ud' })).toBe('/tmp/ud/lumbar.sqlite');
  });
});
