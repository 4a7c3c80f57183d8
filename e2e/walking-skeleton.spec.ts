/**
 * A new user's first minutes: start the app (browser mode, fresh user data), see the demo studies,
 * open one, and see three rendered MR series that scroll and window.
 */
import { expect, test } from '@playwright/test';
import { startAppServer, type AppServer } from './support/app-server.js';
import { canvasStats } from './support/pixels.js';
import { createReaderThroughUi } from './support/readers.js';

let app: AppServer;
test.beforeAll(async () => {
  app = await startAppServer();
});
test.afterAll(async () => {
  await app?.stop();
});

const VIEWPORTS = ['sag-t2', 'sag-t1', 'ax-t2'] as const;

test('opens a demo study in three rendered viewports; scrolling changes the image', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Who is reading?' })).toBeVisible();
  await createReaderThroughUi(page, 'Dr New User', 'NU');
  // A new reader on the demo database gets the demo studies on their worklist.
  await expect(page.getByRole('list', { name: 'Worklist' }).getByRole('listitem')).toHaveCount(3);
  await page.screenshot({ path: 'e2e/artifacts/01-worklist.png' });

  await page.getByRole('list', { name: 'Worklist' }).getByRole('button').first().click();
  await page.waitForFunction(() => window.__lumbarViewer?.ready === true, undefined, { timeout: 30_000 });
  for (const id of VIEWPORTS) {
    await expect(page.getByTestId(`slice-${id}`)).toContainText('Slice');
    const stats = await canvasStats(page, id);
    // A rendered, windowed MR image: many non-black pixels and real contrast (not blank, not a flat grey).
    expect(stats.nonBlack, `${id} non-black share`).toBeGreaterThan(0.15);
    expect(stats.std, `${id} contrast`).toBeGreaterThan(15);
  }
  await page.screenshot({ path: 'e2e/artifacts/02-viewer-three-series.png' });

  const axial = page.locator('[data-viewport-id="ax-t2"] .viewport-host');
  const before = await canvasStats(page, 'ax-t2');
  const sliceBefore = await page.getByTestId('slice-ax-t2').textContent();
  await axial.hover();
  await page.mouse.wheel(0, 120);
  await expect(page.getByTestId('slice-ax-t2')).not.toHaveText(sliceBefore!);
  await expect.poll(async () => (await canvasStats(page, 'ax-t2')).hash).not.toBe(before.hash);
  await page.screenshot({ path: 'e2e/artifacts/03-axial-scrolled.png' });

  // Window/level: a left-drag changes the W/L overlay and the pixels.
  const sag = page.locator('[data-viewport-id="sag-t2"] .viewport-host');
  const wlBefore = await page.locator('[data-viewport-id="sag-t2"] .overlay.bottom-right').textContent();
  const sagBefore = await canvasStats(page, 'sag-t2');
  const box = (await sag.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 40, { steps: 8 });
  await page.mouse.up();
  await expect(page.locator('[data-viewport-id="sag-t2"] .overlay.bottom-right')).not.toHaveText(wlBefore!);
  expect((await canvasStats(page, 'sag-t2')).hash).not.toBe(sagBefore.hash);
  expect(errors).toEqual([]);
});

test("a study's details are fetched ahead: on the row under the pointer, and the worklist's next study while one is read", async ({
  page,
}) => {
  // The backend calls, over browser mode's WebSocket (or HTTP before it is open).
  const asked: number[] = [];
  const heard = (method: string, input: unknown) => method === 'getStudy' && asked.push((input as { studyId: number }).studyId);
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const call = JSON.parse(String(payload)) as { method: string; input: unknown };
      heard(call.method, call.input);
    }),
  );
  page.on('request', (r) => {
    const method = /\/api\/(\w+)$/.exec(r.url())?.[1];
    if (method) heard(method, JSON.parse(r.postData() ?? '{}'));
  });
  await page.goto(app.url);
  await createReaderThroughUi(page, 'Dr Ahead', 'DA');
  const rows = page.getByRole('list', { name: 'Worklist' }).getByRole('button');
  await expect(rows).toHaveCount(3);
  const [first, second] = await rows.evaluateAll((buttons) => buttons.map((b) => Number(b.getAttribute('data-study-id'))));
  const shown = () =>
    page.evaluate(() => window.__lumbarViewer?.ready === true && (window.__lumbarViewer.session as { study: { id: number } }).study.id);

  await rows.first().hover();
  await expect.poll(() => asked).toEqual([first]);
  await rows.first().click();
  await expect.poll(shown).toBe(first);
  // The click asked nothing more for it; while it is read, the next study to do is fetched.
  await expect.poll(() => asked).toEqual([first, second]);
  await expect(page.getByTestId('slice-ax-t2')).toContainText('Slice');

  await rows.nth(1).hover();
  await rows.nth(1).click();
  await expect.poll(shown).toBe(second);
  expect(asked.filter((id) => id === second)).toHaveLength(1);
  for (const id of VIEWPORTS) expect((await canvasStats(page, id)).nonBlack, `${id} shows the second study`).toBeGreaterThan(0.15);
});

test('refuses the API and the page without the token', async ({ request }) => {
  const api = await request.post(`${app.origin}/api/listStudies`, { data: {} });
  expect(api.status()).toBe(401);
  const page = await request.get(`${app.origin}/`);
  expect(page.status()).toBe(401);
});
