import fs from 'node:fs';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, ipcChannel } from '../../annotations/contract/methods.js';
import type { Handlers } from '../../annotations/contract/contract.js';
import { tempDir, writeFile } from '../../annotations/test-support/dicom-files.js';
import { isAppUrl, setupIpc } from './ipc.js';
import { buildMenuTemplate } from './menu.js';
import { registerPrivilegedScheme, resolveLumbarUrl, respond } from './protocol.js';
import { DEFAULT_WINDOW_STATE, keepOnScreen, loadWindowState, saveWindowState } from './window-state.js';

type Listener = (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>;
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel: string, listener: Listener) => void handlers.set(channel, listener),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}
const event = (trusted: boolean) => ({ trusted }) as unknown as IpcMainInvokeEvent;
const handlers = { getStudy: vi.fn(async ({ studyId }: { studyId: number }) => ({ id: studyId })) } as unknown as Handlers;

describe('setupIpc', () => {
  it('registers exactly one handler per contract method and removes them on dispose', () => {
    const ipcMain = fakeIpcMain();
    const dispose = setupIpc({ ipcMain, handlers, isTrustedSender: () => true });
    expect([...ipcMain.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort());
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('refuses untrusted senders and invalid payloads, and dispatches valid calls', async () => {
    const ipcMain = fakeIpcMain();
    setupIpc({ ipcMain, handlers, isTrustedSender: (e) => (e as unknown as { trusted: boolean }).trusted });
    const call = ipcMain.handlers.get(ipcChannel('getStudy'))!;
    expect(await call(event(false), { studyId: 1 })).toMatchObject({ ok: false, error: { message: /untrusted/ } });
    expect(await call(event(true), { studyId: -3 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call(event(true), { studyId: 4, extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call(event(true), { studyId: 4 })).toEqual({ ok: true, value: { id: 4 } });
  });

  it('trusts only the app origin (and the dev server when configured)', () => {
    expect(isAppUrl('lumbar://app/index.html')).toBe(true);
    expect(isAppUrl('https://evil.example/')).toBe(false);
    expect(isAppUrl('lumbar://dicom/1/x.dcm')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', 'http://127.0.0.1:5173')).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5173/', '')).toBe(false);
  });
});

describe('lumbar:// protocol', () => {
  const root = tempDir('lumbar-proto-');
  const dist = tempDir('lumbar-proto-dist-');
  writeFile(root, 'a/1.dcm', 'DICM');
  writeFile(root, 'a/notes.txt', 'x');
  writeFile(dist, 'index.html', '<html></html>');
  const files = { datasetRoot: (id: number) => (id === 1 ? root : undefined), isIndexedFile: (_: number, p: string) => p === 'a/1.dcm' };

  it('registers one privileged, standard, secure scheme with fetch support', () => {
    const register = vi.fn();
    registerPrivilegedScheme({ registerSchemesAsPrivileged: register });
    expect(register).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'lumbar',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      }),
    ]);
  });

  it('serves the renderer and indexed DICOM files, and refuses the rest', () => {
    expect(resolveLumbarUrl('lumbar://app/index.html', files, dist)).toMatchObject({ ok: true, file: path.join(dist, 'index.html') });
    expect(resolveLumbarUrl('lumbar://dicom/1/a/1.dcm', files, dist)).toMatchObject({ ok: true, contentType: 'application/dicom' });
    expect(resolveLumbarUrl('lumbar://dicom/1/a/notes.txt', files, dist)).toMatchObject({ ok: false, status: 404 });
    expect(resolveLumbarUrl('lumbar://dicom/1/a/%2e%2e/%2e%2e/etc/passwd', files, dist)).toMatchObject({ ok: false, status: 403 });
    expect(resolveLumbarUrl('lumbar://app/%2e%2e/package.json', files, dist)).toMatchObject({ ok: false, status: 403 });
    expect(resolveLumbarUrl('lumbar://other/x', files, dist)).toMatchObject({ ok: false, status: 404 });
  });

  it('answers 404 for an indexed file deleted since, 500 with the reason for an unreadable one', async () => {
    const ok = await respond(resolveLumbarUrl('lumbar://dicom/1/a/1.dcm', files, dist));
    expect([ok.status, await ok.text(), ok.headers.get('content-type')]).toEqual([200, 'DICM', 'application/dicom']);
    const gone = await respond({ ok: true, file: path.join(root, 'a/deleted.dcm'), contentType: 'application/dicom' });
    expect([gone.status, await gone.text()]).toEqual([404, 'not found']);
    const folder = await respond({ ok: true, file: path.join(root, 'a'), contentType: 'application/dicom' });
    expect(folder.status).toBe(500);
    expect(await folder.text()).toMatch(/^cannot read the file \(EISDIR\)/);
  });
});

describe('application menu', () => {
  it('has File > Open Dataset Folder (Ctrl/Cmd+O), Quit, and Help > About', () => {
    const openDatasetFolder = vi.fn();
    const about = vi.fn();
    const template = buildMenuTemplate({ appName: 'Lumbar Grader', isMac: false, openDatasetFolder, about });
    const file = template.find((m) => m.label === 'File')!;
    const items = file.submenu as Array<{ label?: string; accelerator?: string; role?: string; click?: () => void }>;
    const open = items.find((i) => i.label === 'Open Dataset Folder…')!;
    expect(open.accelerator).toBe('CmdOrCtrl+O');
    open.click!();
    expect(openDatasetFolder).toHaveBeenCalledOnce();
    expect(items.some((i) => i.role === 'quit')).toBe(true);
    const help = template.find((m) => m.label === 'Help')!.submenu as Array<{ click?: () => void }>;
    help[0]!.click!();
    expect(about).toHaveBeenCalledOnce();
  });
});

describe('window state', () => {
  it('round-trips, falls back to defaults on garbage, and drops positions off every display', () => {
    const dir = tempDir('lumbar-ws-');
    const file = path.join(dir, 'window-state.json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    saveWindowState(file, { x: 10, y: 20, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(file)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
    fs.writeFileSync(file, '{not json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(keepOnScreen({ x: 100, y: 100, width: 900, height: 700, maximized: false }, screen)).toHaveProperty('x', 100);
    expect(keepOnScreen({ x: 3000, y: 100, width: 900, height: 700, maximized: false }, screen)).not.toHaveProperty('x');
  });
});
