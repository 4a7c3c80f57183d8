/**
 * The spine viewer on the demo studies (browser mode, Chromium): hanging protocol, reference lines that
 * follow scrolling, Shift+click locate onto a known disc, window/level, zoom, flips, cine, layouts, the
 * cheat sheet, series drag-and-drop, and labelled points round-tripping through the annotation adapter at
 * the demo's known pixel coordinates. Expectations come from demo_ground_truth.json and the study index,
 * never from the viewer's own geometry code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startAppServer, type AppServer } from './support/app-server.js';
import { canvasStats } from './support/pixels.js';
import { createReaderThroughUi } from './support/readers.js';

type V3 = [number, number, number];
interface Slice {
  instanceNumber: number | null;
  geometry: { ipp: V3; iop: number[]; pixelSpacing: [number, number] } | null;
}
interface Series {
  id: number;
  seriesKey: string;
  type: string;
  slices: Slice[];
}
interface PointRec {
  id: string;
  seriesId: number;
  instanceNumber: number;
  x: number;
  y: number;
  condition: string;
  level: string;
  origin: string;
}
interface Hook {
  ready: boolean;
  session: {
    study: { id: number; studyKey: string; series: Series[] };
    state(id: string): { index: number; count: number; seriesId: number | null; instanceNumber: number | null } | null;
    canvasOf(id: string, p: V3): [number, number] | null;
    canvasOfPixel(id: string, x: number, y: number): [number, number] | null;
    scrollTo(id: string, index: number): Promise<void>;
  };
  stores: {
    points: {
      getState(): { points: PointRec[]; changes: number; add(r: Omit<PointRec, 'origin'> & { studyId: number }, origin: string): void };
    };
    viewer: { getState(): { setPointLabel(l: { condition: string; level: string }): void } };
  };
}
interface Truth {
  studies: Array<{
    study_id: number;
    discs: Array<{ level: string; center_lps: V3 }>;
    labels: Array<{ condition: string; level: string; series_id: number; instance_number: number; x: number; y: number }>;
  }>;
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

const ART = 'e2e/artifacts';
const hook = (page: Page) => page.evaluate(() => (window.__lumbarViewer as unknown as Hook).session.study);
const sliceState = (page: Page, id: string) => page.evaluate((vid) => (window.__lumbarViewer as unknown as Hook).session.state(vid), id);
const points = (page: Page) => page.evaluate(() => (window.__lumbarViewer as unknown as Hook).stores.points.getState());
const refLine = (page: Page, target: string, source: string) =>
  page.evaluate(
    ([t, s]) => {
      const l = document.querySelector(`[data-viewport-id="${t}"] svg.reference-lines line.ref-line.current[data-source="${s}"]`);
      return l ? (['x1', 'y1', 'x2', 'y2'].map((a) => Number(l.getAttribute(a))) as [number, number, number, number]) : null;
    },
    [target, source] as const,
  );

let readers = 0;
async function openFirstStudy(page: Page, errors: string[]): Promise<void> {
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(app.url);
  readers++;
  await createReaderThroughUi(page, `Viewer Tester ${readers}`, `V${readers}`);
  await page.getByRole('list', { name: 'Worklist' }).getByRole('button').first().click();
  await page.waitForFunction(() => window.__lumbarViewer?.ready === true, undefined, { timeout: 30_000 });
}

/** Clicks a viewport at canvas coordinates (CSS pixels inside its host element). */
async function clickAt(page: Page, id: string, [x, y]: [number, number], shift = false): Promise<void> {
  const box = (await page.locator(`[data-viewport-id="${id}"] .viewport-host`).boundingBox())!;
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.click(box.x + x, box.y + y);
  if (shift) await page.keyboard.up('Shift');
}

/** Image pixels per CSS pixel of a viewport at its current zoom (a click is exact to one CSS pixel). */
async function imagePixelsPerCssPixel(page: Page, id: string): Promise<number> {
  const [a, b] = await page.evaluate((vid) => {
    const s = (window.__lumbarViewer as unknown as Hook).session;
    return [s.canvasOfPixel(vid, 0, 0)!, s.canvasOfPixel(vid, 100, 0)!];
  }, id);
  return 100 / Math.hypot(b[0] - a[0], b[1] - a[1]);
}

test('three viewports render; the axial reference line moves on both sagittals while scrolling', async ({ page }) => {
  const errors: string[] = [];
  await openFirstStudy(page, errors);
  for (const id of ['sag-t2', 'sag-t1', 'ax-t2']) {
    const stats = await canvasStats(page, id);
    expect(stats.nonBlack, `${id} non-black share`).toBeGreaterThan(0.15);
    expect(stats.std, `${id} contrast`).toBeGreaterThan(15);
  }
  // Orientation markers from IOP: sagittal A|P, S|I; axial R|L, A|P.
  await expect(page.getByTestId('marker-left-sag-t2')).toHaveText('A');
  await expect(page.getByTestId('marker-top-sag-t2')).toHaveText('S');
  await expect(page.getByTestId('marker-left-ax-t2')).toHaveText('R');
  await expect(page.getByTestId('marker-top-ax-t2')).toHaveText('A');
  // Sagittal lines on the axial, axial line on both sagittals.
  expect(await refLine(page, 'ax-t2', 'sag-t2')).not.toBeNull();
  const before = { t2: (await refLine(page, 'sag-t2', 'ax-t2'))!, t1: (await refLine(page, 'sag-t1', 'ax-t2'))! };
  expect(before.t2[1]).toBeCloseTo(before.t2[3], 1); // a straight axial: horizontal line
  await page.screenshot({ path: `${ART}/40-viewer-reference-lines.png` });

  const sliceBefore = (await sliceState(page, 'ax-t2'))!.index;
  await page.locator('[data-viewport-id="ax-t2"] .viewport-host').hover();
  await page.mouse.wheel(0, 120);
  await expect.poll(async () => (await sliceState(page, 'ax-t2'))!.index).not.toBe(sliceBefore);
  await page.mouse.wheel(0, 120);
  await page.mouse.wheel(0, 120);
  await expect.poll(async () => (await refLine(page, 'sag-t2', 'ax-t2'))![1]).not.toBeCloseTo(before.t2[1], 0);
  const after = { t2: (await refLine(page, 'sag-t2', 'ax-t2'))!, t1: (await refLine(page, 'sag-t1', 'ax-t2'))! };
  expect(Math.abs(after.t2[1] - before.t2[1])).toBeGreaterThan(5);
  expect(Math.abs(after.t1[1] - before.t1[1])).toBeGreaterThan(5);
  // The slice index overlay follows, and different orientations never scroll each other.
  await expect(page.getByTestId('slice-ax-t2')).toContainText(`Slice ${(await sliceState(page, 'ax-t2'))!.index + 1} / 15`);
  expect((await sliceState(page, 'sag-t2'))!.index).toBe(7);
  await page.screenshot({ path: `${ART}/41-viewer-axial-scrolled-lines-moved.png` });
  expect(errors).toEqual([]);
});

test('Shift+click on a disc in the sagittal moves the axial to the slice through that disc', async ({ page }) => {
  const errors: string[] = [];
  await openFirstStudy(page, errors);
  const study = await hook(page);
  const gt = truth.studies.find((s) => String(s.study_id) === study.studyKey)!;
  const axial = study.series.find((s) => s.type === 'Axial T2')!;
  // A click is exact to one CSS pixel: how many mm that is on the sagittal.
  const mmPerCssPixel = await page.evaluate(() => {
    const s = (window as unknown as { __lumbarViewer: Hook }).__lumbarViewer.session;
    const a = s.canvasOf('sag-t2', [0, 0, 0])!;
    const b = s.canvasOf('sag-t2', [0, 0, 100])!;
    return 100 / Math.hypot(b[0] - a[0], b[1] - a[1]);
  });
  for (const disc of gt.discs) {
    const z = disc.center_lps[2];
    // Expected: the axial slice whose plane (z = IPP z, IOP 1\0\0\0\1\0) is nearest to the disc centre.
    const ranked = axial.slices.map((s, i) => ({ i, d: Math.abs(s.geometry!.ipp[2] - z) })).sort((a, b) => a.d - b.d);
    expect(ranked[0]!.d, `an axial slice through ${disc.level}`).toBeLessThan(4);
    // Within a click's precision of a tie, either of the two nearest slices is right.
    const acceptable = ranked[1]!.d - ranked[0]!.d > 2 * mmPerCssPixel ? [ranked[0]!.i] : [ranked[0]!.i, ranked[1]!.i];
    const at = (await page.evaluate((p) => (window.__lumbarViewer as unknown as Hook).session.canvasOf('sag-t2', p), disc.center_lps))!;
    await clickAt(page, 'sag-t2', at, true);
    await expect
      .poll(async () => acceptable.includes((await sliceState(page, 'ax-t2'))!.index), {
        message: `axial slice for ${disc.level}: one of ${acceptable}`,
      })
      .toBe(true);
    // The crosshair marks the point on the sagittal and on the axial.
    await expect(page.locator('[data-viewport-id="ax-t2"] .locate-crosshair')).toBeVisible();
    await expect(page.locator('[data-viewport-id="sag-t2"] .locate-crosshair')).toBeVisible();
    // The sagittal itself did not move (Shift+click is not a W/L drag or a slice change).
    expect((await sliceState(page, 'sag-t2'))!.index).toBe(7);
    if (disc.level === 'L2/L3') await page.screenshot({ path: `${ART}/42-viewer-locate-L2-L3.png` });
    await page.waitForTimeout(450); // next click is not a double-click
  }
  expect(errors).toEqual([]);
});

test('window/level, presets, zoom, flips, invert and cine change the image', async ({ page }) => {
  const errors: string[] = [];
  await openFirstStudy(page, errors);
  const ax = page.locator('[data-viewport-id="ax-t2"] .viewport-host');
  await ax.click(); // the axial becomes the active viewport
  await page.waitForTimeout(500); // a second press within 400 ms would be a double-click (maximise)
  const display = page.getByTestId('display-ax-t2');
  let last = await canvasStats(page, 'ax-t2');
  const changed = async (what: string) => {
    await expect.poll(async () => (await canvasStats(page, 'ax-t2')).hash, { message: what }).not.toBe(last.hash);
    last = await canvasStats(page, 'ax-t2');
  };
  // left-drag window/level
  const wl = await display.textContent();
  const box = (await ax.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 - 30, { steps: 6 });
  await page.mouse.up();
  await expect(display).not.toHaveText(wl!);
  await changed('W/L drag');
  // The window stays on the next slices (and the overlay says so).
  const dragged = await display.textContent();
  await page.mouse.wheel(0, 120);
  await expect(page.getByTestId('slice-ax-t2')).not.toContainText('Slice 8 /');
  await changed('scroll');
  await expect(display).toHaveText(dragged!);
  // preset 8 (full range) then 6 (auto = the DICOM VOI of the demo: W 1890 L 945 for 12-bit data)
  await page.keyboard.press('8');
  await changed('full-range preset');
  await page.keyboard.press('6');
  await expect(display).toContainText('W 1890 L 945');
  await changed('auto preset');
  // zoom, flip, invert, reset
  await page.keyboard.press('+');
  await expect(display).toContainText('Zoom 1.25x');
  await changed('zoom');
  await page.keyboard.press('h');
  await expect(page.getByTestId('marker-left-ax-t2')).toHaveText('L');
  await changed('flip');
  await page.keyboard.press('i');
  await expect(display).toContainText('inv');
  await changed('invert');
  await page.screenshot({ path: `${ART}/43-viewer-zoom-flip-invert.png` });
  await page.keyboard.press('r');
  await expect(display).toContainText('Zoom 1.00x');
  await expect(page.getByTestId('marker-left-ax-t2')).toHaveText('R');
  await changed('reset');
  // cine: the slice advances by itself, then stops
  const start = (await sliceState(page, 'ax-t2'))!.index;
  await page.keyboard.press('Space');
  await expect(page.getByTestId('slice-ax-t2')).toContainText('fps');
  await expect.poll(async () => (await sliceState(page, 'ax-t2'))!.index, { timeout: 5000 }).not.toBe(start);
  await changed('cine');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('slice-ax-t2')).not.toContainText('fps');
  const stopped = (await sliceState(page, 'ax-t2'))!.index;
  await page.waitForTimeout(400);
  expect((await sliceState(page, 'ax-t2'))!.index).toBe(stopped);
  expect(errors).toEqual([]);
});

test('a labelled point is placed, moved and deleted, round-tripping through the adapter at the known pixels', async ({ page }) => {
  const errors: string[] = [];
  await openFirstStudy(page, errors);
  const study = await hook(page);
  const gt = truth.studies.find((s) => String(s.study_id) === study.studyKey)!;
  const sagT2 = study.series.find((s) => s.type === 'Sagittal T2/STIR')!;
  const label = (level: string) => gt.labels.find((l) => l.condition === 'Spinal Canal Stenosis' && l.level === level)!;
  const l45 = label('L4/L5');
  const l34 = label('L3/L4');
  expect(String(l45.series_id)).toBe(sagT2.seriesKey);
  // The mid-sagittal shown at open is the instance the canal labels live on.
  expect((await sliceState(page, 'sag-t2'))!.instanceNumber).toBe(l45.instance_number);

  // Points are placed zoomed: the sagittal maximised (a mouse event is exact to one CSS pixel).
  await page.locator('section[data-viewport-id="sag-t2"] .viewport-host').dblclick();
  await expect.poll(async () => (await canvasStats(page, 'sag-t2')).width).toBeGreaterThan(600);
  await page.waitForTimeout(300);
  await page.keyboard.press('p'); // point mode; label L4/L5 SCS
  await page.evaluate(() =>
    (window.__lumbarViewer as unknown as Hook).stores.viewer
      .getState()
      .setPointLabel({ condition: 'Spinal Canal Stenosis', level: 'L4/L5' }),
  );
  const changes0 = (await points(page)).changes;
  const at45 = (await page.evaluate(([x, y]) => (window.__lumbarViewer as unknown as Hook).session.canvasOfPixel('sag-t2', x, y), [
    l45.x,
    l45.y,
  ] as const))!;
  await clickAt(page, 'sag-t2', at45);
  await expect.poll(async () => (await points(page)).points.length).toBe(1);
  let p = (await points(page)).points[0]!;
  expect(p).toMatchObject({
    seriesId: sagT2.id,
    instanceNumber: l45.instance_number,
    condition: 'Spinal Canal Stenosis',
    level: 'L4/L5',
    origin: 'viewer',
  });
  // A mouse event is exact to one CSS pixel: the point lands within that distance of the ground truth.
  const tolerance = (await imagePixelsPerCssPixel(page, 'sag-t2')) + 0.01;
  expect(tolerance).toBeLessThan(1);
  expect(Math.abs(p.x - l45.x)).toBeLessThan(tolerance);
  expect(Math.abs(p.y - l45.y)).toBeLessThan(tolerance);
  expect((await points(page)).changes).toBe(changes0 + 1); // exactly one store change: no echo
  await expect(page.locator('[data-viewport-id="sag-t2"] svg text').filter({ hasText: 'L4/L5 SCS' })).toBeVisible();
  await page.screenshot({ path: `${ART}/44-viewer-point-placed.png` });

  // Move: drag the point onto the L3/L4 canal position.
  const at34 = (await page.evaluate(([x, y]) => (window.__lumbarViewer as unknown as Hook).session.canvasOfPixel('sag-t2', x, y), [
    l34.x,
    l34.y,
  ] as const))!;
  const box = (await page.locator('[data-viewport-id="sag-t2"] .viewport-host').boundingBox())!;
  await page.keyboard.press('p'); // back to W/L mode: points stay movable
  const pointBefore = p;
  await page.mouse.move(box.x + at45[0], box.y + at45[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + at34[0], box.y + at34[1], { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await points(page)).points[0]!.y).not.toBeCloseTo(pointBefore.y, 1);
  p = (await points(page)).points[0]!;
  expect(Math.abs(p.x - l34.x)).toBeLessThan(tolerance);
  expect(Math.abs(p.y - l34.y)).toBeLessThan(tolerance);
  expect(p.instanceNumber).toBe(l34.instance_number);
  expect((await points(page)).changes).toBe(changes0 + 2); // one drag = one change
  // Delete the selected point.
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await points(page)).points.length).toBe(0);
  expect((await points(page)).changes).toBe(changes0 + 3);
  // The deletion acknowledged (the grid shows the backend's read): the viewer's points are synchronised
  // from it then, so a point put in the store before that would be replaced by the acknowledged ones.
  await expect(page.locator('[data-cell="Spinal Canal Stenosis|L4/L5"]')).not.toHaveAttribute('aria-label', /point placed/);
  expect((await points(page)).changes).toBe(changes0 + 3);

  await page.keyboard.press('m'); // back to 1x3
  // From the store (the backend's side): a right subarticular point on its axial instance is drawn there.
  const rss = gt.labels.find((l) => l.condition === 'Right Subarticular Stenosis' && l.level === 'L4/L5')!;
  const axial = study.series.find((s) => s.type === 'Axial T2')!;
  await page.evaluate(
    ([studyId, seriesId, instanceNumber, x, y]) =>
      (window.__lumbarViewer as unknown as Hook).stores.points
        .getState()
        .add(
          { id: 'backend-1', studyId, seriesId, instanceNumber, x, y, condition: 'Right Subarticular Stenosis', level: 'L4/L5' },
          'backend',
        ),
    [study.id, axial.id, rss.instance_number, rss.x, rss.y] as const,
  );
  const afterAdd = await points(page);
  expect(afterAdd.changes).toBe(changes0 + 4); // the adapter did not echo the backend's point back
  expect(afterAdd.points[0]).toMatchObject({ id: 'backend-1', origin: 'backend', x: rss.x, y: rss.y });
  const index = axial.slices.findIndex((s) => s.instanceNumber === rss.instance_number);
  await page.evaluate((i) => (window.__lumbarViewer as unknown as Hook).session.scrollTo('ax-t2', i), index);
  await expect(page.locator('[data-viewport-id="ax-t2"] svg text').filter({ hasText: 'L4/L5 R-SS' })).toBeVisible();
  // ... at the canvas position of its pixel.
  const expectedAt = (await page.evaluate(([x, y]) => (window.__lumbarViewer as unknown as Hook).session.canvasOfPixel('ax-t2', x, y), [
    rss.x,
    rss.y,
  ] as const))!;
  const handle = await page.evaluate(() => {
    const c = document.querySelector('[data-viewport-id="ax-t2"] svg.svg-layer circle');
    return c ? [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))] : null;
  });
  expect(handle).not.toBeNull();
  expect(Math.abs(handle![0]! - expectedAt[0])).toBeLessThan(1);
  expect(Math.abs(handle![1]! - expectedAt[1])).toBeLessThan(1);
  await page.screenshot({ path: `${ART}/45-viewer-backend-point-on-axial.png` });
  expect((await points(page)).changes).toBe(changes0 + 4);
  expect(errors).toEqual([]);
});

test('layouts, linked sagittals, series drag-and-drop, the ladder and the cheat sheet', async ({ page }) => {
  const errors: string[] = [];
  await openFirstStudy(page, errors);
  // Linked: scrolling the sagittal T2 moves the sagittal T1 (same geometry), never the axial.
  const axIndex = (await sliceState(page, 'ax-t2'))!.index;
  await page.locator('[data-viewport-id="sag-t2"] .viewport-host').hover();
  await page.mouse.wheel(0, 120);
  await expect.poll(async () => (await sliceState(page, 'sag-t1'))!.index).toBe((await sliceState(page, 'sag-t2'))!.index);
  expect((await sliceState(page, 'sag-t2'))!.index).not.toBe(7);
  expect((await sliceState(page, 'ax-t2'))!.index).toBe(axIndex);
  // The ladder: every axial slice position on the sagittals.
  await page.keyboard.press('k');
  await expect(page.locator('[data-viewport-id="sag-t2"] line.ref-line.ladder')).toHaveCount(14);
  await page.screenshot({ path: `${ART}/46-viewer-ladder.png` });
  await page.keyboard.press('k');
  await expect(page.locator('[data-viewport-id="sag-t2"] line.ref-line.ladder')).toHaveCount(0);
  // 1-up by double-click, and back.
  const grid = (await page.locator('.viewport-grid').boundingBox())!;
  const axPane = page.locator('section[data-viewport-id="ax-t2"]');
  await axPane.locator('.viewport-host').dblclick();
  await expect.poll(async () => (await axPane.boundingBox())!.width).toBeGreaterThan(grid.width * 0.95);
  await expect.poll(async () => (await canvasStats(page, 'ax-t2')).width).toBeGreaterThan(grid.width * 0.9);
  await page.screenshot({ path: `${ART}/47-viewer-maximised.png` });
  await page.keyboard.press('m');
  await expect.poll(async () => (await axPane.boundingBox())!.width).toBeLessThan(grid.width * 0.5);
  // 2x2 with the localizer.
  await page.keyboard.press('g');
  await expect(page.locator('[data-viewport-id="loc"]')).toBeVisible();
  await expect.poll(async () => (await canvasStats(page, 'loc')).nonBlack).toBeGreaterThan(0.15);
  await page.screenshot({ path: `${ART}/48-viewer-2x2.png` });
  await page.keyboard.press('g');
  await expect(page.locator('[data-viewport-id="loc"]')).toHaveCount(0);
  // Drag the Sagittal T1 thumbnail onto the axial viewport.
  await page.locator('.series-tile', { hasText: 'SAG T1' }).dragTo(page.locator('[data-viewport-id="ax-t2"] .viewport-host'));
  await expect(page.locator('[data-viewport-id="ax-t2"] .overlay-series')).toHaveText('SAG T1');
  await expect(page.getByTestId('marker-left-ax-t2')).toHaveText('A');
  // The cheat sheet lists the registry.
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toContainText('Play / stop cine');
  await expect(sheet).toContainText('Shift+click');
  await page.screenshot({ path: `${ART}/49-viewer-cheat-sheet.png` });
  await page.keyboard.press('?');
  await expect(sheet).toHaveCount(0);
  expect(errors).toEqual([]);
});
