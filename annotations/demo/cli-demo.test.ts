import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCommand } from '../cli/commands/demo.js';
import { runCli } from '../cli/main.js';
import { commands } from '../cli/registry.js';
import { computeDemoManifest } from './manifest.js';
import { captureIO } from '../test-support/cli-io.js';

describe('lumbar demo', () => {
  it('is registered and prints its usage with --help', async () => {
    expect(commands).toContain(demoCommand);
    const io = captureIO(tmpdir());
    expect(await runCli(['demo', '--help'], io)).toBe(0);
    expect(io.stdout).toContain('Usage: lumbar demo --out DIR');
    expect(io.stdout).toContain('--axial-slices');
  });

  it('rejects missing or bad options with exit code 2', async () => {
    const io = captureIO(tmpdir());
    expect(await runCli(['demo'], io)).toBe(2);
    expect(io.stderr).toContain('--out DIR is required');
    const io2 = captureIO(tmpdir());
    expect(await runCli(['demo', '--out', 'x', '--studies', 'three'], io2)).toBe(2);
    const io3 = captureIO(tmpdir());
    expect(await runCli(['demo', '--out', 'x', '--studies', '0'], io3)).toBe(2);
    const io4 = captureIO(tmpdir());
    expect(await runCli(['demo', '--out', 'x', '--bogus'], io4)).toBe(2);
  });

  it('writes the dataset relative to the working directory and prints one summary line', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'lumbar-demo-cli-'));
    try {
      const io = captureIO(cwd);
      expect(await runCli(['demo', '--out', 'out', '--studies', '1', '--seed', '4', '--axial-slices', '1'], io)).toBe(0);
      expect(io.stdout.trim().split('\n')).toHaveLength(1);
      expect(io.stdout).toMatch(/^demo: wrote 1 studies, 3 series, 35 images \(seed 4\) to .*out in [\d.]+ s\n$/);
      const truth = JSON.parse(await readFile(join(cwd, 'out', 'demo_ground_truth.json'), 'utf8')) as unknown;
      expect(truth).toEqual(computeDemoManifest({ studies: 1, seed: 4, axialSlicesPerDisc: 1 }));
      expect(existsSync(join(cwd, 'out', 'train_series_descriptions.csv'))).toBe(true);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  }, 60_000);
});
