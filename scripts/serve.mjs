#!/usr/bin/env node
// `npm run serve`: browser mode. Builds the renderer when dist/ is missing or older than its sources,
// then starts the backend + HTTP server (annotations/server/serve-main.ts) and prints the URL to open.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureRendererBuilt() {
  const index = path.join(root, 'dist', 'index.html');
  const stale =
    !fs.existsSync(index) ||
    fs.statSync(index).mtimeMs <
      Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'annotations', 'contract')));
  if (!stale) return;
  console.log('Building the renderer (vite build)…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

export function runServer(args) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'annotations', 'server', 'serve-main.ts'), ...args], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureRendererBuilt();
  runServer(process.argv.slice(2));
}
