/**
 * Public API of the built-in demo dataset: synthetic lumbar spine MRI studies (Kaggle RSNA 2024 layout)
 * with a known grade and click point for each of the 25 labels.
 *
 * `computeDemoManifest` is pure (no I/O); `generateDemoDataset` writes the files (node:fs + dcmjs).
 */
export {
  computeDemoManifest,
  planDemoDataset,
  DEFAULT_SEED,
  DEFAULT_AXIAL_SLICES_PER_DISC,
  GROUND_TRUTH_SCHEMA,
  type DemoManifest,
  type DemoStudyTruth,
  type DemoSeriesTruth,
  type DemoDiscTruth,
  type DemoLabel,
  type DemoOptions,
  type DatasetPlan,
  type StudyPlan,
  type PlannedSeries,
} from './manifest.js';
export type { DemoSeriesType } from './series.js';
export {
  generateDemoDataset,
  seriesDescriptionsCsv,
  GROUND_TRUTH_FILE,
  SERIES_DESCRIPTIONS_FILE,
  type GenerateDemoOptions,
} from './generate.js';
