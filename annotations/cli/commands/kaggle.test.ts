import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dicomBytes } from '../../kaggle/fixtures/dicom.js';
import { CliFailure, UsageError } from '../command.js';
import { kaggleSampleSubmissionCommand } from './kaggle-sample-submission.js';
import { kaggleScoreCommand } from './kaggle-score.js';
import { kaggleValidateCommand } from './kaggle-validate.js';
import { captureIO } from '../../test-support/cli-io.js';

const FIXTURES = fileURLToPath(new URL('../../kaggle/fixtures/', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaggle-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lumbar kaggle validate', () => {
  it('exits 0 on the golden files', async () => {
    const io = captureIO(FIXTURES);
    expect(await kaggleValidateCommand.run(['golden'], io)).toBe(0);
    expect(io.stdout).toMatch(/golden \(no images checked\): 0 error\(s\), 0 warning\(s\)\n$/);
  });
  it('exits 0 with warnings only, 1 with errors; --json lists them', async () => {
    cpSync(join(FIXTURES, 'golden'), dir, { recursive: true });
    const coords = readFileSync(join(dir, 'train_label_coordinates.csv'), 'utf8');
    writeFileSync(join(dir, 'train_label_coordinates.csv'), coords.replace(',186.0,319.0', ',186,319.0'));
    let io = captureIO(dir);
    expect(await kaggleValidateCommand.run(['.'], io)).toBe(0);
    expect(io.stdout).toContain('warning: train_label_coordinates.csv:8:60: x "186" is not written the canonical way');
    writeFileSync(join(dir, 'train.csv'), readFileSync(join(dir, 'train.csv'), 'utf8').replace('Moderate', 'moderate'));
    io = captureIO(dir);
    expect(await kaggleValidateCommand.run(['.', '--json'], io)).toBe(1);
    const json = JSON.parse(io.stdout) as { errors: Array<{ file: string; line: number; column: number }>; warnings: unknown[] };
    expect(json.errors).toEqual([
      {
        file: 'train.csv',
        line: 2,
        column: 105,
        message: 'unknown grade "moderate" (expected Normal/Mild, Moderate, Severe or empty)',
      },
    ]);
    expect(json.warnings).toHaveLength(1);
  });
  it('checks against DIR/train_images when present', async () => {
    cpSync(join(FIXTURES, 'golden'), dir, { recursive: true });
    const series = join(dir, 'train_images', '4290709089', '2147483648');
    mkdirSync(series, { recursive: true });
    writeFileSync(join(series, '2.dcm'), dicomBytes(256, 200)); // the point is at x 256 > 200 columns
    const io = captureIO(dir);
    expect(await kaggleValidateCommand.run(['.'], io)).toBe(1);
    expect(io.stdout).toContain('error: train.csv:2:1: study 4003253 is not among the images\n');
    expect(io.stdout).toContain(
      'error: train_label_coordinates.csv:71:58: point (256.0, 300.0) is outside the 200x256 image (columns x rows)\n',
    );
    expect(io.stdout).toMatch(/against .*train_images: \d+ error\(s\), 0 warning\(s\)\n$/);
  });
  it('refuses a wrong number of folders and a missing folder', async () => {
    await expect(kaggleValidateCommand.run([], captureIO(dir))).rejects.toBeInstanceOf(UsageError);
    await expect(kaggleValidateCommand.run(['nope'], captureIO(dir))).rejects.toBeInstanceOf(CliFailure);
  });
});

describe('lumbar kaggle score', () => {
  it('prints exactly the five keys with --json', async () => {
    const io = captureIO(join(FIXTURES, 'metric'));
    const code = await kaggleScoreCommand.run(['--labels', 'labels_no_spinal.csv', '--submission', 'submission_uniform.csv', '--json'], io);
    expect(code).toBe(0);
    const parsed = JSON.parse(io.stdout) as Record<string, number | null>;
    expect(Object.keys(parsed)).toEqual(['spinal', 'foraminal', 'subarticular', 'any_severe_spinal', 'score']);
    expect(parsed.spinal).toBeNull();
    expect(parsed.score).toBeCloseTo(Math.log(3), 14);
  });
  it('prints the four losses, the score and notes', async () => {
    const io = captureIO(join(FIXTURES, 'metric'));
    await kaggleScoreCommand.run(['--labels', 'labels_no_spinal.csv', '--submission', 'submission_uniform.csv'], io);
    expect(io.stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual([
      'spinal',
      'foraminal',
      'subarticular',
      'any_severe_spinal',
      'score',
      'note:',
      'note:',
      'note:',
      '',
    ]);
  });
  it('lists input errors as file:line:column and fails', async () => {
    writeFileSync(join(dir, 'sub.csv'), 'row_id,normal_mild,moderate,severe\nx,1,0,abc\n');
    cpSync(join(FIXTURES, 'golden', 'train.csv'), join(dir, 'train.csv'));
    const io = captureIO(dir);
    await expect(kaggleScoreCommand.run(['--labels', 'train.csv', '--submission', 'sub.csv'], io)).rejects.toBeInstanceOf(CliFailure);
    expect(io.stderr.split('\n')[0]).toBe('sub.csv:2:7: non-numeric value "abc"');
    await expect(kaggleScoreCommand.run(['--labels', 'train.csv'], io)).rejects.toBeInstanceOf(UsageError);
  });
});

describe('lumbar kaggle sample-submission', () => {
  it('prints the sample or writes it to --out', async () => {
    const expected = readFileSync(join(FIXTURES, 'golden', 'sample_submission.csv'), 'utf8');
    let io = captureIO(FIXTURES);
    expect(await kaggleSampleSubmissionCommand.run(['--labels', 'golden/train.csv'], io)).toBe(0);
    expect(io.stdout).toBe(expected);
    io = captureIO(FIXTURES);
    const out = join(dir, 'sample.csv');
    expect(await kaggleSampleSubmissionCommand.run(['--labels', 'golden/train.csv', '--out', out], io)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(io.stderr).toContain('(125 rows)');
  });
});
