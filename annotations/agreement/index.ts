/**
 * Public API of the agreement engine (AGREEMENT.md): inter-reader agreement statistics with analytic and
 * study-clustered bootstrap intervals, and point (landmark) agreement.
 *
 * Invariants: everything here is pure (no file or database access: the CLI command and, later, the
 * grading store's adapter do the I/O and call buildAgreementDataset / computeAgreementReport).
 */
export {
  AGREEMENT_DATASET_SCHEMA,
  AgreementDatasetError,
  indexDataset,
  validateAgreementDataset,
  type AgreementDataset,
  type AgreementItem,
  type AgreementRating,
  type CategoryCode,
  type IndexedDataset,
  type Measurement,
  type ValidationResult,
} from './dataset.js';
export {
  computeAgreementReport,
  computeIndexedReport,
  DEFAULT_BOOTSTRAP,
  DEFAULT_SEED,
  type AgreementReport,
  type AgreementReportOptions,
  type BootstrapResult,
  type PairwiseResult,
  type StatisticResult,
  type SubsetResult,
} from './report.js';
export {
  MULTI_RATER_STATISTICS,
  ORDERED_SCALE_ONLY,
  PAIRWISE_STATISTICS,
  type MultiRaterStatistic,
  type PairwiseStatistic,
} from './statistics.js';
export { formatAgreementReport, landisKoch, type FormatContext } from './format.js';
export { buildAgreementDataset, type BuildAgreementDatasetOptions, type GradeRecord } from './lumbar.js';
export { simulateLumbarGrades, type LumbarSimulationOptions } from './simulate.js';
export {
  patientPosition,
  pointAgreement,
  summarisePairs,
  type GeometryLookup,
  type InstanceGeometry,
  type PointAgreement,
  type PointPair,
  type PointRecord,
  type PointSummary,
} from './points.js';
export { createRng, Rng } from './prng.js';
