import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { captureIO } from '../test-support/cli-io.js';
import { tempDir } from '../test-support/dicom-files.js';
import { indexedStudyFixture } from '../test-support/study-fixture.js';
import { createGradingService } from './grading.js';
import { CONDITION_LEVELS } from '../domain/protocol.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('lumbar agreement --db', () => {
  it("computes agreement on the app's own grades", async () => {
    const dir = tempDir('lumbar-agree-db-');
    dirs.push(dir);
    const dbPath = path.join(dir, 'db.sqlite');
    const f = await indexedStudyFixture(1, dbPath);
    const grading = createGradingService(f.db);
    const a = grading.createReader('Ann', 'A', 'reader').id;
    const b = grading.createReader('Ben', 'B', 'reader').id;
    grading.createReader('Quinn', 'Q', 'qa_lead');
    CONDITION_LEVELS.forEach((cl, i) => {
      grading.setLabel(a, f.studyId, cl, { grade: i % 5 === 0 ? 'Severe' : 'Normal/Mild' });
      grading.setLabel(b, f.studyId, cl, { grade: i % 5 === 0 ? 'Severe' : i === 3 ? 'Moderate' : 'Normal/Mild' });
    });
    f.db.close();
    const sink = captureIO();
    expect(await runCli(['agreement', '--db', dbPath, '--json', '--bootstrap', '50'], sink)).toBe(0);
    const report = JSON.parse(sink.stdout) as {
      subsets: Record<string, { n_items: number; pairwise: Record<string, { n: number; percent_agreement: { value: number } }> }>;
    };
    expect(report.subsets['overall']!.n_items).toBe(25);
    expect(report.subsets['overall']!.pairwise['Ann|Ben']!.n).toBe(25);
    expect(report.subsets['overall']!.pairwise['Ann|Ben']!.percent_agreement.value).toBeCloseTo(24 / 25, 12);
    const one = captureIO();
    expect(await runCli(['agreement', '--input', 'x.json', '--db', dbPath], one)).toBe(2);
  });
});

describe('agreementOverview', () => {
  it('reports statistics, grade distributions and point distances; empty databases do not crash', async () => {
    const f = await indexedStudyFixture();
    try {
      const { agreementOverview } = await import('./agreement-data.js');
      expect(() => agreementOverview(f.db, 0)).not.toThrow();
      const grading = createGradingService(f.db);
      const a = grading.createReader('Ann', 'A', 'reader').id;
      const b = grading.createReader('Ben', 'B', 'reader').id;
      const cl = CONDITION_LEVELS[0]!;
      grading.setLabel(a, f.studyId, cl, {
        grade: 'Severe',
        point: { seriesId: f.seriesIds.sagT2, instanceNumber: 3, x: 4, y: 4, override: false },
      });
      // Ben's point: 3 pixels to the right (0.5 mm pixels) and one slice over (4 mm): 4.27 mm away.
      grading.setLabel(b, f.studyId, cl, {
        grade: 'Moderate',
        point: { seriesId: f.seriesIds.sagT2, instanceNumber: 4, x: 7, y: 4, override: false },
      });
      const overview = agreementOverview(f.db, 20);
      expect(overview.readers).toEqual(['Ann', 'Ben']);
      expect(overview.gradeDistribution.find((r) => r.reader === 'Ann' && r.condition === cl.condition)!.counts.Severe).toBe(1);
      const spinal = overview.points.find((p) => p.condition === cl.condition && p.level === cl.level)!;
      expect(spinal.median_mm).toBeCloseTo(Math.hypot(1.5, 4), 9);
      expect(overview.report.subsets['overall']).toBeDefined();
    } finally {
      f.cleanup();
    }
  });
});
