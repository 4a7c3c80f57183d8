/**
 * electron-builder.yml is checked with electron-builder's own loader and schema validation (any unknown
 * or mistyped key fails), since no installer can be built on a machine without the Electron download.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';

const root = path.resolve(import.meta.dirname, '..');

describe('electron-builder.yml', () => {
  it('passes electron-builder validation', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.asarUnpack).toContain('**/*.node');
    expect(fs.existsSync(path.join(root, String(config.linux?.icon)))).toBe(true);
  });

  it('rejects an unknown key (the validation can fail)', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration({ ...config, bogusKey: true } as never, new DebugLogger(false))).rejects.toThrow(/bogusKey/);
  });

  it('ships only the built app: every runtime dependency is native and unpacked', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      main: string;
    };
    expect(Object.keys(pkg.dependencies)).toEqual(['better-sqlite3']);
    expect(pkg.main).toBe('dist-electron/main.cjs');
  });
});
