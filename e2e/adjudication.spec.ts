/**
 * Adjudication through the UI: two readers (created and graded through the API, as the grading screen
 * would) disagree on one demo study (Normal/Mild vs Severe on the spinal canal at L1/L2, and agree at
 * L2/L3); the QA lead opens the Adjudication tab, sees the study in the queue, takes reader B's grade
 * with a rationale (the queue empties, the audit trail logs it), then reopens the decision.
 * Then, on a fresh user-data folder: two readers disagree on two demo studies (grades and points, through
 * the contract); the QA lead sees the queue ranked by priority, resolves the first study's disagreements
 * with the keyboard in the adjudication view (the study in the viewer, each reader's point in its own
 * colour), and the Kaggle export of the final labels holds the decisions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startAppServer, type AppServer } from './support/app-server.js';
import { createReaderThroughUi } from './support/readers.js';
import { callApi } from './support/api.js';

let app: AppServer;
test.beforeAll(async () => {
  // LUMBAR_E2E_DIST: a renderer build other than dist/ (a private build while others rebuild dist/).
  app = await startAppServer(process.env['LUMBAR_E2E_DIST'] ? ['--dist', process.env['LUMBAR_E2E_DIST']] : []);
});
test.afterAll(async () => {
  await app?.stop();
});

test('the QA lead adjudicates a disagreement and reopens it', async ({ page }) => {
  await page.goto(app.url);
  await createReaderThroughUi(page, 'Dr Lead', 'QA', 'qa_lead');
  const ada = await callApi<{ id: number }>(page, 'createReader', { name: 'Dr Ada', initials: 'AA', role: 'reader' });
  const bo = await callApi<{ id: number }>(page, 'createReader', { name: 'Dr Bo', initials: 'BO', role: 'reader' });
  const worklist = await callApi<{ items: Array<{ studyId: number; studyKey: string }> }>(page, 'getWorklist', { readerId: ada.id });
  const { studyId, studyKey } = worklist.items[0]!;
  const grade = (readerId: number, level: string, g: string) =>
    callApi(page, 'setLabel', { readerId, studyId, condition: 'Spinal Canal Stenosis', level, grade: g });
  await grade(ada.id, 'L1/L2', 'Normal/Mild');
  await grade(bo.id, 'L1/L2', 'Severe');
  await grade(ada.id, 'L2/L3', 'Moderate');
  await grade(bo.id, 'L2/L3', 'Moderate');

  await page.getByRole('button', { name: 'Adjudication', exact: true }).click();
  const queue = page.getByRole('list', { name: 'Studies to adjudicate' });
  await expect(page.getByTestId('adjudication-counters')).toContainText('1 study · 1 open cell');
  await queue.getByRole('button', { name: new RegExp(`Study ${studyKey} · priority 12 · 1 open`) }).click();

  const cells = page.getByRole('table', { name: 'Disputed cells' });
  const row = cells.locator('tr[data-cell="Spinal Canal Stenosis|L1/L2"]');
  await expect(row).toContainText('grade, gap, severe');
  await expect(row).toContainText('A: Normal/Mild');
  await expect(row).toContainText('B: Severe');
  // The unanimous cell is auto-final, not disputed.
  await expect(cells.locator('tr[data-cell="Spinal Canal Stenosis|L2/L3"]')).toHaveCount(0);
  // Names are blinded until revealed.
  await expect(page.getByText('A, B', { exact: true })).toBeVisible();
  await page.getByLabel('Reveal reader names').check();
  await expect(page.getByText('A = Dr Ada, B = Dr Bo')).toBeVisible();

  await page.getByLabel('Rationale').fill('cauda equina crowded');
  await page.getByRole('button', { name: /Take B$/ }).click();
  await expect(row).toHaveAttribute('data-status', 'adjudicated');
  await expect(row).toContainText('adjudicated: Severe (cauda equina crowded)');
  await expect(page.getByTestId('adjudication-counters')).toContainText('0 studies · 0 open cells · 1 adjudicated');
  await expect(page.getByText('No open disagreements.')).toBeVisible();
  const lead = (await callApi<Array<{ id: number; name: string }>>(page, 'listReaders', {})).find((r) => r.name === 'Dr Lead')!;
  const audit = await callApi<Array<{ kind: string; target: string }>>(page, 'getAuditLog', { viewerId: lead.id, studyId });
  expect(audit.filter((e) => e.kind === 'adjudication').map((e) => e.target)).toEqual(['Spinal Canal Stenosis|L1/L2']);

  await row.click();
  await page.getByRole('button', { name: /Reopen$/ }).click();
  await expect(row).toHaveAttribute('data-status', 'open');
  await expect(page.getByTestId('adjudication-counters')).toContainText('1 study · 1 open cell');
});

test('the QA lead resolves a study with the keyboard and exports the final labels', async ({ page }) => {
  const own = await startAppServer(process.env['LUMBAR_E2E_DIST'] ? ['--dist', process.env['LUMBAR_E2E_DIST']] : []);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbar-adj-export-'));
  try {
    await page.goto(own.url);
    await createReaderThroughUi(page, 'Dr Lead', 'QA', 'qa_lead');
    const ada = await callApi<{ id: number }>(page, 'createReader', { name: 'Dr Ada', initials: 'AA', role: 'reader' });
    const bo = await callApi<{ id: number }>(page, 'createReader', { name: 'Dr Bo', initials: 'BO', role: 'reader' });
    const worklist = await callApi<{ items: Array<{ studyId: number; studyKey: string }> }>(page, 'getWorklist', { readerId: ada.id });
    const [first, second] = worklist.items;
    const study = await callApi<{ series: Array<{ id: number; type: string; slices: Array<{ instanceNumber: number }> }> }>(
      page,
      'getStudy',
      { studyId: first!.studyId },
    );
    const sagT2 = study.series.find((s) => s.type === 'Sagittal T2/STIR')!;
    // Points near the demo's ground truth (spinal canal on the Sagittal T2), shifted per reader.
    const truth = JSON.parse(fs.readFileSync(path.join(own.userDataDir, 'demo-dataset', 'demo_ground_truth.json'), 'utf8')) as {
      studies: Array<{
        study_id: number;
        labels: Array<{ condition: string; level: string; instance_number: number; x: number; y: number }>;
      }>;
    };
    const truthOf = (level: string) =>
      truth.studies
        .find((s) => String(s.study_id) === first!.studyKey)!
        .labels.find((l) => l.condition === 'Spinal Canal Stenosis' && l.level === level)!;
    const label = (readerId: number, studyId: number, condition: string, level: string, grade: string, dx?: number, dy?: number) => {
      const t = dx !== undefined && dy !== undefined ? truthOf(level) : null;
      return callApi(page, 'setLabel', {
        readerId,
        studyId,
        condition,
        level,
        grade,
        ...(t ? { point: { seriesId: sagT2.id, instanceNumber: t.instance_number, x: t.x + dx!, y: t.y + dy!, override: false } } : {}),
      });
    };
    // Study 1: three disagreements (Normal/Mild vs Severe at L1/L2, Moderate vs Severe at L4/L5, Normal/Mild vs
    // Moderate at L3/L4) and one agreement; the readers' points a few pixels apart.
    const SCS = 'Spinal Canal Stenosis';
    await label(ada.id, first!.studyId, SCS, 'L1/L2', 'Normal/Mild', -2, -1);
    await label(bo.id, first!.studyId, SCS, 'L1/L2', 'Severe', 4, 3);
    await label(ada.id, first!.studyId, SCS, 'L4/L5', 'Moderate', -3, 0);
    await label(bo.id, first!.studyId, SCS, 'L4/L5', 'Severe', 3, 2);
    await label(ada.id, first!.studyId, SCS, 'L3/L4', 'Normal/Mild', 0, -2);
    await label(bo.id, first!.studyId, SCS, 'L3/L4', 'Moderate', 2, 2);
    await label(ada.id, first!.studyId, SCS, 'L2/L3', 'Moderate');
    await label(bo.id, first!.studyId, SCS, 'L2/L3', 'Moderate');
    // Study 2: one small disagreement (lower priority).
    await label(ada.id, second!.studyId, SCS, 'L5/S1', 'Normal/Mild');
    await label(bo.id, second!.studyId, SCS, 'L5/S1', 'Moderate');

    await page.getByRole('button', { name: 'Adjudication', exact: true }).click();
    await expect(page.getByTestId('adjudication-counters')).toContainText('2 studies · 4 open cells');
    const queue = page.getByRole('list', { name: 'Studies to adjudicate' });
    const items = queue.getByRole('button');
    await expect(items).toHaveCount(2);
    // Ranked by priority: the study with a Severe-vs-Normal/Mild gap first.
    const ranked = await items.allTextContents();
    expect(ranked[0]).toContain(`Study ${first!.studyKey}`);
    expect(ranked[1]).toContain(`Study ${second!.studyKey}`);
    const priorities = ranked.map((t) => Number(/priority (\d+)/.exec(t)![1]));
    expect(priorities[0]).toBeGreaterThan(priorities[1]!);
    await page.screenshot({ path: 'e2e/artifacts/30-adjudication-queue.png' });

    // A study opened from the study list beside the screen is the one adjudicated.
    await page
      .getByRole('list', { name: 'Studies', exact: true })
      .getByRole('button', { name: new RegExp(second!.studyKey) })
      .click();
    await expect(page.getByRole('heading', { name: `Study ${second!.studyKey} · 1 open` })).toBeVisible();
    await expect(items.nth(1)).toHaveAttribute('aria-pressed', 'true');

    await items.first().click();
    const cells = page.getByRole('table', { name: 'Disputed cells' });
    await expect(cells.locator('tbody tr')).toHaveCount(3);
    // The open cell of highest priority is selected; its readers' points are in the viewer, A and B.
    const selected = cells.locator('tr[aria-selected="true"]');
    await expect(selected).toHaveAttribute('data-cell', `${SCS}|L1/L2`);
    await page.waitForFunction(() => window.__lumbarViewer?.ready === true, undefined, { timeout: 60_000 });
    const viewerPoints = () =>
      page.evaluate(() => {
        const hook = window.__lumbarViewer as unknown as { stores: { points: { getState(): { points: Array<{ id: string }> } } } };
        return hook.stores.points
          .getState()
          .points.map((p) => p.id)
          .sort();
      });
    await expect.poll(viewerPoints).toEqual([`adj|A|${SCS}|L1/L2`, `adj|B|${SCS}|L1/L2`]);
    await page.getByLabel('Reveal reader names').check();
    await expect(page.getByText('A = Dr Ada, B = Dr Bo')).toBeVisible();
    // The viewer's keys still work outside the adjudication keys: m maximises the revealed Sagittal T2.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const grid = (await page.locator('.viewport-grid').boundingBox())!;
    await page.keyboard.press('m');
    await expect
      .poll(async () => (await page.locator('section[data-viewport-id="sag-t2"]').boundingBox())!.width)
      .toBeGreaterThan(grid.width * 0.95);
    await page.screenshot({ path: 'e2e/artifacts/31-adjudication-view.png' });
    await page.keyboard.press('m');

    // Keyboard: 2 takes reader B at L1/L2 (with a rationale typed first: keys are inert while typing).
    await page.getByLabel('Rationale').fill('cord compressed, 2 x c');
    await expect(page.getByLabel('Rationale')).toHaveValue('cord compressed, 2 x c');
    await page.getByLabel('Rationale').press('Escape');
    await page.keyboard.press('2');
    const row = (level: string) => cells.locator(`tr[data-cell="${SCS}|${level}"]`);
    await expect(row('L1/L2')).toHaveAttribute('data-status', 'adjudicated');
    await expect(row('L1/L2')).toContainText('adjudicated: Severe (cord compressed, 2 x c)');
    // The selection moves to the next open cell by priority (L4/L5); j/k move, z sets the lead's own grade there.
    await expect(selected).toHaveAttribute('data-cell', `${SCS}|L4/L5`);
    await page.keyboard.press('j');
    await expect(selected).toHaveAttribute('data-cell', `${SCS}|L3/L4`);
    await page.keyboard.press('k');
    await expect(selected).toHaveAttribute('data-cell', `${SCS}|L4/L5`);
    await expect.poll(viewerPoints).toEqual([`adj|A|${SCS}|L4/L5`, `adj|B|${SCS}|L4/L5`]);
    await page.keyboard.press('z');
    await expect(row('L4/L5')).toContainText('adjudicated: Normal/Mild');
    // r reopens the selected decision; then 1 takes reader A at L3/L4 and x decides L4/L5 again.
    await page.keyboard.press('k');
    await expect(selected).toHaveAttribute('data-cell', `${SCS}|L4/L5`);
    await page.keyboard.press('r');
    await expect(row('L4/L5')).toHaveAttribute('data-status', 'open');
    await page.keyboard.press('x');
    await expect(row('L4/L5')).toContainText('adjudicated: Moderate');
    await expect(selected).toHaveAttribute('data-cell', `${SCS}|L3/L4`);
    await page.keyboard.press('1');
    await expect(row('L3/L4')).toContainText('adjudicated: Normal/Mild');
    await expect(page.getByRole('heading', { name: `Study ${first!.studyKey} · 0 open` })).toBeVisible();
    await expect(page.getByTestId('adjudication-counters')).toContainText('1 study · 1 open cell · 3 adjudicated');

    // Audit trail: every decision and the reopen are logged.
    const lead = (await callApi<Array<{ id: number; name: string }>>(page, 'listReaders', {})).find((r) => r.name === 'Dr Lead')!;
    const audit = await callApi<Array<{ kind: string; target: string }>>(page, 'getAuditLog', {
      viewerId: lead.id,
      studyId: first!.studyId,
    });
    expect(audit.filter((e) => e.kind === 'adjudication')).toHaveLength(5);

    // n: the next study of the queue (study 1 has no open cell left, so it is the other one).
    await page.keyboard.press('n');
    await expect(page.getByRole('heading', { name: `Study ${second!.studyKey} · 1 open` })).toBeVisible();

    // Kaggle export of the final labels from the Kaggle files dialog (its default source): study 1 with the
    // decisions, study 2 (still open) left out and named.
    await page.getByRole('button', { name: 'Kaggle files…' }).click();
    const exportForm = page.getByRole('form', { name: 'Export Kaggle files' });
    await expect(exportForm.getByLabel('Source')).toHaveValue('final');
    await exportForm.getByLabel('Export folder').fill(outDir);
    await exportForm.getByRole('button', { name: 'Export' }).click();
    await expect(page.getByTestId('export-summary')).toContainText(`1 study → ${outDir}`);
    await expect(page.getByTestId('export-open-studies')).toHaveText(`Left out, open disagreements (1): ${second!.studyKey}`);
    const [header, ...rows] = fs.readFileSync(path.join(outDir, 'train.csv'), 'utf8').trim().split(/\r?\n/);
    expect(rows).toHaveLength(1);
    const columns = header!.split(',');
    const values = rows[0]!.split(',');
    const value = (column: string) => values[columns.indexOf(column)];
    expect(value('spinal_canal_stenosis_l1_l2')).toBe('Severe');
    expect(value('spinal_canal_stenosis_l4_l5')).toBe('Moderate');
    expect(value('spinal_canal_stenosis_l3_l4')).toBe('Normal/Mild');
    expect(value('spinal_canal_stenosis_l2_l3')).toBe('Moderate');
  } finally {
    await own.stop();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
});

test('the QA lead filters the queue, decides "not gradable" and exports the reader report', async ({ page }) => {
  const own = await startAppServer(process.env['LUMBAR_E2E_DIST'] ? ['--dist', process.env['LUMBAR_E2E_DIST']] : []);
  try {
    await page.goto(own.url);
    await createReaderThroughUi(page, 'Dr Lead', 'QA', 'qa_lead');
    const ada = await callApi<{ id: number }>(page, 'createReader', { name: 'Dr Ada', initials: 'AA', role: 'reader' });
    const bo = await callApi<{ id: number }>(page, 'createReader', { name: 'Dr Bo', initials: 'BO', role: 'reader' });
    const cy = await callApi<{ id: number }>(page, 'createReader', { name: 'Dr Cy', initials: 'CY', role: 'reader' });
    const worklist = await callApi<{ items: Array<{ studyId: number; studyKey: string }> }>(page, 'getWorklist', { readerId: ada.id });
    const [first, second] = worklist.items;
    const SCS = 'Spinal Canal Stenosis';
    const LNFN = 'Left Neural Foraminal Narrowing';
    // Before anyone graded: the report says so and offers no export.
    await page.getByRole('button', { name: 'Adjudication', exact: true }).click();
    const tabs = page.getByRole('navigation', { name: 'Adjudication views' });
    await tabs.getByRole('button', { name: 'Report', exact: true }).click();
    await expect(page.getByTestId('adjudication-report-empty')).toContainText('No reader has graded a study yet');
    await expect(page.getByTestId('adjudication-report-summary')).toHaveText(/^0 readers who graded/);
    await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveCount(0);

    const grade = (readerId: number, studyId: number, condition: string, level: string, g: string) =>
      callApi(page, 'setLabel', { readerId, studyId, condition, level, grade: g });
    // Study 1, Ada vs Bo on the spinal canal: L1/L2 Normal/Mild vs Severe, L3/L4 Normal/Mild vs Moderate, L2/L3 agreed.
    await grade(ada.id, first!.studyId, SCS, 'L1/L2', 'Normal/Mild');
    await grade(bo.id, first!.studyId, SCS, 'L1/L2', 'Severe');
    await grade(ada.id, first!.studyId, SCS, 'L2/L3', 'Moderate');
    await grade(bo.id, first!.studyId, SCS, 'L2/L3', 'Moderate');
    await grade(ada.id, first!.studyId, SCS, 'L3/L4', 'Normal/Mild');
    await grade(bo.id, first!.studyId, SCS, 'L3/L4', 'Moderate');
    // Study 2, Ada vs Cy on the left foramen: L4/L5 Moderate vs Normal/Mild, L5/S1 agreed. Bo did not read it.
    await grade(ada.id, second!.studyId, LNFN, 'L4/L5', 'Moderate');
    await grade(cy.id, second!.studyId, LNFN, 'L4/L5', 'Normal/Mild');
    await grade(ada.id, second!.studyId, LNFN, 'L5/S1', 'Normal/Mild');
    await grade(cy.id, second!.studyId, LNFN, 'L5/S1', 'Normal/Mild');

    // The Queue tab loads the queue as it opens.
    await tabs.getByRole('button', { name: 'Queue', exact: true }).click();
    const counters = page.getByTestId('adjudication-counters');
    const items = page.getByRole('list', { name: 'Studies to adjudicate' }).getByRole('button');
    const filters = page.getByRole('group', { name: 'Queue filters' });
    const condition = filters.getByLabel('Condition', { exact: true });
    const level = filters.getByLabel('Level', { exact: true });
    const reader = filters.getByLabel('Reader', { exact: true });
    const kind = filters.getByLabel('Kind', { exact: true });
    await expect(counters).toHaveText('2 studies · 3 open cells · 0 adjudicated · 2 auto-final');
    await expect(items).toHaveCount(2);

    // Readers: the reader profiles only, not the QA lead.
    await expect(reader.locator('option')).toHaveText(['all', 'Dr Ada', 'Dr Bo', 'Dr Cy']);
    await reader.selectOption({ label: 'Dr Bo' });
    await expect(counters).toHaveText('1 study · 2 open cells match the filters · all studies: 0 adjudicated · 2 auto-final');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText(`Study ${first!.studyKey} · priority 12 · 2 open`);
    // Bo never graded the left foramen: nothing left.
    await condition.selectOption(LNFN);
    await expect(counters).toContainText('0 studies · 0 open cells match the filters');
    await expect(items).toHaveCount(0);
    await expect(page.getByText('No open disagreement matches these filters.')).toBeVisible();
    await reader.selectOption('');
    await expect(counters).toContainText('1 study · 1 open cell match the filters');
    await expect(items).toHaveText([new RegExp(`Study ${second!.studyKey} · priority \\d+ · 1 open`)]);
    // By level, then level and kind together.
    await condition.selectOption('');
    await level.selectOption('L3/L4');
    await expect(counters).toContainText('1 study · 1 open cell match the filters');
    await expect(items).toHaveText([new RegExp(`Study ${first!.studyKey} · priority \\d+ · 1 open\\s*grade 1$`)]);
    await kind.selectOption('severe');
    await expect(counters).toContainText('0 studies · 0 open cells match the filters');
    await level.selectOption('');
    await expect(counters).toContainText('1 study · 1 open cell match the filters');
    await expect(items.first()).toContainText('grade 1 · gap 1 · severe 1');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(counters).toHaveText('2 studies · 3 open cells · 0 adjudicated · 2 auto-final');
    for (const select of [condition, level, reader, kind]) await expect(select).toHaveValue('');
    await expect(page.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);

    // "Not gradable" by key: the reason chosen beside the button, then u.
    await items.first().click();
    const cells = page.getByRole('table', { name: 'Disputed cells' });
    const row = (l: string) => cells.locator(`tr[data-cell="${SCS}|${l}"]`);
    const selected = cells.locator('tr[aria-selected="true"]');
    await expect(cells.locator('tbody tr')).toHaveCount(2);
    await expect(selected).toHaveAttribute('data-cell', `${SCS}|L1/L2`);
    const reason = page.getByLabel('Not gradable reason');
    await reason.selectOption('artefact');
    await reason.press('Escape');
    await expect(reason).not.toBeFocused();
    await page.keyboard.press('u');
    await expect(row('L1/L2')).toHaveAttribute('data-status', 'adjudicated');
    await expect(row('L1/L2')).toContainText('adjudicated: not gradable (artefact)');
    await expect(selected).toHaveAttribute('data-cell', `${SCS}|L3/L4`);
    await page.keyboard.press('1');
    await expect(row('L3/L4')).toContainText('adjudicated: Normal/Mild');
    await expect(counters).toHaveText('1 study · 1 open cell · 2 adjudicated · 2 auto-final');
    // The button does the same: reopen L1/L2, another reason, click.
    await row('L1/L2').click();
    await expect(selected).toHaveAttribute('data-cell', `${SCS}|L1/L2`);
    await page.keyboard.press('r');
    await expect(row('L1/L2')).toHaveAttribute('data-status', 'open');
    await reason.selectOption('level not covered');
    await page.waitForFunction(() => window.__lumbarViewer?.ready === true, undefined, { timeout: 60_000 });
    await page.screenshot({ path: 'e2e/artifacts/32-adjudication-not-gradable.png' });
    await page.getByRole('button', { name: /Not gradable$/ }).click();
    await expect(row('L1/L2')).toContainText('adjudicated: not gradable (level not covered)');
    const lead = (await callApi<Array<{ id: number; name: string }>>(page, 'listReaders', {})).find((r) => r.name === 'Dr Lead')!;
    const saved = await callApi<{
      cells: Array<{ level: string; condition: string; final: unknown; decision: { chosenAlias: string | null } }>;
    }>(page, 'getAdjudicationStudy', { viewerId: lead.id, studyId: first!.studyId });
    const l1l2 = saved.cells.find((c) => c.condition === SCS && c.level === 'L1/L2')!;
    expect(l1l2.final).toEqual({ grade: null, notGradable: 'level not covered', point: null });
    expect(l1l2.decision.chosenAlias).toBeNull();

    // Report tab: each reader against the final labels.
    await tabs.getByRole('button', { name: 'Report', exact: true }).click();
    await expect(tabs.getByRole('button', { name: 'Report', exact: true })).toHaveAttribute('aria-pressed', 'true');
    const report = page.getByRole('table', { name: 'Reader report' });
    await expect(page.getByTestId('adjudication-report-summary')).toHaveText(/^3 readers who graded/);
    const groups = report.locator('tbody');
    await expect(groups).toHaveCount(3);
    expect(await groups.evaluateAll((tbodies) => tbodies.map((t) => t.getAttribute('data-reader')))).toEqual(['Dr Ada', 'Dr Bo', 'Dr Cy']);
    await expect(report.locator('tbody[data-reader="Dr Ada"] tr')).toHaveCount(11);
    const overall = (name: string) => report.locator(`tbody[data-reader="${name}"] tr[data-subset="overall"]`);
    // n, kappa linear, kappa quadratic, AC2, adjudicated, overruled, overruled share.
    // Ada: 3 final cells she graded, all matching; overruled at L1/L2 (not gradable), not at L3/L4 (hers taken).
    await expect(overall('Dr Ada').locator('td')).toHaveText(['3', '1.00', '1.00', '1.00', '2', '1', '50%']);
    // Bo: Moderate twice against Moderate and Normal/Mild: kappa 0, AC2 0.64; overruled on both decisions.
    await expect(overall('Dr Bo').locator('td')).toHaveText(['2', '0.00', '0.00', '0.64', '2', '2', '100%']);
    // Cy: one final cell, both Normal/Mild: kappa undefined (shown as — with the reason), no decision on Cy's cells.
    await expect(overall('Dr Cy').locator('td')).toHaveText(['1', '—', '—', '1.00', '0', '0', '—']);
    await expect(overall('Dr Cy').locator('td[data-statistic="kappaLinear"]')).toHaveAttribute('title', /one and the same grade/);
    await expect(overall('Dr Cy').locator('td[data-statistic="overruledShare"]')).toHaveAttribute('title', /nothing could be overruled/);
    await expect(report.locator(`tbody[data-reader="Dr Bo"] tr[data-subset="condition=${SCS}"] td`)).toHaveText([
      '2',
      '0.00',
      '0.00',
      '0.64',
      '2',
      '2',
      '100%',
    ]);
    await expect(
      report.locator(`tbody[data-reader="Dr Cy"] tr[data-subset="condition=${SCS}"] td[data-statistic="ac2Linear"]`),
    ).toHaveAttribute('title', /No cell here has both a grade from this reader and a final grade/);
    await page.screenshot({ path: 'e2e/artifacts/33-adjudication-report.png' });

    // Export CSV: the same rows, full precision, one line per reader x subset.
    const csvLink = page.getByRole('link', { name: 'Export CSV' });
    await expect(csvLink).toHaveAttribute('href', /^blob:/);
    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    expect(download.suggestedFilename()).toBe('adjudication-reader-report.csv');
    const [header, ...lines] = fs
      .readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\n');
    expect(header).toBe(
      'reader_id,reader,subset,condition,level,n,kappa_linear,kappa_quadratic,ac2_linear,adjudicated,overruled,overruled_share',
    );
    expect(lines).toHaveLength(3 * 11);
    const records = lines.map((l) => l.split(','));
    const overallRecords = records.filter((r) => r[2] === 'overall');
    expect(overallRecords.map((r) => r.slice(0, 2))).toEqual([
      [String(ada.id), 'Dr Ada'],
      [String(bo.id), 'Dr Bo'],
      [String(cy.id), 'Dr Cy'],
    ]);
    expect(overallRecords[0]!.slice(5)).toEqual(['3', '1', '1', '1', '2', '1', '0.5']);
    expect(overallRecords[1]!.slice(5, 9).map(Number)).toEqual([2, 0, 0, 0.6363636363636364]);
    expect(overallRecords[2]!.slice(5)).toEqual(['1', '', '', '1', '0', '0', '']);
    expect(records.find((r) => r[1] === 'Dr Ada' && r[2] === `condition=${SCS}`)!.slice(3, 5)).toEqual([SCS, '']);

    // Back to the queue: the study stays open, its decisions there.
    await tabs.getByRole('button', { name: 'Queue', exact: true }).click();
    await expect(page.getByRole('heading', { name: `Study ${first!.studyKey} · 0 open` })).toBeVisible();
    await expect(row('L1/L2')).toContainText('adjudicated: not gradable (level not covered)');
  } finally {
    await own.stop();
  }
});
