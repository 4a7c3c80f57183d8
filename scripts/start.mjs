#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is installed; otherwise says so and runs browser
// mode (same backend, same UI) and prints its URL.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRendererBuilt, runServer } from './serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when the binary was never downloaded.
    return require('electron');
  } catch (error) {
    return { missing: String(error instanceof Error ? error.message.split('\n')[0] : error) };
  }
}

const binary = electronBinary();
ensureRendererBuilt();
if (typeof binary === 'string') {
  const build = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '-c',
      'vite.electron.config.ts',
      '--mode',
      'main',
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit', cwd: root },
  );
  const preload = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '-c',
      'vite.electron.config.ts',
      '--mode',
      'preload',
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit', cwd: root },
  );
  if (build.status !== 0 || preload.status !== 0) process.exit(1);
  const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    `The Electron binary is not installed here (${binary.missing}).\n` +
      'Starting browser mode instead: the same app in your browser, served on 127.0.0.1.\n',
  );
  runServer(process.argv.slice(2));
}
