/**
 * The names of the contract's methods, alone, with no imports: the sandboxed Electron preload bundles
 * this list (and nothing else) to expose exactly these methods. contract.ts checks it matches.
 */
export const METHOD_NAMES = [
  'getAppInfo',
  'listDatasets',
  'listStudies',
  'getStudy',
  'setSeriesType',
  'startImport',
  'getImportStatus',
  'cancelImport',
  'pickFolder',
  'listReaders',
  'createReader',
  'getWorklist',
  'getRead',
  'setLabel',
  'setReadInfo',
  'undo',
  'redo',
  'addActiveTime',
  'getStudyReads',
  'getAssignments',
  'assignStudies',
  'exportAssignments',
  'importAssignments',
  'getAuditLog',
  'getTimeOnTask',
  'exportKaggle',
  'importKaggle',
  'getAgreement',
  'getAdjudicationQueue',
  'getAdjudicationStudy',
  'decideCell',
  'reopenCell',
  'getAdjudicationReport',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

/** IPC channel of a method in Electron. */
export const ipcChannel = (name: MethodName): string => `lumbar:${name}`;

/** Commands Electron's native menu sends to the renderer (main -> renderer, one channel). */
export const MENU_CHANNEL = 'lumbar:menu-command';
export type MenuCommand = { readonly kind: 'open-dataset-folder' } | { readonly kind: 'about' };
