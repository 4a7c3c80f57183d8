/**
 * `npm run bench:grading`: grade keystroke to visible update, where the update appears only after the
 * backend has committed the change to SQLite (so it also times the durable write).
 *
 * In Chromium against browser mode: a reader grades all 25 cells of a demo study, then presses grade keys
 * on one cell N times; each time the page measures keydown -> the cell's DOM showing the new grade
 * (MutationObserver, performance.now). Baseline in the same page: a bare API round-trip (getAppInfo).
 * Ends with one JSON line.
 */
import fs from 'node:fs';
import { chromium } from '@playwright/test';
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

const app = await startAppServer();
const browser = await chromium.launch({
  ...(executablePath ? { executablePath } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(app.url);
  await createReaderThroughUi(page, 'Bench Reader', 'BR');
  await page.keyboard.press('n');
  await page.getByRole('table', { name: 'Grading grid' }).waitFor();
  for (let i = 0; i < 25; i++) await page.keyboard.press('z');
  await page.getByTestId('decided-count').filter({ hasText: '25 / 25' }).waitFor();

  // In-page code as a string: tsx would inject helpers (__name) into a function passed to evaluate.
  const keyMs = (await page.evaluate(`(async (n) => {
    const times = [];
    for (let i = 0; i < n; i++) {
      const key = i % 2 === 0 ? 'x' : 'z';
      const want = key === 'x' ? 'Moderate' : 'Normal/Mild';
      const cell = document.querySelector('.grading-grid .cell.selected');
      const done = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if ((cell.getAttribute('aria-label') || '').includes(': ' + want)) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(cell, { attributes: true, characterData: true, childList: true, subtree: true });
      });
      const t0 = performance.now();
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      times.push((await done) - t0);
    }
    return times;
  })(${N})`)) as number[];

  const baselineMs = (await page.evaluate(`(async (n) => {
    const times = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fetch('/api/getAppInfo', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then((r) => r.json());
      times.push(performance.now() - t0);
    }
    return times;
  })(${N})`)) as number[];

  const p50 = quantile(keyMs, 0.5);
  const p95 = quantile(keyMs, 0.95);
  const b50 = quantile(baselineMs, 0.5);
  const b95 = quantile(baselineMs, 0.95);
  console.log(
    `grade key -> saved and shown (n=${N}): p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${Math.max(...keyMs).toFixed(2)} ms`,
  );
  console.log(`baseline, bare API round-trip:          p50 ${b50.toFixed(2)} ms, p95 ${b95.toFixed(2)} ms`);
  console.log(
    JSON.stringify({
      bench: 'grading',
      keys: N,
      p50_ms: Math.round(p50 * 100) / 100,
      p95_ms: Math.round(p95 * 100) / 100,
      baseline_roundtrip_p95_ms: Math.round(b95 * 100) / 100,
      ratio: Math.round((p95 / b95) * 100) / 100,
      goal: 'p95 <= 16.7 ms',
    }),
  );
} finally {
  await browser.close();
  await app.stop();
}
