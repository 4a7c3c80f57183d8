/**
 * The viewer on awkward studies (small synthetic files, imported through the API): two axial series that
 * share a frame of reference (merged stack + series picker), a sagittal in another frame of reference
 * (reference lines kept, with a warning), an axial series without geometry (lines hidden, with a message),
 * an enhanced multi-frame sagittal (a slice per frame, ordered by each frame's plane, each showing its frame),
 * and slice files deleted after the import (the viewport says which file and why; scrolling steps past it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { makeMrSlice, writeFile, type SliceOptions } from '../annotations/test-support/dicom-files.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { createReaderThroughUi } from './support/readers.js';
import { canvasStats } from './support/pixels.js';

let app: AppServer;
let dataset: string;

const SAG: [number, number, number, number, number, number] = [0, 1, 0, 0, 0, -1];
const AX: [number, number, number, number, number, number] = [1, 0, 0, 0, 1, 0];
const common = { rows: 64, columns: 64, pixelSpacing: [4, 4] as [number, number] };

test.beforeAll(async () => {
  app = await startAppServer(['--no-demo']);
  dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbar-e2e-viewer-edge-'));
  // Study 7000001: sagittal in frame A; two axial series in frame B (4 + 3 slices, interleaved along z).
  for (let i = 1; i <= 5; i++) {
    const sag = { ...common, studyUid: '2.25.71', seriesUid: '2.25.711', frameOfReferenceUid: '2.25.7001', seriesDescription: 'SAG T2' };
    writeFile(
      dataset,
      `train_images/7000001/711/${i}.dcm`,
      makeMrSlice({ ...sag, instanceNumber: i, ipp: [(i - 3) * 4, -128, 128], iop: SAG }),
    );
  }
  const axial = (series: string, uid: string, zs: number[]) =>
    zs.forEach((z, k) =>
      writeFile(
        dataset,
        `train_images/7000001/${series}/${k + 1}.dcm`,
        makeMrSlice({
          ...common,
          studyUid: '2.25.71',
          seriesUid: uid,
          frameOfReferenceUid: '2.25.7002',
          seriesDescription: 'AX T2',
          instanceNumber: k + 1,
          ipp: [-128, -128, z],
          iop: AX,
        }),
      ),
    );
  axial('712', '2.25.712', [-40, -20, 0, 20]);
  axial('713', '2.25.713', [-30, -10, 10]);
  // Study 7000002: sagittal with geometry, axial without (no IPP/IOP).
  writeSagittalAndAxial(2, 3, 3, { axialGeometry: false });
  // Study 7000003: one enhanced multi-frame sagittal file, 5 frames, frame k at x = -4k (so the slice
  // order along the normal, -x, is the frame order), each frame uniformly brighter than the one before.
  writeFile(
    dataset,
    `train_images/7000003/731/1.dcm`,
    makeMrSlice({
      ...common,
      studyUid: '2.25.73',
      seriesUid: '2.25.731',
      frameOfReferenceUid: '2.25.7004',
      seriesDescription: 'SAG T2',
      frames: 5,
      ipp: null,
      iop: null,
      extra: {
        NumberOfFrames: '5',
        SharedFunctionalGroupsSequence: [{ PlaneOrientationSequence: [{ ImageOrientationPatient: SAG.map(String) }] }],
        PerFrameFunctionalGroupsSequence: [0, 1, 2, 3, 4].map((k) => ({
          PlanePositionSequence: [{ ImagePositionPatient: [String(-4 * k), '-128', '128'] }],
        })),
      },
    }),
  );
  // Study 7000004: a sagittal and an axial; the sagittal's middle slice is deleted after the import.
  writeSagittalAndAxial(4, 3, 3);
  // Study 7000005: a 5-slice sagittal and an axial; one sagittal slice that is not the middle one is
  // deleted after the import (file 2: x = -4, the 4th slice along the normal, -x).
  writeSagittalAndAxial(5, 5, 3);
});

/**
 * Study 700000`n` (UIDs 2.25.7`n`, frame of reference 2.25.(7001 + n)): series 7`n`1, a sagittal of
 * `sagittal` slices 4 mm apart centred on x = 0, and series 7`n`2, an axial of `axial` slices 10 mm apart
 * centred on z = 0 (no IPP/IOP when `axialGeometry` is false). File k is instance k.
 */
function writeSagittalAndAxial(n: number, sagittal: number, axial: number, { axialGeometry = true } = {}): void {
  const study = { ...common, studyUid: `2.25.7${n}`, frameOfReferenceUid: `2.25.${7001 + n}` };
  const write = (k: 1 | 2, i: number, slice: SliceOptions) =>
    writeFile(
      dataset,
      `train_images/700000${n}/7${n}${k}/${i}.dcm`,
      makeMrSlice({ ...study, seriesUid: `2.25.7${n}${k}`, instanceNumber: i, ...slice }),
    );
  for (let i = 1; i <= sagittal; i++)
    write(1, i, { seriesDescription: 'SAG T2', ipp: [(i - (sagittal + 1) / 2) * 4, -128, 128], iop: SAG });
  for (let i = 1; i <= axial; i++) {
    const plane: SliceOptions = axialGeometry ? { ipp: [-128, -128, (i - (axial + 1) / 2) * 10], iop: AX } : { ipp: null, iop: null };
    write(2, i, { seriesDescription: 'AX T2', ...plane });
  }
}

test.afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataset, { recursive: true, force: true });
});

async function importAndOpen(page: Page, studyKey: string, beforeOpen?: () => void, reader = `Edge QA ${studyKey}`): Promise<void> {
  await page.goto(app.url);
  await createReaderThroughUi(page, reader, 'EQ', 'qa_lead'); // a QA lead sees every study (names are unique)
  const status = await page.evaluate(async (folder) => {
    const post = (name: string, body: unknown) =>
      fetch(`/api/${name}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }).then((r) =>
        r.json(),
      );
    let job = (await post('startImport', { folder })).value as { jobId: string; state: string };
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      job = (await post('getImportStatus', { jobId: job.jobId })).value;
    }
    return job.state;
  }, dataset);
  expect(['done']).toContain(status);
  beforeOpen?.();
  await page.reload();
  await page
    .getByRole('list', { name: 'Studies' })
    .getByRole('button', { name: new RegExp(studyKey) })
    .click();
  await page.waitForFunction(() => window.__lumbarViewer?.ready === true, undefined, { timeout: 30_000 });
}

test('several axial series share a frame of reference: one stack along the spine, and a picker; another frame warns', async ({ page }) => {
  await importAndOpen(page, '7000001');
  const picker = page.getByLabel('Series shown in Axial T2');
  await expect(picker.locator('option')).toHaveText(['All axial (7 slices)', 'AX T2 (4)', 'AX T2 (3)']);
  await expect(page.getByTestId('slice-ax-t2')).toContainText('/ 7');
  // The merged stack is ordered along the spine: the slice positions increase by 10 mm.
  const positions: number[] = [];
  for (let i = 0; i < 7; i++) {
    await page.evaluate(
      (k) =>
        (window.__lumbarViewer as unknown as { session: { scrollTo(id: string, i: number): Promise<void> } }).session.scrollTo('ax-t2', k),
      i,
    );
    await expect(page.getByTestId('slice-ax-t2')).toContainText(`Slice ${i + 1} / 7`);
    positions.push(Number(/(-?\d+(?:\.\d+)?) mm/.exec(await page.getByTestId('slice-ax-t2').innerText())![1]));
  }
  expect(positions).toEqual([-40, -30, -20, -10, 0, 10, 20]);
  // Different frames of reference: the lines are still drawn (dashed), with a visible warning.
  await expect(page.getByTestId('notice-sag-t2')).toContainText('Different frame of reference');
  await expect(page.locator('[data-viewport-id="sag-t2"] line.ref-line.current.mismatch')).toHaveCount(1);
  await page.screenshot({ path: 'e2e/artifacts/50-viewer-axial-picker-for-warning.png' });
  // Picking one series shows only its slices.
  await picker.selectOption({ label: 'AX T2 (3)' });
  await expect(page.getByTestId('slice-ax-t2')).toContainText('/ 3');
});

test('an axial series without geometry: reference lines hidden, with a message', async ({ page }) => {
  await importAndOpen(page, '7000002');
  await expect(page.getByTestId('notice-sag-t2')).toContainText('Reference lines hidden');
  await expect(page.getByTestId('notice-ax-t2')).toContainText('this slice has no geometry');
  await expect(page.locator('[data-viewport-id="sag-t2"] line.ref-line')).toHaveCount(0);
  await expect(page.locator('[data-viewport-id="ax-t2"] line.ref-line')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/51-viewer-missing-geometry.png' });
});

test('an enhanced multi-frame series: one slice per frame, in order, each showing its own frame', async ({ page }) => {
  await importAndOpen(page, '7000003');
  await expect(page.getByTestId('slice-sag-t2')).toContainText('/ 5');
  const means: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.evaluate(
      (k) =>
        (window.__lumbarViewer as unknown as { session: { scrollTo(id: string, i: number): Promise<void> } }).session.scrollTo('sag-t2', k),
      i,
    );
    await expect(page.getByTestId('slice-sag-t2')).toContainText(`Slice ${i + 1} / 5`);
    // Each slice its own frame: frame k is (k + 1) times as bright as frame 0 (uniform frames, fixed window).
    await expect.poll(async () => (await canvasStats(page, 'sag-t2')).mean).toBeGreaterThan((means.at(-1) ?? 0) + 5);
    means.push((await canvasStats(page, 'sag-t2')).mean);
  }
  expect(means.map((m) => Math.round((m / means[0]!) * 10) / 10)).toEqual([1, 2, 3, 4, 5]);
  await page.screenshot({ path: 'e2e/artifacts/52-viewer-multi-frame.png' });
});

test('a slice file deleted after the import: that viewport says which file and why, the others show', async ({ page }) => {
  await importAndOpen(page, '7000004', () => fs.rmSync(path.join(dataset, 'train_images/7000004/741/2.dcm')));
  // (It read "Cannot show this series: [object Object]" before.)
  await expect(page.locator('[data-viewport-id="sag-t2"] .overlay.error')).toHaveText(
    'Cannot show this series: slice 741/2.dcm is no longer on disk (HTTP 404): re-import the folder to update the index',
  );
  await expect(page.getByTestId('slice-sag-t2')).toHaveCount(0); // no slice read-out for a series not shown
  await expect(page.getByTestId('slice-ax-t2')).toContainText('/ 3');
  expect((await canvasStats(page, 'ax-t2')).mean).toBeGreaterThan(5);
  // The series strip: the sagittal's thumbnail (its middle slice) says it has no preview; the axial's is drawn.
  const tiles = page.getByRole('navigation', { name: 'Series' }).locator('.series-tile');
  await expect(tiles.filter({ hasText: 'SAG T2' }).locator('.thumb-failed')).toHaveText('no preview');
  await expect(tiles.filter({ hasText: 'AX T2' }).locator('.thumb-failed')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/53-viewer-missing-file.png' });
});

test('scrolling onto a slice whose file is gone: the viewport says so, keeps the slice before, and the next step goes past', async ({
  page,
}) => {
  await importAndOpen(page, '7000005', () => fs.rmSync(path.join(dataset, 'train_images/7000005/751/2.dcm')));
  const label = page.getByTestId('slice-sag-t2');
  await expect(label).toContainText('Slice 3 / 5');
  await page.locator('[data-viewport-id="sag-t2"] .viewport-host').click(); // the keys act on the active viewport
  const before = (await canvasStats(page, 'sag-t2')).hash;
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('slice-error-sag-t2')).toHaveText(
    'Slice 4 / 5 cannot be shown: slice 751/2.dcm is no longer on disk (HTTP 404): re-import the folder to update the index',
  );
  await expect(label).toContainText('Slice 3 / 5'); // the read-out matches the image still shown
  expect((await canvasStats(page, 'sag-t2')).hash).toBe(before);
  // ... and so does the slice a point placed now would go to (Cornerstone had counted the failed one as current).
  const state = () =>
    page.evaluate(() =>
      (window.__lumbarViewer as unknown as { session: { state(id: string): { index: number; instanceNumber: number } } }).session.state(
        'sag-t2',
      ),
    );
  expect(await state()).toMatchObject({ index: 2, instanceNumber: 3 });
  await page.screenshot({ path: 'e2e/artifacts/54-viewer-missing-slice.png' });
  await page.keyboard.press('ArrowDown');
  await expect(label).toContainText('Slice 5 / 5');
  await expect(page.getByTestId('slice-error-sag-t2')).toHaveCount(0);
  expect(await state()).toMatchObject({ index: 4, instanceNumber: 1 });
  expect((await canvasStats(page, 'sag-t2')).hash).not.toBe(before);
  // The mouse wheel (Cornerstone's own scroll) hits the missing slice the same way, and steps past it too.
  const box = (await page.locator('[data-viewport-id="sag-t2"] .viewport-host').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -100);
  await expect(page.getByTestId('slice-error-sag-t2')).toContainText('Slice 4 / 5 cannot be shown');
  await expect(label).toContainText('Slice 5 / 5');
  expect(await state()).toMatchObject({ index: 4, instanceNumber: 1 });
  await page.mouse.wheel(0, -100);
  await expect(label).toContainText('Slice 3 / 5');
  await expect(page.getByTestId('slice-error-sag-t2')).toHaveCount(0);
  expect((await canvasStats(page, 'sag-t2')).hash).toBe(before); // slice 3 again
});

test('studies opened one after another: each shows its own images, a series the next study lacks leaves its viewport empty, no window carries over', async ({
  page,
}) => {
  // The viewer keeps its engine and viewports from study to study (ViewportHost); a new study must not
  // inherit the last one's images, window or a viewport it has nothing to show in.
  await importAndOpen(page, '7000002', undefined, 'Edge QA one after another'); // a sagittal and an axial
  const open = async (key: string) => {
    await page
      .getByRole('list', { name: 'Studies' })
      .getByRole('button', { name: new RegExp(key) })
      .click();
    await page.waitForFunction(
      (k) => {
        const hook = window.__lumbarViewer as unknown as { ready: boolean; session: { study: { studyKey: string } } } | undefined;
        return hook?.ready === true && hook.session.study.studyKey === k;
      },
      key,
      { timeout: 30_000 },
    );
  };
  const sag = page.locator('[data-viewport-id="sag-t2"] .viewport-host');
  const dragWindow = async () => {
    const box = (await sag.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 - 30, { steps: 6 });
    await page.mouse.up();
  };
  expect((await canvasStats(page, 'ax-t2')).mean).toBeGreaterThan(5);
  const first = await canvasStats(page, 'sag-t2');
  expect(first.mean).toBeGreaterThan(5);
  const firstWindow = await page.getByTestId('display-sag-t2').textContent();
  await dragWindow();
  await expect.poll(async () => (await canvasStats(page, 'sag-t2')).hash, { message: 'W/L drag in the first study' }).not.toBe(first.hash);

  await open('7000003'); // one multi-frame sagittal, no axial
  await expect(page.locator('[data-viewport-id="ax-t2"] .overlay.error')).toHaveText(/^No .* series in this study$/);
  // Nothing of the last study's axial is left drawn (Cornerstone may keep the released viewport's canvas).
  const axialCanvases = page.locator('[data-viewport-id="ax-t2"] canvas.cornerstone-canvas');
  await expect
    .poll(async () => (await axialCanvases.count()) === 0 || (await canvasStats(page, 'ax-t2')).nonBlack === 0, {
      message: 'axial left blank',
    })
    .toBe(true);
  await expect(page.getByTestId('slice-sag-t2')).toContainText('/ 5');
  expect((await canvasStats(page, 'sag-t2')).mean).toBeGreaterThan(5);
  await page.screenshot({ path: 'e2e/artifacts/55-viewer-next-study-without-axial.png' });
  // (A long reader name is cut with an ellipsis; the top bar's items stay on one line.)
  for (const item of ['.app-name', '.reader-chip', '.top-bar .toolbar-button >> nth=0'])
    expect((await page.locator(item).boundingBox())!.height, item).toBeLessThan(28);

  await open('7000002');
  await expect(page.locator('[data-viewport-id="ax-t2"] .overlay.error')).toHaveCount(0);
  await expect.poll(async () => (await canvasStats(page, 'ax-t2')).mean).toBeGreaterThan(5); // the axial viewport is back
  // The same image as the first time, in its own initial window: the drag of the first visit did not carry over.
  await expect.poll(async () => (await canvasStats(page, 'sag-t2')).hash).toBe(first.hash);
  await expect(page.getByTestId('display-sag-t2')).toHaveText(firstWindow!);
  await dragWindow(); // and the tools still act on the kept viewport
  await expect.poll(async () => (await canvasStats(page, 'sag-t2')).hash, { message: 'W/L drag after reopening' }).not.toBe(first.hash);

  // In the 2x2 layout the localizer pane is attached and detached with the layout: the next study shows it too
  // (the last study's detach must not take the new study's viewport away).
  await page.keyboard.press('g');
  await expect.poll(async () => (await canvasStats(page, 'loc')).mean, { message: 'localizer in 2x2' }).toBeGreaterThan(5);
  await open('7000001');
  await expect(page.getByTestId('slice-loc')).toContainText('/ 5');
  await expect.poll(async () => (await canvasStats(page, 'loc')).mean, { message: 'localizer after the next study' }).toBeGreaterThan(5);
  await page.waitForTimeout(300); // (a late detach would disable it after it first drew)
  expect((await canvasStats(page, 'loc')).mean).toBeGreaterThan(5);
  await page.keyboard.press('g');
  await expect(page.locator('[data-viewport-id="loc"]')).toHaveCount(0);
});
