/**
 * The reader's grading loop through the UI: a new reader grades a whole demo study from the keyboard
 * (checked against the demo's ground truth), marks it complete, moves on with one key; a reload keeps
 * everything; a second reader is blinded; the QA lead sees both and assigns studies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CONDITION_LEVELS } from '../annotations/domain/protocol.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { createReaderThroughUi } from './support/readers.js';

interface Truth {
  studies: Array<{ study_id: number | string; labels: Array<{ condition: string; level: string; grade: string }> }>;
}

let app: AppServer;
let truth: Truth;
test.beforeAll(async () => {
  app = await startAppServer();
  truth = JSON.parse(fs.readFileSync(path.join(app.userDataDir, 'demo-dataset', 'demo_ground_truth.json'), 'utf8')) as Truth;
});
test.afterAll(async () => {
  await app?.stop();
});

const GRADE_KEY: Record<string, string> = { 'Normal/Mild': 'z', Moderate: 'x', Severe: 'c' };
const cell = (page: Page, condition: string, level: string) => page.locator(`[data-cell="${condition}|${level}"]`);

async function openedStudyKey(page: Page): Promise<string> {
  const text = await page.locator('.top-study').textContent();
  return text!.replace('Study ', '').trim();
}

test('a reader grades a demo study from the keyboard, completes it, and moves on', async ({ page }) => {
  await page.goto(app.url);
  await createReaderThroughUi(page, 'Dr Ada', 'AA');
  await expect(page.getByTestId('worklist-counters')).toHaveText('0 / 3 complete · 0 in progress');

  let actions = 0;
  await page.keyboard.press('n'); // next unfinished study, without going back to the list
  actions++;
  await expect(page.getByRole('table', { name: 'Grading grid' })).toBeVisible();
  const studyKey = await openedStudyKey(page);
  const labels = truth.studies.find((s) => String(s.study_id) === studyKey)!.labels;
  await expect(cell(page, 'Spinal Canal Stenosis', 'L1/L2')).toHaveAttribute('aria-pressed', 'true');

  // One key per cell: the focus moves to the next empty cell in protocol order after each grade.
  for (const cl of CONDITION_LEVELS) {
    const expected = labels.find((l) => l.condition === cl.condition && l.level === cl.level)!.grade;
    await expect(cell(page, cl.condition, cl.level)).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press(GRADE_KEY[expected]!);
    actions++;
    await expect(cell(page, cl.condition, cl.level)).toHaveAttribute('aria-label', new RegExp(`: ${expected.replace('/', '\\/')}`));
  }
  await expect(page.getByTestId('decided-count')).toHaveText('25 / 25');
  await expect(page.getByTestId('worklist-counters')).toHaveText('0 / 3 complete · 1 in progress');
  await page.screenshot({ path: 'e2e/artifacts/10-reading-screen-graded.png' });

  // Undo / redo from the keyboard.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('decided-count')).toHaveText('24 / 25');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('decided-count')).toHaveText('25 / 25');

  await page.keyboard.press('Control+Enter');
  actions++;
  await expect(page.locator('.grading-head .status-badge')).toHaveText('complete');
  await expect(page.getByTestId('worklist-counters')).toHaveText('1 / 3 complete · 0 in progress');
  expect(actions).toBeLessThanOrEqual(55);

  await page.keyboard.press('n');
  await expect.poll(() => openedStudyKey(page)).not.toBe(studyKey);
  await page.screenshot({ path: 'e2e/artifacts/11-worklist-next-study.png' });

  // A reload loses nothing: the same reader, the completed study with its grades.
  await page.reload();
  await expect(page.getByTestId('current-reader')).toContainText('Dr Ada');
  await expect(page.getByTestId('worklist-counters')).toHaveText('1 / 3 complete · 0 in progress');
  await page
    .getByRole('list', { name: 'Worklist' })
    .getByRole('button', { name: new RegExp(studyKey) })
    .click();
  for (const l of labels)
    await expect(cell(page, l.condition, l.level)).toHaveAttribute('aria-label', new RegExp(`: ${l.grade.replace('/', '\\/')}`));

  // A second reader on the same study sees none of the first reader's grades.
  await page.getByRole('button', { name: 'switch' }).click();
  await createReaderThroughUi(page, 'Dr Bo', 'BB');
  await page
    .getByRole('list', { name: 'Worklist' })
    .getByRole('button', { name: new RegExp(studyKey) })
    .click();
  await expect(page.getByTestId('decided-count')).toHaveText('0 / 25');
  await page.keyboard.press('x'); // Bo grades the first cell Moderate
  await expect(page.getByTestId('decided-count')).toHaveText('1 / 25');
  // U marks the next cell not gradable, with the reason chosen beside the button.
  await page.getByLabel('Not gradable reason').selectOption('artefact');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('u');
  await expect(cell(page, 'Spinal Canal Stenosis', 'L2/L3')).toHaveAttribute('aria-label', /: not gradable \(artefact\)/);
  await expect(page.getByTestId('decided-count')).toHaveText('2 / 25');

  // A grade key pressed while the next study opens grades nothing: that study's session starts as it
  // arrives and the panel follows once its first images are on screen (here its files are held back, so
  // the panel waits the hold's limit), and meanwhile the panel still has this study's read.
  const boNext = page.getByRole('list', { name: 'Worklist' }).getByRole('button').filter({ hasNotText: studyKey }).first();
  const boNextKey = (await boNext.textContent())!.match(/\d{5,}/)![0]!;
  const heldBack = `**/dicom/*/${boNextKey}/**`;
  await page.route(heldBack, async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    await route.continue().catch(() => undefined);
  });
  await boNext.evaluate((button) => {
    (button as HTMLElement).click();
    setTimeout(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true, cancelable: true })), 100);
  });
  await expect.poll(() => openedStudyKey(page)).toBe(boNextKey);
  await expect(page.getByTestId('decided-count')).toHaveText('0 / 25');
  await page.unroute(heldBack);
  await page
    .getByRole('list', { name: 'Worklist' })
    .getByRole('button', { name: new RegExp(studyKey) })
    .click();
  await expect.poll(() => openedStudyKey(page)).toBe(studyKey);
  await expect(page.getByTestId('decided-count')).toHaveText('2 / 25');

  // The QA lead sees both readers' grades of that study, and the assignment matrix.
  await page.getByRole('button', { name: 'switch' }).click();
  await createReaderThroughUi(page, 'Dr Lead', 'QA', 'qa_lead');
  await page
    .getByRole('list', { name: 'Studies' })
    .getByRole('button', { name: new RegExp(studyKey) })
    .click();
  await expect(page.getByRole('table', { name: 'Grades of Dr Ada' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Grades of Dr Bo' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Grades of Dr Ada' }).locator('caption')).toContainText('25/25 · complete');
  await page.screenshot({ path: 'e2e/artifacts/12-qa-both-readers.png' });
  // Another study: its own readers' grades only (the panel never shows the previous study's), then back.
  const other = page.getByRole('list', { name: 'Studies' }).getByRole('button').filter({ hasNotText: studyKey }).first();
  await other.click();
  await expect(page.locator('.viewer-status')).not.toContainText(studyKey);
  await expect(page.getByRole('complementary', { name: "Readers' grades" })).toBeVisible();
  await expect(page.getByText('25/25 · complete')).toHaveCount(0);
  await page
    .getByRole('list', { name: 'Studies' })
    .getByRole('button', { name: new RegExp(studyKey) })
    .click();
  await expect(page.getByRole('table', { name: 'Grades of Dr Ada' }).locator('caption')).toContainText('25/25 · complete');

  await page.getByRole('button', { name: 'Assignments', exact: true }).click();
  const matrix = page.getByRole('table', { name: 'Assignment matrix' });
  await expect(matrix.locator('td.assigned')).toHaveCount(6); // 3 demo studies x 2 readers
  await page.getByLabel('random:').check();
  await page.getByLabel('studies per reader').fill('2');
  await page.getByLabel('readers per study').fill('2');
  await page.getByRole('button', { name: /^Assign \(/ }).click();
  await expect(matrix.locator('td.assigned')).toHaveCount(4);
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByLabel('Assignments CSV')).toHaveValue(/^reader,study_id\n/);
  await expect(page.getByRole('table', { name: 'Time on task' })).toContainText('Dr Ada');
  await page.screenshot({ path: 'e2e/artifacts/13-assignment-matrix.png' });

  // Kaggle files from the app: export Dr Ada's labels, check them, import them back as another reader.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbar-e2e-kaggle-'));
  await page.getByRole('button', { name: 'Kaggle files…' }).click();
  const exportForm = page.getByRole('form', { name: 'Export Kaggle files' });
  await exportForm.getByLabel('Source').selectOption('reader:Dr Ada');
  await exportForm.getByLabel('Export folder').fill(out);
  await exportForm.getByRole('button', { name: 'Export' }).click();
  await expect(page.getByTestId('export-summary')).toContainText(`1 study → ${out}`);
  const train = fs.readFileSync(path.join(out, 'train.csv'), 'utf8').split('\n');
  expect(train[0]).toMatch(/^study_id,spinal_canal_stenosis_l1_l2,/);
  expect(train[1]).toBe(
    [studyKey, ...CONDITION_LEVELS.map((cl) => labels.find((l) => l.condition === cl.condition && l.level === cl.level)!.grade)].join(','),
  );
  await page.screenshot({ path: 'e2e/artifacts/14-kaggle-export.png' });
  const importForm = page.getByRole('form', { name: 'Import Kaggle files' });
  await importForm.getByLabel('Import folder').fill(out);
  await importForm.getByLabel('Reader name').fill('Dr Imported');
  await importForm.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Imported 25 labels (0 points) of 1 study as reader “Dr Imported”');
  fs.rmSync(out, { recursive: true, force: true });
});

interface ViewerHook {
  session: {
    study: { series: Array<{ id: number; seriesKey: string }> };
    reveal(seriesIds: number[], instanceNumber: number | null): Promise<boolean>;
    canvasOfPixel(id: string, x: number, y: number): [number, number] | null;
  };
  stores: { viewer: { getState(): { activeViewportId: string } } };
}

test('points clicked in the viewer land in the right cells at the ground-truth pixels; a full study in <= 55 actions', async ({ page }) => {
  await page.goto(app.url);
  await createReaderThroughUi(page, 'Dr Points', 'DP');
  let actions = 0;
  await page.keyboard.press('n');
  actions++;
  await page.waitForFunction(() => window.__lumbarViewer?.ready === true, undefined, { timeout: 30_000 });
  const studyKey = await openedStudyKey(page);
  const study = JSON.parse(fs.readFileSync(path.join(app.userDataDir, 'demo-dataset', 'demo_ground_truth.json'), 'utf8')).studies.find(
    (s: { study_id: number }) => String(s.study_id) === studyKey,
  ) as {
    labels: Array<{ condition: string; level: string; grade: string; series_id: number; instance_number: number; x: number; y: number }>;
  };
  await page.keyboard.press('p'); // point mode: a left-click places the selected cell's point
  actions++;
  const tolerance = new Map<string, number>();

  for (const cl of CONDITION_LEVELS) {
    const truth = study.labels.find((l) => l.condition === cl.condition && l.level === cl.level)!;
    await expect(cell(page, cl.condition, cl.level)).toHaveAttribute('aria-pressed', 'true');
    // Navigation (scrolling to the slice) is not counted: the test jumps straight there.
    const [viewportId, at, scale] = await page.evaluate(
      async ({ seriesKey, instance, x, y }) => {
        const hook = window.__lumbarViewer as unknown as ViewerHook;
        const seriesId = hook.session.study.series.find((s) => s.seriesKey === seriesKey)!.id;
        await hook.session.reveal([seriesId], instance);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const id = hook.stores.viewer.getState().activeViewportId;
        const a = hook.session.canvasOfPixel(id, x, y)!;
        const b = hook.session.canvasOfPixel(id, x + 100, y)!;
        // Image pixels per CSS pixel: a mouse click is exact to one CSS pixel.
        return [id, a, 100 / Math.hypot(b[0] - a[0], b[1] - a[1])] as const;
      },
      { seriesKey: String(truth.series_id), instance: truth.instance_number, x: truth.x, y: truth.y },
    );
    tolerance.set(`${cl.condition}|${cl.level}`, scale + 0.01);
    const box = (await page.locator(`[data-viewport-id="${viewportId}"] .viewport-host`).boundingBox())!;
    await page.mouse.click(box.x + at[0], box.y + at[1]);
    actions++;
    await expect(cell(page, cl.condition, cl.level)).toHaveAttribute('aria-label', /point placed/);
    await page.keyboard.press(GRADE_KEY[truth.grade]!);
    actions++;
  }
  await expect(page.getByTestId('decided-count')).toHaveText('25 / 25');
  await page.screenshot({ path: 'e2e/artifacts/15-reading-screen-points.png' });
  await page.keyboard.press('Control+Enter');
  actions++;
  await expect(page.locator('.grading-head .status-badge')).toHaveText('complete');
  expect(actions).toBeLessThanOrEqual(55);

  // What the backend saved: every grade, and every point on the right series and instance within a pixel.
  const read = await page.evaluate(async (key) => {
    const post = (name: string, body: unknown) =>
      fetch(`/api/${name}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }).then((r) =>
        r.json(),
      );
    const readers = (await post('listReaders', {})).value as Array<{ id: number; name: string }>;
    const studies = (await post('listStudies', {})).value as Array<{
      id: number;
      studyKey: string;
      series: Array<{ id: number; seriesKey: string }>;
    }>;
    const s = studies.find((x) => x.studyKey === key)!;
    const state = (await post('getRead', { readerId: readers.find((r) => r.name === 'Dr Points')!.id, studyId: s.id })).value;
    return { state, series: s.series };
  }, studyKey);
  for (const truth of study.labels) {
    const label = read.state.labels.find(
      (l: { condition: string; level: string }) => l.condition === truth.condition && l.level === truth.level,
    );
    expect(label.grade).toBe(truth.grade);
    expect(read.series.find((s) => s.id === label.point.seriesId)!.seriesKey).toBe(String(truth.series_id));
    expect(label.point.instanceNumber).toBe(truth.instance_number);
    const within = tolerance.get(`${truth.condition}|${truth.level}`)!;
    expect(within).toBeLessThan(2.5);
    expect(Math.abs(label.point.x - truth.x), `${truth.condition} ${truth.level} x`).toBeLessThan(within);
    expect(Math.abs(label.point.y - truth.y), `${truth.condition} ${truth.level} y`).toBeLessThan(within);
  }
});
