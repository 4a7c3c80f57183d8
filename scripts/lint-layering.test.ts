/** The layering rules in eslint.config.js really fire (lint can fail on a layering mistake). */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function messages(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, relativePath) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering rules', () => {
  it('annotations/ may not import electron, react, zustand or Cornerstone', async () => {
    for (const pkg of ['electron', 'react', 'zustand', '@cornerstonejs/core']) {
      expect(await messages('annotations/services/x.ts', `import '${pkg}';\n`)).toEqual([expect.stringMatching(/no-restricted-imports/)]);
    }
  });

  it('annotations/ may not import the renderer or the Electron shell', async () => {
    expect(await messages('annotations/services/x.ts', "import '../../renderer/src/main.js';\n")).toEqual([
      expect.stringMatching(/no-restricted-imports/),
    ]);
  });

  it('the pure core (domain, contract) may not import Node built-ins', async () => {
    expect(await messages('annotations/domain/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toEqual([
      expect.stringMatching(/no-restricted-imports/),
    ]);
    expect(await messages('annotations/storage/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toEqual([]);
  });

  it('the renderer may not import Node built-ins, electron, or backend modules', async () => {
    expect(await messages('renderer/src/x.ts', "import fs from 'fs';\nexport const f = fs;\n")).toEqual([
      expect.stringMatching(/no-restricted-imports/),
    ]);
    expect(await messages('renderer/src/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringMatching(/no-restricted-imports/),
    ]);
    expect(
      await messages(
        'renderer/src/x.ts',
        "import { openDatabase } from '../../annotations/storage/database.js';\nexport const o = openDatabase;\n",
      ),
    ).toEqual([expect.stringMatching(/no-restricted-imports/)]);
  });
});
