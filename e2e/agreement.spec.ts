/**
 * The QA lead's agreement dashboard through the UI: an empty state with fewer than two readers; two readers
 * (created through the UI) grade the same demo study from the keyboard, one all Normal/Mild, the other a
 * few Moderate/Severe; the dashboard shows the statistics with n, the pair's confusion matrix, the echarts
 * charts (checked on their canvas pixels), the bootstrap control, and JSON/CSV exports (downloaded).
 */
import fs from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { CONDITION_LEVELS, LEVELS } from '../annotations/domain/protocol.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { createReaderThroughUi } from './support/readers.js';
import { callApi } from './support/api.js';

let app: AppServer;
test.beforeAll(async () => {
  app = await startAppServer();
});
test.afterAll(async () => {
  await app?.stop();
});

const cell = (page: Page, condition: string, level: string) => page.locator(`[data-cell="${condition}|${level}"]`);
const subsetCell = (page: Page, key: string) => page.locator(`button.agr-cell[data-subset="${key}"]`);

const formatMm = (x: number) => x.toFixed(1);

/** Reader 2's deviations from Normal/Mild, by label index in protocol order. */
const BO_KEYS: Record<number, string> = { 3: 'x', 7: 'c', 12: 'x', 20: 'x' };
/** A third reader, partly agreeing with the second. */
const CY_KEYS: Record<number, string> = { 3: 'x', 12: 'x', 13: 'x', 20: 'c' };

async function gradeOpenStudy(page: Page, keyOf: (index: number) => string): Promise<void> {
  for (const [i, cl] of CONDITION_LEVELS.entries()) {
    await expect(cell(page, cl.condition, cl.level)).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press(keyOf(i));
    await expect(page.getByTestId('decided-count')).toHaveText(`${i + 1} / 25`);
  }
}

/** The chart's canvases (zrender layers): the most inked one's share of drawn pixels and its distinct colours. */
async function canvasInk(chart: Locator): Promise<{ canvases: number; width: number; height: number; inked: number; colours: number }> {
  return chart.evaluate((host) => {
    const layers = [...host.querySelectorAll('canvas')].map((canvas) => {
      const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let inked = 0;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 0) {
          inked++;
          colours.add(((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4));
        }
      }
      return { width, height, inked: inked / Math.max(1, width * height), colours: colours.size };
    });
    const best = layers.reduce((a, b) => (b.inked > a.inked ? b : a), { width: 0, height: 0, inked: 0, colours: 0 });
    return { canvases: layers.length, ...best };
  });
}

async function downloadText(page: Page, link: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

test('the QA lead sees inter-reader agreement of two readers who graded the same study', async ({ page }) => {
  await page.goto(app.url);

  // Empty state: a QA lead alone.
  await createReaderThroughUi(page, 'Dr Lead', 'QA', 'qa_lead');
  await page.getByRole('button', { name: 'Agreement', exact: true }).click();
  await expect(page.getByTestId('agreement-empty')).toContainText('at least two readers who graded');
  await expect(page.getByTestId('agreement-empty')).toContainText('No reader has graded anything yet.');
  await page.screenshot({ path: 'e2e/artifacts/19-agreement-empty.png' });

  // Reader 1 grades the first study all Normal/Mild from the keyboard.
  await page.getByRole('button', { name: 'switch' }).click();
  await createReaderThroughUi(page, 'Dr Ada', 'AA');
  await page.keyboard.press('n');
  await expect(page.getByRole('table', { name: 'Grading grid' })).toBeVisible();
  const studyKey = (await page.locator('.top-study').textContent())!.replace('Study ', '').trim();
  await gradeOpenStudy(page, () => 'z');

  // Reader 2 grades the same study: Normal/Mild except three Moderate and one Severe.
  await page.getByRole('button', { name: 'switch' }).click();
  await createReaderThroughUi(page, 'Dr Bo', 'BO');
  await page
    .getByRole('list', { name: 'Worklist' })
    .getByRole('button', { name: new RegExp(studyKey) })
    .click();
  await expect(page.getByTestId('decided-count')).toHaveText('0 / 25');
  await gradeOpenStudy(page, (i) => BO_KEYS[i] ?? 'z');

  // Both readers also place Spinal Canal Stenosis points on the Sagittal T2 (as the viewer's point tool does,
  // through setLabel): Bo 4 pixels to the right of Ada, on the same slice except at L5/S1 (next slice).
  const readers = await callApi<Array<{ id: number; name: string }>>(page, 'listReaders', {});
  const idOf = (name: string) => readers.find((r) => r.name === name)!.id;
  const worklist = await callApi<{ items: Array<{ studyId: number; studyKey: string }> }>(page, 'getWorklist', { readerId: idOf('Dr Bo') });
  const studyId = worklist.items.find((i) => i.studyKey === studyKey)!.studyId;
  const study = await callApi<{
    series: Array<{
      id: number;
      type: string;
      slices: Array<{ instanceNumber: number; geometry: { pixelSpacing: [number, number] } | null }>;
    }>;
  }>(page, 'getStudy', { studyId });
  const sagT2 = study.series.find((s) => s.type === 'Sagittal T2/STIR')!;
  const middle = Math.floor(sagT2.slices.length / 2);
  const columnSpacing = sagT2.slices[middle]!.geometry!.pixelSpacing[1];
  for (const [i, level] of LEVELS.entries()) {
    const at = (reader: string, dx: number, slice: number) =>
      callApi(page, 'setLabel', {
        readerId: idOf(reader),
        studyId,
        condition: 'Spinal Canal Stenosis',
        level,
        point: { seriesId: sagT2.id, instanceNumber: sagT2.slices[slice]!.instanceNumber, x: 100 + dx, y: 60 + 25 * i, override: false },
      });
    await at('Dr Ada', 0, middle);
    await at('Dr Bo', 4, level === 'L5/S1' ? middle + 1 : middle);
  }

  // The QA lead opens the dashboard.
  await page.getByRole('button', { name: 'switch' }).click();
  await page
    .getByRole('list', { name: 'Readers' })
    .getByRole('button', { name: /Dr Lead/ })
    .click();
  await page.getByRole('button', { name: 'Agreement', exact: true }).click();
  const table = page.getByRole('table', { name: 'Agreement by condition and level' });
  await expect(table).toBeVisible();
  await expect(page.getByTestId('agreement-status')).toHaveText(/computed in/);
  await expect(page.getByTestId('agreement-summary')).toContainText('2 of 2 readers graded');
  await expect(page.getByTestId('agreement-summary')).toContainText('25 labels graded by ≥ 2 readers');
  await expect(page.getByTestId('agreement-summary')).toContainText('bootstrap B = 200');

  // Default: linear-weighted kappa of the pair. Ada is constant, so kappa = 0 exactly ("slight"), n 25.
  const overall = subsetCell(page, 'overall');
  await expect(overall.locator('.agr-value')).toHaveText('0.00');
  await expect(overall.getByTestId('cell-n')).toHaveText('n 25');
  await expect(overall.locator('.agr-band')).toHaveText('slight');
  await expect(overall.locator('.agr-ci')).toHaveText(/^\[.+, .+\]$/);
  // Every number has its n beside it: 25 cells + 5 condition margins + 5 level margins + overall.
  await expect(table.getByTestId('cell-n')).toHaveCount(36);
  await expect(subsetCell(page, 'condition=Spinal Canal Stenosis').getByTestId('cell-n')).toHaveText('n 5');
  // A cell where both graded Normal/Mild: kappa is undefined (0/0), said so, never NaN.
  const same = subsetCell(page, 'condition=Spinal Canal Stenosis|level=L1/L2');
  await expect(same.locator('.agr-value')).toHaveText('undefined');
  await expect(same.locator('.agr-band')).toHaveText('all ratings one grade');
  await expect(same.getByTestId('cell-n')).toHaveText('n 1');
  await expect(page.locator('.agr-view')).not.toContainText('NaN');
  // Kappa paradox: the selected (overall) subset shows % agreement and AC2 beside kappa, and warns.
  const summary = page.getByTestId('subset-summary');
  await expect(summary.getByRole('row', { name: /% agreement/ })).toContainText('84.0%');
  await expect(summary.getByRole('row', { name: /Gwet AC2/ })).toContainText('almost perfect');
  await expect(page.getByTestId('kappa-paradox')).toContainText('92% of these ratings are Normal/Mild');

  // The pair's confusion matrix: rows Ada, all Normal/Mild: 21 agree, 3 Moderate, 1 Severe by Bo.
  const confusion = page.getByRole('table', { name: 'Confusion matrix' });
  await expect(confusion).toContainText('Dr Ada');
  await expect(confusion).toContainText('Dr Bo');
  await expect(page.getByTestId('confusion-total')).toHaveText('25');
  await expect(confusion.getByRole('row', { name: /^Normal\/Mild/ }).locator('td')).toHaveText(['21', '3', '1', '25']);

  // Charts: echarts canvases with ink on them.
  const heatmap = page.getByTestId('pair-heatmap');
  const distribution = page.getByTestId('grade-distribution');
  for (const chart of [heatmap, distribution]) {
    await expect(chart.locator('canvas').first()).toBeVisible();
    await expect.poll(async () => (await canvasInk(chart)).inked).toBeGreaterThan(0.03);
    const ink = await canvasInk(chart);
    expect(ink.width).toBeGreaterThan(200);
    expect(ink.colours).toBeGreaterThan(5);
  }
  await page.screenshot({ path: 'e2e/artifacts/20-agreement-dashboard.png' });
  await page.getByRole('heading', { name: 'Confusion matrix' }).scrollIntoViewIfNeeded();
  await page.locator('.agr-view').evaluate((el) => el.scrollBy(0, 170));
  await page.screenshot({ path: 'e2e/artifacts/21-agreement-pairs-and-confusion.png' });
  await page.locator('.agr-notes').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/22-agreement-distribution-points.png' });

  // Point distances: same slice, 4 pixels apart, at L1/L2..L4/L5.
  const points = page.getByRole('table', { name: 'Point distances' });
  const sameSlice = formatMm(4 * columnSpacing);
  await expect(points.getByRole('row', { name: /SCS L1\/L2/ }).locator('td')).toHaveText([
    'SCS',
    'L1/L2',
    sameSlice,
    sameSlice,
    '100%',
    '1',
  ]);
  await expect(
    points
      .getByRole('row', { name: /SCS all levels/ })
      .locator('td')
      .nth(2),
  ).toHaveText(sameSlice);
  await expect(
    points
      .getByRole('row', { name: /SCS all levels/ })
      .locator('td')
      .nth(4),
  ).toHaveText('80%');
  await expect(
    points
      .getByRole('row', { name: /SCS all levels/ })
      .locator('td')
      .nth(5),
  ).toHaveText('5');

  // Another statistic: % agreement; then a table cell drives the confusion matrix.
  await page.getByRole('group', { name: 'Statistic' }).getByRole('button', { name: '% agreement' }).click();
  await expect(overall.locator('.agr-value')).toHaveText('84.0%');
  await expect(subsetCell(page, 'level=L3/L4').locator('.agr-value')).toHaveText('60.0%');
  const disagree = subsetCell(page, 'condition=Spinal Canal Stenosis|level=L4/L5');
  await disagree.click();
  await expect(disagree).toHaveAttribute('aria-pressed', 'true');
  await expect(disagree.locator('.agr-value')).toHaveText('0.0%');
  await expect(page.getByTestId('confusion-total')).toHaveText('1');
  await expect(confusion.getByRole('row', { name: /^Normal\/Mild/ }).locator('td')).toHaveText(['0', '1', '0', '1']);
  await expect(summary).toContainText('Spinal Canal Stenosis · L4/L5');
  await page.locator('.agr-view').evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: 'e2e/artifacts/23-agreement-percent-cell-selected.png' });

  // Bootstrap off: Krippendorff's alpha has no analytic CI, so none is shown; then 1000 replicates.
  await page
    .getByRole('group', { name: 'Statistic' })
    .getByRole('button', { name: /Krippendorff/ })
    .click();
  await expect(overall.locator('.agr-ci')).toHaveText(/^\[.+\]$/);
  await page.getByRole('group', { name: 'Bootstrap replicates' }).getByRole('button', { name: 'off' }).click();
  await expect(page.getByTestId('agreement-summary')).toContainText('bootstrap off');
  await expect(page.getByTestId('agreement-status')).toHaveText(/computed in/);
  await expect(overall.locator('.agr-ci')).toHaveText('no CI');
  await page.getByRole('group', { name: 'Bootstrap replicates' }).getByRole('button', { name: '1000' }).click();
  await expect(page.getByTestId('agreement-summary')).toContainText('bootstrap B = 1000');
  await expect(overall.locator('.agr-ci')).toHaveText(/^\[.+\]$/);

  // Exports: <a download> links with Blob URLs; the files are the report.
  const jsonLink = page.getByRole('link', { name: 'Export JSON' });
  const csvLink = page.getByRole('link', { name: 'Export CSV' });
  await expect(jsonLink).toHaveAttribute('href', /^blob:/);
  await expect(csvLink).toHaveAttribute('href', /^blob:/);
  await expect(jsonLink).toHaveAttribute('download', 'agreement-report.json');
  const json = await downloadText(page, jsonLink);
  expect(json.name).toBe('agreement-report.json');
  const report = JSON.parse(json.text) as {
    readers: string[];
    bootstrap: number;
    report: { subsets: Record<string, { pairwise: Record<string, { n: number; confusion_matrix: number[][] }> }> };
  };
  expect(report.readers).toEqual(['Dr Ada', 'Dr Bo']);
  expect(report.bootstrap).toBe(1000);
  expect(report.report.subsets['overall']!.pairwise['Dr Ada|Dr Bo']!.confusion_matrix).toEqual([
    [21, 3, 1],
    [0, 0, 0],
    [0, 0, 0],
  ]);
  const csv = await downloadText(page, csvLink);
  expect(csv.name).toBe('agreement-report.csv');
  const lines = csv.text.trimEnd().split('\n');
  const header = lines[0]!.split(',');
  expect(header).toEqual(expect.arrayContaining(['subset', 'statistic', 'value', 'ci_low', 'ci_high', 'n']));
  const row = lines
    .map((l) => l.split(','))
    .find(
      (r) =>
        r[header.indexOf('subset')] === 'overall' &&
        r[header.indexOf('reader_a')] === 'Dr Ada' &&
        r[header.indexOf('statistic')] === 'percent_agreement',
    )!;
  expect(Number(row[header.indexOf('value')])).toBeCloseTo(0.84, 12);
  expect(row[header.indexOf('n')]).toBe('25');
  expect(csv.text).not.toMatch(/NaN/);

  // A third reader: the table switches to the multi-rater statistic, the heatmap shows every pair.
  await page.getByRole('button', { name: 'switch' }).click();
  await createReaderThroughUi(page, 'Dr Cy', 'CY');
  await page
    .getByRole('list', { name: 'Worklist' })
    .getByRole('button', { name: new RegExp(studyKey) })
    .click();
  await expect(page.getByTestId('decided-count')).toHaveText('0 / 25');
  await gradeOpenStudy(page, (i) => CY_KEYS[i] ?? 'z');
  await page.getByRole('button', { name: 'switch' }).click();
  await page
    .getByRole('list', { name: 'Readers' })
    .getByRole('button', { name: /Dr Lead/ })
    .click();
  await expect(page.getByTestId('agreement-summary')).toContainText('3 of 3 readers graded');
  await expect(page.locator('.agr-scope')).toHaveText('All readers (multi-rater)');
  await expect(overall.getByTestId('cell-n')).toHaveText('n 25');
  await expect(overall.locator('.agr-value')).toHaveText(/^\u2212?\d\.\d\d$/);
  await expect(page.getByRole('combobox', { name: 'Readers' }).locator('option')).toHaveText([
    'All readers (multi-rater)',
    'Dr Ada vs Dr Bo',
    'Dr Ada vs Dr Cy',
    'Dr Bo vs Dr Cy',
  ]);
  await expect.poll(async () => (await canvasInk(heatmap)).inked).toBeGreaterThan(0.03);
  await page
    .getByRole('table', { name: 'Agreement by condition and level' })
    .screenshot({ path: 'e2e/artifacts/24-agreement-three-readers-table.png' });
  await heatmap.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/25-agreement-three-readers-charts.png' });
});
