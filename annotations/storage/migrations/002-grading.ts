/**
 * 002: grading. Readers (with a role), study assignments, one read per (reader, study) with its status,
 * flags, comment and active time, the current label per (reader, study, condition, level), and the
 * append-only event log (who, when, what, before, after) that the audit trail and undo/redo walk.
 * Studies and series that hold grading work are never deleted by a re-import (no cascade from them): a
 * reader's grades outlive files that went missing.
 */
export const m002Grading = {
  version: 2,
  name: 'grading',
  sql: /* sql */ `
CREATE TABLE readers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  initials TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('reader', 'qa_lead')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE assignments (
  reader_id INTEGER NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
  study_id INTEGER NOT NULL REFERENCES studies(id),
  assigned_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (reader_id, study_id)
) WITHOUT ROWID;
CREATE INDEX assignments_study ON assignments(study_id);

CREATE TABLE reads (
  reader_id INTEGER NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
  study_id INTEGER NOT NULL REFERENCES studies(id),
  status TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'complete', 'flagged')),
  flags TEXT NOT NULL DEFAULT '[]',        -- JSON array of study-level flags
  comment TEXT NOT NULL DEFAULT '',
  active_ms INTEGER NOT NULL DEFAULT 0,    -- active reading time (idle and hidden time excluded)
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  completed_at TEXT,
  PRIMARY KEY (reader_id, study_id)
) WITHOUT ROWID;

CREATE TABLE labels (
  reader_id INTEGER NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
  study_id INTEGER NOT NULL REFERENCES studies(id),
  condition TEXT NOT NULL,
  level TEXT NOT NULL,
  grade TEXT CHECK (grade IN ('Normal/Mild', 'Moderate', 'Severe')),
  not_gradable TEXT,                       -- the reason, when explicitly not gradable
  series_id INTEGER REFERENCES series(id),
  instance_number INTEGER,
  x REAL,
  y REAL,
  point_override INTEGER NOT NULL DEFAULT 0, -- the point is on an unusual series type, confirmed by the reader
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (grade IS NULL OR not_gradable IS NULL),
  PRIMARY KEY (reader_id, study_id, condition, level)
) WITHOUT ROWID;
CREATE INDEX labels_study ON labels(study_id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  reader_id INTEGER NOT NULL,
  study_id INTEGER NOT NULL,
  kind TEXT NOT NULL,                      -- 'label' | 'read' | 'undo' | 'redo' | 'reader' | 'assignment'
  target TEXT NOT NULL DEFAULT '',         -- 'Spinal Canal Stenosis|L4/L5' for labels, '' for the read
  before TEXT,                             -- JSON of the previous value
  after TEXT,                              -- JSON of the new value
  reverts INTEGER REFERENCES events(id)    -- for undo/redo: the event whose change is reverted/re-applied
);
CREATE INDEX events_read ON events(reader_id, study_id, id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
`,
} as const;
