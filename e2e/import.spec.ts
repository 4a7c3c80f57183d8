/**
 * Opening a dataset folder through the UI (browser mode: the path field), watching the progress, and
 * seeing the summary, the problems panel and the new study in the list; then overriding a series type.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { makeMrSlice, writeFile } from '../annotations/test-support/dicom-files.js';
import { startAppServer, type AppServer } from './support/app-server.js';
import { createReaderThroughUi } from './support/readers.js';

let app: AppServer;
let dataset: string;
test.beforeAll(async () => {
  app = await startAppServer();
  dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbar-e2e-import-'));
  // A Kaggle-layout study with a sagittal T2 and an axial, plus broken files.
  for (let i = 1; i <= 6; i++) {
    writeFile(
      dataset,
      `train_images/1234567/111/${i}.dcm`,
      makeMrSlice({ seriesUid: '2.25.111', instanceNumber: i, seriesDescription: 'SAG T2', ipp: [(i - 3) * 4, -100, 100] }),
    );
    writeFile(
      dataset,
      `train_images/1234567/222/${i}.dcm`,
      makeMrSlice({
        seriesUid: '2.25.222',
        instanceNumber: i,
        seriesDescription: 'AX T2',
        iop: [1, 0, 0, 0, 1, 0],
        ipp: [-100, -100, i * 4],
      }),
    );
  }
  writeFile(dataset, 'train_images/1234567/222/7.dcm', makeMrSlice().subarray(0, 300));
  writeFile(dataset, 'train_images/notes.txt', 'exported from PACS on Monday'.repeat(10));
});
test.afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataset, { recursive: true, force: true });
});

test('imports a folder through the UI with progress, summary and problems', async ({ page }) => {
  await page.goto(app.url);
  await createReaderThroughUi(page, 'Dr Import Lead', 'IL', 'qa_lead');
  await expect(page.getByRole('list', { name: 'Studies' }).getByRole('button')).toHaveCount(3);
  await page.keyboard.press('Control+o');
  const dialog = page.getByRole('dialog', { name: 'Open dataset folder' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(/Folder on this computer/).fill(dataset);
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByTestId('import-counters')).toContainText('done');
  await expect(dialog.getByTestId('import-summary')).toContainText('1 study, 2 series, 12 images (kaggle layout)');
  await expect(dialog.getByRole('list', { name: 'Import problems' }).getByRole('listitem')).toHaveCount(2);
  await expect(dialog.getByRole('list', { name: 'Import problems' })).toContainText('truncated');
  await expect(dialog.getByRole('list', { name: 'Import problems' })).toContainText('not-dicom');
  await page.screenshot({ path: 'e2e/artifacts/04-import-summary.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();

  const item = page.getByRole('list', { name: 'Studies' }).getByRole('button', { name: /1234567/ });
  await expect(item).toContainText('no Sagittal T1 series');
  await item.click();
  // The study opens with its missing viewport explained, and its series types are editable.
  await expect(page.locator('[data-viewport-id="sag-t1"]')).toContainText('No Sagittal T1 series in this study');
  const typeOfSag = page.getByLabel('Type of series SAG T2');
  await expect(typeOfSag).toHaveValue('Sagittal T2/STIR');
  await typeOfSag.selectOption('Sagittal T1');
  await expect(page.locator('[data-viewport-id="sag-t1"]')).not.toContainText('No Sagittal T1 series');
  await expect(page.locator('[data-viewport-id="sag-t2"]')).toContainText('No Sagittal T2/STIR series in this study');
  await page.screenshot({ path: 'e2e/artifacts/05-series-type-override.png' });

  // The override survives a re-import of the same folder, which reads nothing again.
  await page.keyboard.press('Control+o');
  await dialog.getByLabel(/Folder on this computer/).fill(dataset);
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByTestId('import-summary')).toContainText('0 files read, 14 unchanged');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByLabel('Type of series SAG T2')).toHaveValue('Sagittal T1');
});

test('a folder that does not exist is reported, not crashed on', async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Open dataset folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open dataset folder' });
  await dialog.getByLabel(/Folder on this computer/).fill('/no/such/folder');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByRole('alert')).toContainText('folder not found: /no/such/folder');
});
