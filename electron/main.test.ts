/**
 * The main entry wired against a fake electron: single-instance lock, privileged scheme, secure window,
 * IPC registered for every method, protocol handled, menu set.
 */
import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, ipcChannel } from '../annotations/contract/methods.js';

const fake = vi.hoisted(() => {
  const windows: Array<{ options: Record<string, unknown>; url?: string }> = [];
  const ipcHandlers = new Map<string, unknown>();
  let whenReadyResolve: () => void = () => {};
  const whenReady = new Promise<void>((resolve) => (whenReadyResolve = resolve));
  class BrowserWindow {
    webContents = { on: () => {}, setWindowOpenHandler: () => {}, send: () => {} };
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this as unknown as { options: Record<string, unknown> });
    }
    maximize() {}
    once() {}
    on() {}
    loadURL(url: string) {
      (this as unknown as { url: string }).url = url;
      return Promise.resolve();
    }
  }
  return {
    windows,
    ipcHandlers,
    resolveReady: () => whenReadyResolve(),
    app: {
      requestSingleInstanceLock: vi.fn(() => true),
      on: vi.fn(),
      quit: vi.fn(),
      whenReady: () => whenReady,
      getPath: () => '/tmp/lumbar-fake-user-data',
      getAppPath: () => '/tmp/lumbar-fake-app',
      getVersion: () => '9.9.9',
      getName: () => 'Lumbar Grader',
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn(), unhandle: vi.fn() },
    ipcMain: { handle: (channel: string, fn: unknown) => ipcHandlers.set(channel, fn), removeHandler: vi.fn() },
    Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((t: unknown) => t) },
    dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    BrowserWindow,
  };
});

vi.mock('electron', () => fake);
vi.mock('../annotations/services/runtime.js', () => ({
  startRuntime: vi.fn(async () => ({
    backend: { handlers: {} },
    files: { datasetRoot: () => undefined, isIndexedFile: () => false },
    close: vi.fn(),
  })),
}));

describe('electron main', () => {
  it('wires a secure window, the scheme, IPC for every method and the menu', async () => {
    await import('./main.js');
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    fake.resolveReady();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    const prefs = fake.windows[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(prefs['preload'])).toMatch(/preload\.cjs$/);
    expect(fake.windows[0]!.url).toBe('lumbar://app/index.html');
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort());
    expect(fake.protocol.handle).toHaveBeenCalledWith('lumbar', expect.any(Function));
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledOnce();
  });
});
