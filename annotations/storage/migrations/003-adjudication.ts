/**
 * 003: adjudication. The current QA decision per (study, condition, level): the final grade or
 * "not gradable", the final point, whose label was taken (chosen_reader_id NULL = the QA lead's own
 * value), the rationale, who decided and when, and whether it was reopened (a reopened decision no longer
 * counts). The history of decisions lives in `events` (kind 'adjudication'). A small key/value `settings`
 * table holds the adjudication settings (JSON under key 'adjudication').
 */
export const m003Adjudication = {
  version: 3,
  name: 'adjudication',
  sql: /* sql */ `
CREATE TABLE decisions (
  study_id INTEGER NOT NULL REFERENCES studies(id),
  condition TEXT NOT NULL,
  level TEXT NOT NULL,
  grade TEXT CHECK (grade IN ('Normal/Mild', 'Moderate', 'Severe')),
  not_gradable TEXT,
  series_id INTEGER REFERENCES series(id),
  instance_number INTEGER,
  x REAL,
  y REAL,
  chosen_reader_id INTEGER REFERENCES readers(id),
  rationale TEXT NOT NULL DEFAULT '',
  qa_reader_id INTEGER NOT NULL REFERENCES readers(id),
  decided_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  reopened INTEGER NOT NULL DEFAULT 0 CHECK (reopened IN (0, 1)),
  CHECK (grade IS NULL OR not_gradable IS NULL),
  PRIMARY KEY (study_id, condition, level)
) WITHOUT ROWID;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`,
} as const;
