/**
 * Numbered, append-only schema migrations. Version N is the N-th entry; `PRAGMA user_version` holds the
 * number applied. Never edit a migration that has shipped: add a new one.
 */
import { m001DatasetIndex } from './migrations/001-dataset-index.js';
import { m002Grading } from './migrations/002-grading.js';
import { m003Adjudication } from './migrations/003-adjudication.js';
import { m004SeriesEvidence } from './migrations/004-series-evidence.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQL run inside the migration's transaction. */
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m001DatasetIndex, m002Grading, m003Adjudication, m004SeriesEvidence];
