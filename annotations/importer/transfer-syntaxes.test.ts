/**
 * Real compressed files, made at test time with Debian's dcmtk and gdcm tools from a dcmjs-written slice:
 * every one is indexed with its transfer syntax; the one the viewer cannot decode (Deflated) is flagged
 * before anyone opens it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database.js';
import { makeMrSlice, tempDir, writeFile } from '../test-support/dicom-files.js';
import { importDataset, type ImportSummary } from './indexer.js';

const conversions: Array<{ name: string; syntax: string; tool: string; args: (input: string, output: string) => string[] }> = [
  { name: 'jpegls', syntax: '1.2.840.10008.1.2.4.80', tool: 'dcmcjpls', args: (i, o) => [i, o] },
  { name: 'jpeg-lossless', syntax: '1.2.840.10008.1.2.4.70', tool: 'dcmcjpeg', args: (i, o) => ['+e1', i, o] },
  { name: 'rle', syntax: '1.2.840.10008.1.2.5', tool: 'dcmcrle', args: (i, o) => [i, o] },
  { name: 'j2k', syntax: '1.2.840.10008.1.2.4.90', tool: 'gdcmconv', args: (i, o) => ['--j2k', i, o] },
  { name: 'implicit', syntax: '1.2.840.10008.1.2', tool: 'dcmconv', args: (i, o) => ['+ti', i, o] },
  { name: 'big-endian', syntax: '1.2.840.10008.1.2.2', tool: 'dcmconv', args: (i, o) => ['+tb', i, o] },
  { name: 'deflated', syntax: '1.2.840.10008.1.2.1.99', tool: 'dcmconv', args: (i, o) => ['+td', i, o] },
];

let root: string;
let summary: ImportSummary;
const db = openDatabase(':memory:');

beforeAll(async () => {
  root = tempDir('lumbar-ts-');
  const source = writeFile(root, 'source.dcm', makeMrSlice({ rows: 32, columns: 32, seriesUid: '2.25.9', instanceNumber: 1 }));
  for (const c of conversions) {
    const output = path.join(root, 'series', `${c.name}.dcm`);
    fs.mkdirSync(path.dirname(output), { recursive: true });
    execFileSync(`/usr/bin/${c.tool}`, c.args(source, output), { stdio: 'pipe' });
  }
  fs.rmSync(source);
  summary = await importDataset(db, root);
});
afterAll(() => {
  db.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('compressed and re-encoded files', () => {
  it('indexes every file with its transfer syntax and geometry', () => {
    expect(summary.instances).toBe(conversions.length);
    const rows = db
      .prepare<[], { path: string; transfer_syntax: string; rows: number; ipp: string }>(
        'SELECT path, transfer_syntax, rows, ipp FROM instances',
      )
      .all();
    for (const c of conversions) {
      const row = rows.find((r) => r.path === `series/${c.name}.dcm`);
      expect(row, c.name).toMatchObject({ transfer_syntax: c.syntax, rows: 32 });
      expect(JSON.parse(row!.ipp)).toEqual([0, -100, 100]);
    }
  });

  it('flags the files the viewer cannot decode, before anyone opens them', () => {
    expect(summary.problems).toEqual([{ path: 'series/deflated.dcm', kind: 'undecodable', reason: expect.stringMatching(/Deflated/) }]);
    const warnings = JSON.parse(db.prepare<[], { warnings: string }>('SELECT warnings FROM series').get()!.warnings) as string[];
    expect(warnings).toContain('1 images in Deflated Explicit VR Little Endian, which the viewer cannot decode');
  });
});
