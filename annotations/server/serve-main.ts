/**
 * `npm run serve`: browser mode. Starts the backend and the HTTP server on 127.0.0.1 and prints the URL
 * (with its per-run token) to open in a browser.
 *
 * Options: --db PATH (or LUMBAR_DB), --user-data DIR (or LUMBAR_USER_DATA), --port N, --no-demo,
 * --dist DIR (the built renderer; default dist/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultUserDataDir, resolveDatabasePath } from '../storage/database.js';
import { startRuntime } from '../services/runtime.js';
import { DICOM_PREFIX, startBrowserServer } from './http-server.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    'user-data': { type: 'string' },
    port: { type: 'string' },
    'no-demo': { type: 'boolean', default: false },
    dist: { type: 'string' },
  },
});

const userDataDir = path.resolve(values['user-data'] ?? defaultUserDataDir());
const env = { ...process.env, LUMBAR_USER_DATA: userDataDir };
const databasePath = resolveDatabasePath(values.db, env);
const distDir = path.resolve(values.dist ?? 'dist');
if (!fs.existsSync(path.join(distDir, 'index.html'))) {
  process.stderr.write(`lumbar serve: no built renderer in ${distDir}; run \`npm run build:renderer\` first.\n`);
  process.exit(1);
}
const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const runtime = await startRuntime({
  databasePath,
  userDataDir,
  mode: 'browser',
  dicomBase: DICOM_PREFIX,
  version: pkg.version,
  demo: !values['no-demo'],
  log: (m) => process.stdout.write(`${m}\n`),
});
const server = await startBrowserServer({
  handlers: runtime.backend.handlers,
  files: runtime.files,
  distDir,
  port: values.port ? Number(values.port) : 0,
});
process.stdout.write(`database: ${databasePath}\n`);
process.stdout.write(`Lumbar Grader (browser mode) is running. Open:\n  ${server.url}\n`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await server.close();
  runtime.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
