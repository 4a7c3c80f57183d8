/**
 * Public API of the Kaggle module: the three label files (write, read, validate), consensus, the
 * competition metric and submissions. Pure except `files.ts` (re-exported here as the I/O edge).
 */
export * from './consensus.js';
export * from './coordinates-csv.js';
export * from './csv.js';
export * from './export-files.js';
export * from './files.js';
export * from './import-files.js';
export * from './issues.js';
export * from './metric.js';
export * from './model.js';
export * from './numbers.js';
export * from './series-descriptions-csv.js';
export * from './submission.js';
export * from './train-csv.js';
export * from './validate.js';
