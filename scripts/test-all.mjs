#!/usr/bin/env node
// `npm test`: every kind of check this project has, in order: type-check, lint (ESLint + Prettier),
// unit/integration tests (Vitest: real SQLite files, real DICOM files, the crash test), and the e2e suite
// (Playwright in Chromium against browser mode). Every stage runs even when an earlier one failed; the
// exit code is non-zero if any failed. The last line is the plain summary 'tests: N passed, N failed'.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
fs.mkdirSync('test-results', { recursive: true });
const npx = (args) => ['npx', ['--no-install', ...args]];

const stages = [
  {
    name: 'type-check',
    commands: [
      npx(['tsc', '-p', 'tsconfig.json', '--noEmit']),
      npx(['tsc', '-p', 'renderer/tsconfig.json', '--noEmit']),
      npx(['tsc', '-p', 'electron/tsconfig.json', '--noEmit']),
      npx(['tsc', '-p', 'e2e/tsconfig.json', '--noEmit']),
    ],
  },
  { name: 'lint', commands: [npx(['eslint', '.']), npx(['prettier', '--check', '--log-level', 'warn', '.'])] },
  {
    name: 'unit + integration (vitest)',
    commands: [npx(['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'])],
    results: 'test-results/vitest.json',
    kind: 'vitest',
  },
  {
    name: 'electron bundles',
    commands: [
      npx(['vite', 'build', '-c', 'vite.electron.config.ts', '--mode', 'main', '--logLevel', 'warn']),
      npx(['vite', 'build', '-c', 'vite.electron.config.ts', '--mode', 'preload', '--logLevel', 'warn']),
    ],
  },
  {
    name: 'e2e (playwright, browser mode)',
    commands: [npx(['vite', 'build', '--logLevel', 'warn']), npx(['playwright', 'test'])],
    results: 'test-results/e2e.json',
    kind: 'playwright',
  },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const report = [];
for (const stage of stages) {
  if (only.length > 0 && !only.some((o) => stage.name.startsWith(o))) continue;
  const started = Date.now();
  console.log(`\n=== ${stage.name} ===`);
  if (stage.results) fs.rmSync(stage.results, { force: true });
  let ok = true;
  for (const [cmd, args] of stage.commands) {
    const result = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
    if (result.status !== 0) ok = false;
  }
  let counts = '';
  if (stage.kind === 'vitest' && fs.existsSync(stage.results)) {
    const r = JSON.parse(fs.readFileSync(stage.results, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    counts = ` (${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped)`;
  } else if (stage.kind === 'playwright' && fs.existsSync(stage.results)) {
    const s = JSON.parse(fs.readFileSync(stage.results, 'utf8')).stats;
    passed += s.expected;
    failed += s.unexpected + s.flaky;
    skipped += s.skipped;
    counts = ` (${s.expected} passed, ${s.unexpected + s.flaky} failed, ${s.skipped} skipped)`;
  } else if (stage.kind) {
    ok = false;
    counts = ' (no results file: the runner did not finish)';
  }
  if (!stage.kind) {
    if (ok) passed++;
    else failed++;
  } else if (!ok && counts.includes(' 0 failed')) {
    failed++; // the runner failed outside any test (collection error, ...)
  }
  report.push(`${ok ? 'PASS' : 'FAIL'}  ${stage.name}${counts}  ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
console.log('\n=== summary ===');
for (const line of report) console.log(line);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || report.some((l) => l.startsWith('FAIL')) ? 1 : 0);
