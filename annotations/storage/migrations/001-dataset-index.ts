/**
 * 001: the dataset index: dataset roots, studies, series and instances (headers only, never pixels),
 * plus every file seen by the importer (for incremental re-import and the problems panel).
 */
export const m001DatasetIndex = {
  version: 1,
  name: 'dataset-index',
  sql: /* sql */ `
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  root TEXT NOT NULL UNIQUE,           -- absolute path of the folder the user opened
  name TEXT NOT NULL,
  layout TEXT NOT NULL CHECK (layout IN ('kaggle', 'dicom')),
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_import_at TEXT
);

CREATE TABLE studies (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  study_key TEXT NOT NULL,             -- the Kaggle study_id in the Kaggle layout, else StudyInstanceUID
  study_uid TEXT,
  kaggle_id TEXT,                      -- decimal string, exact for any size
  patient_name TEXT,
  patient_id TEXT,
  study_date TEXT,
  description TEXT,
  UNIQUE (dataset_id, study_key)
);

CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  series_key TEXT NOT NULL,            -- the Kaggle series_id in the Kaggle layout, else SeriesInstanceUID
  series_uid TEXT,
  kaggle_id TEXT,
  modality TEXT,
  description TEXT,
  series_number INTEGER,
  type TEXT NOT NULL DEFAULT 'Other',  -- 'Sagittal T1' | 'Sagittal T2/STIR' | 'Axial T2' | 'Other'
  type_reason TEXT NOT NULL DEFAULT '',
  type_override TEXT,                  -- the user's choice; wins over type
  frame_of_reference_uid TEXT,
  warnings TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  UNIQUE (study_id, series_key)
);

CREATE TABLE instances (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  path TEXT NOT NULL,                  -- relative to the dataset root, '/' separated
  frame INTEGER NOT NULL DEFAULT 0,    -- frame index in a multi-frame file
  sop_uid TEXT,
  instance_number INTEGER,
  rows INTEGER,
  columns INTEGER,
  row_spacing REAL,                    -- PixelSpacing[0]: between rows (mm)
  column_spacing REAL,                 -- PixelSpacing[1]: between columns (mm)
  ipp TEXT,                            -- JSON [x,y,z] ImagePositionPatient (mm, LPS)
  iop TEXT,                            -- JSON [6] ImageOrientationPatient
  slice_thickness REAL,
  slice_location REAL,                 -- position along the series' slice normal (geometry), for ordering
  transfer_syntax TEXT,
  photometric TEXT,
  bits_allocated INTEGER,
  bits_stored INTEGER,
  pixel_representation INTEGER,
  rescale_slope REAL,
  rescale_intercept REAL,
  window_center REAL,
  window_width REAL,
  repetition_time REAL,
  echo_time REAL,
  inversion_time REAL,
  sequence_name TEXT,
  UNIQUE (series_id, path, frame)
);
CREATE INDEX instances_series ON instances(series_id, slice_location);
CREATE INDEX instances_path ON instances(path);

CREATE TABLE files (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('indexed', 'problem', 'non-image', 'missing')),
  reason TEXT,
  problem_kind TEXT,
  PRIMARY KEY (dataset_id, path)
) WITHOUT ROWID;
`,
} as const;
