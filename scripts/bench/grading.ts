/**
 * `npm run bench:grading`: grade keystroke to visible update, where the update appears only after the
 * backend has committed the change to SQLite (so it also times the durable write).
 *
 * In Chromium against browser mode: a reader grades all 25 cells of a demo study, then presses grade keys
 * on one cell N times; each time the page measures keydown -> the cell's DOM showing the new grade
 * (MutationObserver, performance.now), and -> the start of the frame that draws it.
 * - Paced (the headline): before each key the previous update has been painted and the page is idle, as
 *   when a reader's next key comes a moment later.
 * - Back-to-back (stress): the next key goes the instant the cell changed, so each measurement also carries
 *   the previous update's layout and paint.
 * - Over HTTP (the transport before the API socket, for comparison): the same paced run in a second page
 *   without WebSocket, so the app falls back to one HTTP request per call; its resource timing splits
 *   the time into request, backend (Server-Timing) and rendering.
 * Baselines in the same page: a bare call (getAppInfo) over the API socket and over HTTP. Ends with one
 * JSON line; `ratio` is the paced p95 over the bare socket call's p95.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startAppServer } from '../../e2e/support/app-server.js';
import { createReaderThroughUi } from '../../e2e/support/readers.js';

const N = Number(process.env['BENCH_KEYS'] ?? 200);
const executablePath = ['/usr/bin/chromium'].find((p) => fs.existsSync(p));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
};
const r2 = (x: number) => Math.round(x * 100) / 100;
const p50p95 = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(2)} ms, p95 ${quantile(xs, 0.95).toFixed(2)} ms`;

interface KeyTiming {
  total: number;
  frame: number;
  toRequest: number;
  http: number;
  backend: number;
  afterResponse: number;
}

/** A new reader in a new browser context, on a demo study with all 25 cells graded. */
async function readerPage(browser: Browser, url: string, name: string, overHttp: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  // Without WebSocket in the page the app stays on its HTTP fallback.
  if (overHttp) await page.addInitScript('delete window.WebSocket');
  await page.goto(url);
  await createReaderThroughUi(page, name, name.slice(0, 2).toUpperCase());
  await page.keyboard.press('n');
  await page.getByRole('table', { name: 'Grading grid' }).waitFor();
  for (let i = 0; i < 25; i++) await page.keyboard.press('z');
  await page.getByTestId('decided-count').filter({ hasText: '25 / 25' }).waitFor();
  return page;
}

// In-page code as a string: tsx would inject helpers (__name) into a function passed to evaluate.
const measureKeys = async (page: Page, paced: boolean) =>
  (await page.evaluate(`(async (n, paced) => {
    // A random wait within a frame: keys do not come in step with the display (a fixed wait would put every
    // key at the same point of the frame and make the time to the next frame look constant).
    const settle = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30 + Math.random() * 16.7))));
    const times = [];
    for (let i = 0; i < n; i++) {
      if (paced) await settle();
      const key = i % 2 === 0 ? 'x' : 'z';
      const want = key === 'x' ? 'Moderate' : 'Normal/Mild';
      const cell = document.querySelector('.grading-grid .cell.selected');
      const done = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if ((cell.getAttribute('aria-label') || '').includes(': ' + want)) {
            observer.disconnect();
            const shown = performance.now();
            // The frame that draws the change: its animation-frame callbacks run just before its paint.
            requestAnimationFrame(() => resolve({ shown, frame: performance.now() }));
          }
        });
        observer.observe(cell, { attributes: true, characterData: true, childList: true, subtree: true });
      });
      performance.clearResourceTimings();
      const t0 = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      const { shown, frame } = await done;
      const r = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/setLabel'));
      times.push({
        total: shown - t0,
        frame: frame - t0,
        toRequest: r ? r.startTime - t0 : NaN,
        http: r ? r.responseEnd - r.startTime : NaN,
        backend: r && r.serverTiming[0] ? r.serverTiming[0].duration : NaN,
        afterResponse: r ? shown - r.responseEnd : NaN,
      });
    }
    return times;
  })(${N}, ${paced})`)) as KeyTiming[];

// Bare calls (getAppInfo) over the API socket and over HTTP, paced like the keys.
const measureBaselines = async (page: Page) =>
  (await page.evaluate(`(async (n) => {
    const settle = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30))));
    const ws = new WebSocket(location.origin.replace('http', 'ws') + '/api/socket');
    await new Promise((r) => (ws.onopen = r));
    const socket = [];
    const http = [];
    for (let i = 0; i < n; i++) {
      await settle();
      let t0 = performance.now();
      await new Promise((r) => { ws.onmessage = (e) => r(JSON.parse(e.data)); ws.send(JSON.stringify({ id: i, method: 'getAppInfo', input: {} })); });
      socket.push(performance.now() - t0);
      await settle();
      t0 = performance.now();
      await fetch('/api/getAppInfo', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then((r) => r.json());
      http.push(performance.now() - t0);
    }
    ws.close();
    return { socket, http };
  })(${N})`)) as { socket: number[]; http: number[] };

const app = await startAppServer();
const browser = await chromium.launch({
  ...(executablePath ? { executablePath } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader'],
});
try {
  const page = await readerPage(browser, app.url, 'Bench Reader', false);
  const paced = await measureKeys(page, true);
  const backToBack = await measureKeys(page, false);
  const baseline = await measureBaselines(page);
  const httpPage = await readerPage(browser, app.url, 'Http Reader', true);
  const overHttp = await measureKeys(httpPage, true);
  if (!overHttp.every((t) => Number.isFinite(t.http))) throw new Error('the HTTP run did not go over HTTP');
  if (paced.some((t) => Number.isFinite(t.http))) throw new Error('the socket run went over HTTP');

  const keyMs = paced.map((t) => t.total);
  const p95 = quantile(keyMs, 0.95);
  const socketP95 = quantile(baseline.socket, 0.95);
  const of = (ts: KeyTiming[], k: keyof KeyTiming) => p50p95(ts.map((t) => t[k]));
  console.log(`grade key -> saved and shown, paced (n=${N}):  ${of(paced, 'total')}, max ${Math.max(...keyMs).toFixed(2)} ms`);
  console.log(`  key -> the frame that draws it begins:      ${of(paced, 'frame')} (waits for the display's next frame)`);
  console.log(`back-to-back keys (no pause):                 ${of(backToBack, 'total')}`);
  console.log(`the same paced run over HTTP:                 ${of(overHttp, 'total')}`);
  console.log(`  key -> request sent:                        ${of(overHttp, 'toRequest')}`);
  console.log(`  request -> response:                        ${of(overHttp, 'http')}`);
  console.log(`    of which the backend (Server-Timing):     ${of(overHttp, 'backend')}`);
  console.log(`  response -> cell shows the grade:           ${of(overHttp, 'afterResponse')}`);
  console.log(`baseline, bare call over the API socket:      ${p50p95(baseline.socket)}`);
  console.log(`baseline, bare call over HTTP:                ${p50p95(baseline.http)}`);
  console.log(
    JSON.stringify({
      bench: 'grading',
      keys: N,
      p50_ms: r2(quantile(keyMs, 0.5)),
      p95_ms: r2(p95),
      frame_p95_ms: r2(
        quantile(
          paced.map((t) => t.frame),
          0.95,
        ),
      ),
      back_to_back_p95_ms: r2(
        quantile(
          backToBack.map((t) => t.total),
          0.95,
        ),
      ),
      http_p95_ms: r2(
        quantile(
          overHttp.map((t) => t.total),
          0.95,
        ),
      ),
      baseline_socket_p95_ms: r2(socketP95),
      baseline_http_p95_ms: r2(quantile(baseline.http, 0.95)),
      ratio: r2(p95 / socketP95),
      goal: 'p95 <= 16.7 ms',
    }),
  );
} finally {
  await browser.close();
  await app.stop();
}
