/**
 * Crash safety: a child process grades continuously and is killed with SIGKILL at random moments, at
 * least 50 times. After every kill the database must pass `PRAGMA integrity_check`, and every change the
 * child acknowledged must be there (the one change in flight may or may not be).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database.js';
import { createGradingService } from '../services/grading.js';
import { indexedStudyFixture } from '../test-support/study-fixture.js';
import { tempDir } from '../test-support/dicom-files.js';
import { createRng } from '../agreement/prng.js';
import { scriptedChange } from './crash-script.js';
import { labelKey } from './labels.js';

const KILLS = Number(process.env['CRASH_KILLS'] ?? 50);
const child = path.join(import.meta.dirname, 'crash-child.ts');

function runAndKill(dbPath: string, readerId: number, studyId: number, start: number, killAfterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dbPath, String(readerId), String(studyId), String(start)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // Start the countdown once the child is grading, so every kill lands mid-grading.
      timer ??= setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child ended without being killed: ${err}`));
      const acks = [...out.matchAll(/^ACK (\d+)$/gm)].map((m) => Number(m[1]));
      resolve(acks.length > 0 ? acks.at(-1)! : start - 1);
    });
  });
}

describe('crash safety', () => {
  it(`keeps every acknowledged grade through ${KILLS} SIGKILLs`, async () => {
    const dir = tempDir('lumbar-crash-');
    const dbPath = path.join(dir, 'crash.sqlite');
    const fixture = await indexedStudyFixture(1, dbPath);
    const readerId = createGradingService(fixture.db).createReader('Crash Reader', 'CR', 'reader').id;
    const studyId = fixture.studyId;
    fixture.db.close();
    const rng = createRng(2024);
    const random = () => rng.next();
    let next = 0;
    let totalAcked = 0;
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const lastAck = await runAndKill(dbPath, readerId, studyId, next, 5 + Math.floor(random() * 120));
        totalAcked += lastAck - next + 1;
        const db = openDatabase(dbPath);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const labels = new Map(
          createGradingService(db)
            .getRead(readerId, studyId)
            .labels.map((l) => [labelKey(l), l.grade]),
        );
        db.close();
        // Expected: the last acknowledged write of each cell; the write in flight (lastAck + 1) may also have landed.
        const expected = new Map<string, string>();
        for (let n = 0; n <= lastAck; n++) expected.set(labelKey(scriptedChange(n).cell), scriptedChange(n).grade);
        const inFlight = scriptedChange(lastAck + 1);
        for (const [key, grade] of expected) {
          const actual = labels.get(key);
          if (key === labelKey(inFlight.cell)) expect([grade, inFlight.grade]).toContain(actual);
          else expect(actual, `kill ${kill}: ${key}`).toBe(grade);
        }
        // Continue after what is in the database: if the in-flight write landed, the script moves past it.
        next =
          labels.get(labelKey(inFlight.cell)) === inFlight.grade && expected.get(labelKey(inFlight.cell)) !== inFlight.grade
            ? lastAck + 2
            : lastAck + 1;
      }
      expect(totalAcked).toBeGreaterThan(KILLS); // the kills happened while grading, not before it started
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
