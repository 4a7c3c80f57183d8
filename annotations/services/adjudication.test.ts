import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { dispatch } from '../contract/contract.js';
import type { AdjudicationQueue } from '../contract/types.js';
import { tempDir } from '../test-support/dicom-files.js';
import { indexedStudyFixture, type StudyFixture } from '../test-support/study-fixture.js';
import { createStudyQueries } from './study-queries.js';
import { createGradingService, type GradingService } from './grading.js';
import { createAdjudicationService, type AdjudicationService } from './adjudication.js';
import { createKaggleIo, parseExportSource } from './kaggle-io.js';
import { createBackend } from './backend.js';
import type { Condition, Grade, Level } from '../domain/protocol.js';
import { captureIO } from '../test-support/cli-io.js';

const SCS: Condition = 'Spinal Canal Stenosis';
const LNFN: Condition = 'Left Neural Foraminal Narrowing';

let work: string;
let f: StudyFixture;
let grading: GradingService;
let adj: AdjudicationService;
let a: number, b: number, qa: number, study2: number;

beforeAll(async () => {
  work = tempDir('lumbar-adjudication-');
  f = await indexedStudyFixture(2, path.join(work, 'db.sqlite'));
  grading = createGradingService(f.db);
  adj = createAdjudicationService(f.db);
  a = grading.createReader('Ann', 'AN', 'reader').id;
  b = grading.createReader('Ben', 'BE', 'reader').id;
  qa = grading.createReader('Quinn', 'QU', 'qa_lead').id;
  const t2 = f.seriesIds.sagT2;
  const t1 = f.seriesIds.sagT1;
  const set = (
    r: number,
    c: Condition,
    level: Level,
    grade: Grade | null,
    point?: [number, number, number],
    series = t2,
    studyId = f.studyId,
  ) =>
    grading.setLabel(
      r,
      studyId,
      { condition: c, level },
      {
        ...(grade ? { grade } : { notGradable: 'motion' }),
        ...(point ? { point: { seriesId: series, instanceNumber: point[0], x: point[1], y: point[2], override: false } } : {}),
      },
    );
  // Study 1: every kind once.
  set(a, SCS, 'L1/L2', 'Normal/Mild', [3, 8, 2]); // grade + gap + severe (spinal)
  set(b, SCS, 'L1/L2', 'Severe', [3, 8, 3]);
  set(a, SCS, 'L2/L3', 'Moderate', [3, 8, 6]); // unanimous: auto-final
  set(b, SCS, 'L2/L3', 'Moderate', [3, 9, 6]);
  set(a, SCS, 'L3/L4', 'Moderate'); // gradability
  set(b, SCS, 'L3/L4', null);
  set(a, SCS, 'L4/L5', 'Moderate', [1, 8, 12]); // distance: 2 slices x 4 mm apart... 4 slices = 16 mm
  set(b, SCS, 'L4/L5', 'Moderate', [5, 8, 12]);
  set(a, LNFN, 'L1/L2', 'Normal/Mild', [3, 8, 2], t1); // level: Ben's L2/L3 is nearer Ann's L1/L2
  set(a, LNFN, 'L2/L3', 'Moderate', [3, 8, 8], t1);
  set(b, LNFN, 'L2/L3', 'Moderate', [3, 8, 4], t1);
  // Study 2: a one-step grade difference only.
  const s2 = createStudyQueries(f.db)
    .listStudies()
    .find((s) => s.id !== f.studyId)!;
  study2 = s2.id;
  set(a, SCS, 'L1/L2', 'Normal/Mild', undefined, t2, study2);
  set(b, SCS, 'L1/L2', 'Moderate', undefined, t2, study2);
});
afterAll(() => {
  f.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('adjudication service on SQLite', () => {
  it('detects every kind and ranks studies by priority', () => {
    const q = adj.queue(qa);
    expect(q.items.map((i) => i.studyId)).toEqual([f.studyId, study2]);
    expect(q.items[0]).toMatchObject({ priority: 12, openCells: 4, readers: 2 });
    expect(q.items[1]).toMatchObject({ priority: 1, openCells: 1 });
    expect(q.counters).toMatchObject({ studies: 2, openCells: 5, autoFinalCells: 2, adjudicatedCells: 0, finalStudies: 0 });
    expect(q.counters.byKind).toEqual({ grade: 2, gap: 1, severe: 1, gradability: 1, distance: 1, level: 1 });
    const cells = adj.study(qa, f.studyId).cells;
    const kinds = (c: Condition, l: Level) => cells.find((x) => x.condition === c && x.level === l)!;
    expect(kinds(SCS, 'L1/L2').kinds).toEqual(['grade', 'gap', 'severe']);
    expect(kinds(SCS, 'L2/L3')).toMatchObject({ status: 'unanimous', kinds: [], final: { grade: 'Moderate' } });
    expect(kinds(SCS, 'L3/L4').kinds).toEqual(['gradability']);
    expect(kinds(SCS, 'L4/L5').kinds).toEqual(['distance']);
    expect(kinds(LNFN, 'L2/L3').kinds).toEqual(['level']);
    expect(kinds(LNFN, 'L1/L2').status).toBe('unanimous'); // one reader
  });

  it('filters the queue by kind, condition, level and reader', () => {
    expect(adj.queue(qa, { kind: 'distance' }).items.map((i) => [i.studyId, i.openCells])).toEqual([[f.studyId, 1]]);
    expect(adj.queue(qa, { condition: LNFN }).counters.openCells).toBe(1);
    expect(adj.queue(qa, { level: 'L1/L2' }).items.map((i) => i.studyId)).toEqual([f.studyId, study2]);
    expect(adj.queue(qa, { readerId: qa }).items).toEqual([]);
    expect(adj.queue(qa, { readerId: a }).counters.openCells).toBe(5);
  });

  it('is for QA leads only, and blinds reader names unless revealed', () => {
    expect(() => adj.queue(a)).toThrow(/only a QA lead/);
    expect(() => adj.decide(b, { studyId: f.studyId, condition: SCS, level: 'L1/L2', grade: 'Severe' })).toThrow(/only a QA lead/);
    const blind = adj.study(qa, f.studyId);
    expect(blind.readers).toEqual([
      { alias: 'A', readerId: a, name: null },
      { alias: 'B', readerId: b, name: null },
    ]);
    expect(adj.study(qa, f.studyId, true).readers.map((r) => r.name)).toEqual(['Ann', 'Ben']);
  });

  it('decide -> audit event -> final label -> Kaggle export --source final; reopen -> open and excluded again', async () => {
    const out = (name: string) => path.join(work, name);
    const kaggle = createKaggleIo(f.db);
    // Nothing final yet: both studies have open cells and are left out, listed.
    const none = await kaggle.exportFiles(out('final-0'), parseExportSource('final'));
    expect(none.summary.studies).toBe(0);
    expect(none.openStudies).toHaveLength(2);

    const after = adj.decide(qa, {
      studyId: f.studyId,
      condition: SCS,
      level: 'L1/L2',
      chosenReaderId: b,
      rationale: 'cauda equina crowded',
    });
    const cell = after.cells.find((c) => c.condition === SCS && c.level === 'L1/L2')!;
    expect(cell).toMatchObject({ status: 'adjudicated', final: { grade: 'Severe', point: { instanceNumber: 3, x: 8, y: 3 } } });
    expect(cell.decision).toMatchObject({ chosenAlias: 'B', rationale: 'cauda equina crowded', reopened: false });
    const events = grading.auditLog(qa, f.studyId).filter((e) => e.kind === 'adjudication');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      readerId: qa,
      target: `${SCS}|L1/L2`,
      before: null,
      after: { action: 'decide', grade: 'Severe', chosenReaderId: b },
    });

    // Partial export: study 1's final cells only (the decision and the unanimous cells), study 2's unanimous none.
    await kaggle.exportFiles(out('final-partial'), parseExportSource('final:partial'));
    const partialTrain = fs.readFileSync(path.join(out('final-partial'), 'train.csv'), 'utf8').split('\n');
    const header = partialTrain[0]!.split(',');
    const row1 = partialTrain[1]!.split(',');
    expect(row1[header.indexOf('spinal_canal_stenosis_l1_l2')]).toBe('Severe');
    expect(row1[header.indexOf('spinal_canal_stenosis_l2_l3')]).toBe('Moderate');
    expect(row1[header.indexOf('spinal_canal_stenosis_l3_l4')]).toBe('');

    // Decide the rest of study 1 (the QA lead's own values too): it becomes final and is exported.
    adj.decide(qa, { studyId: f.studyId, condition: SCS, level: 'L3/L4', grade: 'Moderate', rationale: 'gradable on axial' });
    adj.decide(qa, { studyId: f.studyId, condition: SCS, level: 'L4/L5', chosenReaderId: a });
    adj.decide(qa, {
      studyId: f.studyId,
      condition: LNFN,
      level: 'L2/L3',
      grade: 'Moderate',
      point: { seriesId: f.seriesIds.sagT1, instanceNumber: 3, x: 8, y: 7 },
    });
    expect(adj.queue(qa).items.map((i) => i.studyId)).toEqual([study2]);
    const done = await kaggle.exportFiles(out('final-1'), parseExportSource('final'));
    expect(done.summary.studies).toBe(1);
    expect(done.openStudies).toEqual([createStudyQueries(f.db).studySummary(study2)!.studyKey]);
    const train = fs.readFileSync(path.join(out('final-1'), 'train.csv'), 'utf8').split('\n');
    expect(train[1]!.split(',')[header.indexOf('spinal_canal_stenosis_l1_l2')]).toBe('Severe');
    const coords = fs.readFileSync(path.join(out('final-1'), 'train_label_coordinates.csv'), 'utf8');
    expect(coords).toMatch(/,3,Spinal Canal Stenosis,L1\/L2,8\.0,3\.0\n/);
    expect(coords).toMatch(/,3,Left Neural Foraminal Narrowing,L2\/L3,8\.0,7\.0\n/);

    // Reopen: the cell is open again, the study leaves the export, the audit trail holds both events.
    const reopened = adj.reopen(qa, { studyId: f.studyId, condition: SCS, level: 'L1/L2', rationale: 'second look' });
    expect(reopened.cells.find((c) => c.condition === SCS && c.level === 'L1/L2')).toMatchObject({
      status: 'open',
      final: null,
      decision: { reopened: true },
    });
    expect(adj.queue(qa).items.map((i) => i.studyId)).toEqual([f.studyId, study2]);
    const again = await kaggle.exportFiles(out('final-2'), parseExportSource('final'));
    expect(again.summary.studies).toBe(0);
    expect(() => adj.reopen(qa, { studyId: f.studyId, condition: SCS, level: 'L1/L2' })).toThrow(/no current decision/);
    const trail = grading.auditLog(qa, f.studyId).filter((e) => e.kind === 'adjudication' && e.target === `${SCS}|L1/L2`);
    expect(trail.map((e) => (e.after as { action: string }).action)).toEqual(['decide', 'reopen']);
    // Deciding again makes it current again.
    adj.decide(qa, { studyId: f.studyId, condition: SCS, level: 'L1/L2', chosenReaderId: b });
    expect(adj.queue(qa).items.map((i) => i.studyId)).toEqual([study2]);
  });

  it('refuses a decision without a value, with a reader who did not grade, or with a foreign point', () => {
    const base = { studyId: study2, condition: SCS, level: 'L1/L2' as Level };
    expect(() => adj.decide(qa, base)).toThrow(/exactly one/);
    expect(() => adj.decide(qa, { ...base, level: 'L5/S1', chosenReaderId: a })).toThrow(/did not grade/);
    expect(() =>
      adj.decide(qa, { ...base, grade: 'Severe', point: { seriesId: f.seriesIds.sagT2, instanceNumber: 1, x: 1, y: 1 } }),
    ).toThrow(/not part of this study/);
  });

  it('reports each reader against the final labels, with how often overruled', () => {
    const rows = adj.report(qa);
    const overall = (id: number) => rows.find((r) => r.readerId === id && r.subset === 'overall')!;
    // Decisions on study 1: L1/L2 took Ben's Severe over Ann; L3/L4 Moderate over Ben's not gradable; L4/L5 Ann's (same grade); LNFN L2/L3 Moderate.
    expect(overall(a)).toMatchObject({ adjudicated: 4, overruled: 1 });
    expect(overall(b)).toMatchObject({ adjudicated: 4, overruled: 1 });
    expect(overall(a).n).toBeGreaterThan(0);
    expect(rows.find((r) => r.readerId === a && r.subset === `condition=${SCS}`)).toMatchObject({ adjudicated: 3, overruled: 1 });
    expect(rows.some((r) => r.subset === 'level=L1/L2')).toBe(true);
  });

  it('serves the contract methods through dispatch', async () => {
    const backend = createBackend({ db: f.db, databasePath: 'x', mode: 'browser', version: 't', dicomBase: '/dicom' });
    const q = await dispatch(backend.handlers, 'getAdjudicationQueue', { viewerId: qa, kind: 'grade' });
    expect(q.ok && (q.value as AdjudicationQueue).items.map((i) => i.studyId)).toEqual([study2]);
    const bad = await dispatch(backend.handlers, 'decideCell', { viewerId: qa, studyId: study2, condition: SCS, level: 'L9' });
    expect(bad.ok).toBe(false);
    const forbidden = await dispatch(backend.handlers, 'getAdjudicationReport', { viewerId: a });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const decided = await dispatch(backend.handlers, 'decideCell', {
      viewerId: qa,
      studyId: study2,
      condition: SCS,
      level: 'L1/L2',
      grade: 'Moderate',
    });
    expect(decided.ok).toBe(true);
    const reopened = await dispatch(backend.handlers, 'reopenCell', { viewerId: qa, studyId: study2, condition: SCS, level: 'L1/L2' });
    expect(reopened.ok).toBe(true);
    const detail = await dispatch(backend.handlers, 'getAdjudicationStudy', { viewerId: qa, studyId: study2, reveal: true });
    expect(detail).toMatchObject({ ok: true, value: { open: 1 } });
  });

  it('lumbar adjudication queue / report print tables and JSON', async () => {
    const dbPath = path.join(work, 'db.sqlite');
    const json = captureIO();
    expect(await runCli(['adjudication', 'queue', '--db', dbPath, '--json'], json)).toBe(0);
    expect((JSON.parse(json.stdout) as AdjudicationQueue).items.map((i) => i.studyId)).toEqual([study2]);
    const table = captureIO();
    expect(await runCli(['adjudication', 'queue', '--db', dbPath, '--distance-mm', '100'], table)).toBe(0);
    expect(table.stdout).toMatch(/^1 studies with 1 open cells/);
    const report = captureIO();
    expect(await runCli(['adjudication', 'report', '--db', dbPath], report)).toBe(0);
    expect(report.stdout).toMatch(/Ann\toverall\t/);
    const reportJson = captureIO();
    expect(await runCli(['adjudication', 'report', '--db', dbPath, '--json'], reportJson)).toBe(0);
    expect(JSON.parse(reportJson.stdout)).toContainEqual(expect.objectContaining({ reader: 'Ben', subset: 'overall' }));
    expect(await runCli(['adjudication', 'queue', '--db', dbPath, '--distance-mm', 'x'], captureIO())).toBe(2);
  });

  it('lumbar adjudication settings stores the settings the queue then uses', async () => {
    const dbPath = path.join(work, 'db.sqlite');
    const shown = captureIO();
    expect(await runCli(['adjudication', 'settings', '--db', dbPath], shown)).toBe(0);
    expect(shown.stdout).toContain('distance: 10 mm');
    const set = captureIO();
    expect(
      await runCli(
        ['adjudication', 'settings', '--db', dbPath, '--distance-mm', '25', '--weight', 'grade=7', '--auto-final', 'majority', '--json'],
        set,
      ),
    ).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ distanceMm: 25, autoFinal: 'majority', weights: { grade: 7, gap: 3 } });
    expect(createAdjudicationService(f.db).settings()).toMatchObject({ distanceMm: 25, weights: { grade: 7 } });
    expect(adj.queue(qa).items[0]).toMatchObject({ studyId: study2, priority: 7 });
    expect(await runCli(['adjudication', 'settings', '--db', dbPath, '--weight', 'nope=1'], captureIO())).toBe(2);
    expect(await runCli(['adjudication', 'settings', '--db', dbPath, '--auto-final', 'some'], captureIO())).toBe(2);
  });
});
