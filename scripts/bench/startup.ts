/**
 * `npm run bench:startup`: browser mode, from nothing to the first image.
 *
 * Measures (median of N runs, each a fresh user-data folder = a new user): server start to URL printed
 * (includes generating + indexing the demo dataset on first start), page load to the first screen, and a
 * worklist click to all three viewports rendered. Baseline in the same page: fetching the same three middle slices
 * raw (`fetch` + `arrayBuffer`). Ends with one JSON line.
 */
import fs from 'node:fs';
import { chromium } from '@playwright/test';
import { startAppServer } from '../../e2e/support/app-server.js';
import { createReaderThroughUi } from '../../e2e/support/readers.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const executablePath = ['/usr/bin/chromium'].find((p) => fs.existsSync(p));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const serverStart: number[] = [];
const listShown: number[] = [];
const studyOpen: number[] = [];
const baseline: number[] = [];
const browser = await chromium.launch({
  ...(executablePath ? { executablePath } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader'],
});
for (let run = 0; run < RUNS; run++) {
  const t0 = performance.now();
  const app = await startAppServer();
  serverStart.push(performance.now() - t0);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const t1 = performance.now();
  await page.goto(app.url);
  await page.getByRole('heading', { name: 'Who is reading?' }).waitFor();
  listShown.push(performance.now() - t1);
  await createReaderThroughUi(page, 'Bench Reader', 'BR');
  await page.getByRole('list', { name: 'Worklist' }).getByRole('button').first().waitFor();
  // Baseline: the raw bytes of the three slices the viewer will show first, fetched by the same page.
  // In-page code as strings: tsx would inject helpers (__name) into functions passed to evaluate.
  const paths = (await page.evaluate(`(async () => {
    const post = (name, body) =>
      fetch('/api/' + name, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }).then((r) => r.json());
    const studies = (await post('listStudies', {})).value;
    const study = (await post('getStudy', { studyId: studies[0].id })).value;
    return study.series
      .filter((s) => s.type !== 'Other')
      .map((s) => '/dicom/' + study.datasetId + '/' + s.slices[Math.floor(s.slices.length / 2)].path);
  })()`)) as string[];
  baseline.push(
    (await page.evaluate(`(async (urls) => {
      const t = performance.now();
      await Promise.all(urls.map((u) => fetch(u + '?nocache=' + Math.random()).then((r) => r.arrayBuffer())));
      return performance.now() - t;
    })(${JSON.stringify(paths)})`)) as number,
  );
  const t2 = performance.now();
  await page.getByRole('list', { name: 'Worklist' }).getByRole('button').first().click();
  await page.waitForFunction(() => window.__lumbarViewer?.ready === true, undefined, { timeout: 60_000 });
  studyOpen.push(performance.now() - t2);
  await page.close();
  await app.stop();
}
await browser.close();

const figures = {
  bench: 'startup',
  runs: RUNS,
  server_start_ms: Math.round(median(serverStart)),
  study_list_ms: Math.round(median(listShown)),
  open_study_ms: Math.round(median(studyOpen)),
  baseline_fetch_3_slices_ms: Math.round(median(baseline) * 10) / 10,
  first_image_total_ms: Math.round(median(serverStart) + median(listShown) + median(studyOpen)),
};
console.log(`server start (incl. demo generation + indexing): ${figures.server_start_ms} ms`);
console.log(`page load to first screen (reader picker):       ${figures.study_list_ms} ms`);
console.log(`study click to 3 viewports rendered:             ${figures.open_study_ms} ms`);
console.log(`baseline, raw fetch of the same 3 slices:        ${figures.baseline_fetch_3_slices_ms} ms`);
const ratio = Math.round((median(studyOpen) / Math.max(1, median(baseline))) * 100) / 100;
console.log(JSON.stringify({ ...figures, ratio, goal: 'first image total < 10000 ms' }));
