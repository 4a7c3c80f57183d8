/**
 * Start-up of the backend, shared by browser mode and the Electron main process: open (and migrate) the
 * database, make sure a new user has the demo dataset, and build the handlers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../storage/database.js';
import { createIndexRepository } from '../storage/index-repository.js';
import { importDataset } from '../importer/indexer.js';
import type { DicomFileLookup } from '../server/file-routes.js';
import type { AppInfo } from '../contract/types.js';
import { createBackend, type Backend } from './backend.js';
import { generateDemoDataset } from '../demo/generate.js';

export interface RuntimeOptions {
  readonly databasePath: string;
  readonly userDataDir: string;
  readonly mode: AppInfo['mode'];
  readonly dicomBase: string;
  readonly version: string;
  /** Generate and index the demo dataset when the database has no dataset yet (default true). */
  readonly demo?: boolean;
  readonly demoStudies?: number;
  readonly log?: (message: string) => void;
}

export interface Runtime {
  readonly db: Db;
  readonly backend: Backend;
  readonly files: DicomFileLookup;
  close(): void;
}

export function demoFolder(userDataDir: string): string {
  return path.join(userDataDir, 'demo-dataset');
}

/** First start: generate the demo studies (once) and index them. */
export async function ensureDemoDataset(db: Db, userDataDir: string, studies = 3, log: (m: string) => void = () => {}): Promise<void> {
  const repo = createIndexRepository(db);
  if (repo.datasets().length > 0) return;
  const folder = demoFolder(userDataDir);
  if (!fs.existsSync(path.join(folder, 'demo_ground_truth.json'))) {
    const started = performance.now();
    await generateDemoDataset({ outDir: folder, studies });
    log(`generated ${studies} demo studies in ${folder} (${Math.round(performance.now() - started)} ms)`);
  }
  const summary = await importDataset(db, folder, { isDemo: true });
  log(`indexed demo dataset: ${summary.studies} studies, ${summary.series} series, ${summary.instances} images`);
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const db = openDatabase(options.databasePath);
  try {
    if (options.demo ?? true) await ensureDemoDataset(db, options.userDataDir, options.demoStudies ?? 3, options.log);
  } catch (error) {
    db.close();
    throw error;
  }
  const demoRoot = path.resolve(demoFolder(options.userDataDir));
  const backend = createBackend({
    db,
    databasePath: options.databasePath,
    mode: options.mode,
    version: options.version,
    dicomBase: options.dicomBase,
    isDemoFolder: (folder) => path.resolve(folder).startsWith(demoRoot),
  });
  const repo = createIndexRepository(db);
  const files: DicomFileLookup = {
    datasetRoot: (id) => repo.datasetById(id)?.root,
    isIndexedFile: (id, relativePath) => repo.isIndexedFile(id, relativePath),
  };
  return {
    db,
    backend,
    files,
    close() {
      backend.close();
      db.close();
    },
  };
}
