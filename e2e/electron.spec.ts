/**
 * The desktop shell itself, through Playwright's Electron driver. Runs wherever the Electron binary is
 * installed; on machines without it (it is downloaded from GitHub at install time) it reports skipped,
 * with the reason.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { _electron as electron, expect, test } from '@playwright/test';

const require = createRequire(import.meta.url);
function electronBinary(): string | undefined {
  try {
    return require('electron') as unknown as string;
  } catch {
    return undefined;
  }
}
const binary = electronBinary();
const root = path.resolve(import.meta.dirname, '..');

test.skip(
  !binary,
  'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or no access to its download): desktop shell not testable here',
);

test('the desktop app opens a demo study with the same UI', async () => {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbar-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [root, `--user-data-dir=${userData}`],
    env: { ...process.env, LUMBAR_USER_DATA: userData },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('list', { name: 'Studies' }).getByRole('button')).toHaveCount(3);
    await page.getByRole('list', { name: 'Studies' }).getByRole('button').first().click();
    await page.waitForFunction(() => window.__lumbarViewer?.ready === true);
    // The slices came through the lumbar:// scheme (fetched: the scheme is registered with supportFetchAPI).
    await expect(page.locator('.overlay.center.error')).toHaveCount(0);
    for (const id of ['sag-t2', 'sag-t1', 'ax-t2'] as const) {
      const cached = await page.evaluate(
        (v) => (window.__lumbarViewer!.session as { cachedCount(id: string): { cached: number } }).cachedCount(v).cached,
        id,
      );
      expect(cached).toBeGreaterThan(0);
    }
    await page.screenshot({ path: 'e2e/artifacts/electron-viewer.png' });
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
});
