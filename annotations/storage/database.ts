/**
 * Opening the app database: better-sqlite3, WAL, foreign keys, and the numbered migrations.
 *
 * Invariants: a database is either fully at a migration version or untouched (each migration runs in one
 * transaction with its `user_version` bump); a database written by a newer app version is refused, never
 * "downgraded" or partly used.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export class DatabaseVersionError extends Error {}

/** The highest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * The user-data folder, as Electron's `app.getPath('userData')` resolves it for this app, so that
 * browser mode, the CLI and the Electron app share one database by default.
 */
export function defaultUserDataDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env['LUMBAR_USER_DATA']) return env['LUMBAR_USER_DATA'];
  const appName = 'lumbar-grader';
  if (process.platform === 'win32') return path.join(env['APPDATA'] ?? os.homedir(), appName);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', appName);
  return path.join(env['XDG_CONFIG_HOME'] ?? path.join(os.homedir(), '.config'), appName);
}

/** The database path: `--db`, else `LUMBAR_DB`, else `<userData>/lumbar.sqlite`. */
export function resolveDatabasePath(flag: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return path.resolve(flag ?? env['LUMBAR_DB'] ?? path.join(defaultUserDataDir(env), 'lumbar.sqlite'));
}

/** Apply migrations up to `target` (default: all). Returns the version reached. */
export function migrate(db: Db, target: number = SCHEMA_VERSION, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new DatabaseVersionError(
      `This database (${db.name}) was written by a newer version of Lumbar Grader (schema ${current}; ` +
        `this version knows up to ${migrations.length}). Update the app, or open another database with --db.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

export interface OpenOptions {
  /** Stop at this schema version (tests of migrations). */
  readonly targetVersion?: number;
  readonly readonly?: boolean;
}

/** Open (creating folders and file as needed) and migrate the database at `file` (or ':memory:'). */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:' && !options.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // WAL + NORMAL keeps committed transactions durable across a process crash (not across power loss).
    db.pragma('synchronous = NORMAL');
    if (!options.readonly) migrate(db, options.targetVersion ?? SCHEMA_VERSION);
    else if ((db.pragma('user_version', { simple: true }) as number) > SCHEMA_VERSION) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
