/**
 * Electron main: wires the setup modules together. Everything with logic lives in those modules (tested
 * under Node with a fake electron); this file only connects them to the real electron API.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen } from 'electron';
import { resolveDatabasePath } from '../annotations/storage/database.js';
import { startRuntime, type Runtime } from '../annotations/services/runtime.js';
import type { Handlers } from '../annotations/contract/contract.js';
import { isAppUrl, setupIpc } from './setup/ipc.js';
import { buildMenuTemplate } from './setup/menu.js';
import { registerPrivilegedScheme, setupProtocol } from './setup/protocol.js';
import { keepOnScreen, loadWindowState, saveWindowState } from './setup/window-state.js';
import { MENU_CHANNEL, type MenuCommand } from '../annotations/contract/methods.js';

const DEV_SERVER_URL = process.env['LUMBAR_DEV_SERVER_URL'];
let mainWindow: BrowserWindow | null = null;
let runtime: Runtime | null = null;

registerPrivilegedScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('Lumbar Grader', String(error));
    app.quit();
  });
}

function sendMenuCommand(command: MenuCommand): void {
  mainWindow?.webContents.send(MENU_CHANNEL, command);
}

async function start(): Promise<void> {
  const userDataDir = app.getPath('userData');
  const dbFlag = process.argv.find((a) => a.startsWith('--db='))?.slice('--db='.length);
  try {
    runtime = await startRuntime({
      databasePath: resolveDatabasePath(dbFlag, { ...process.env, LUMBAR_USER_DATA: userDataDir }),
      userDataDir,
      mode: 'electron',
      dicomBase: 'lumbar://dicom',
      version: app.getVersion(),
    });
  } catch (error) {
    dialog.showErrorBox('Lumbar Grader cannot start', error instanceof Error ? error.message : String(error));
    app.quit();
    return;
  }
  const distDir = path.join(app.getAppPath(), 'dist');
  setupProtocol({ protocol, files: runtime.files, distDir });

  const handlers: Handlers = {
    ...runtime.backend.handlers,
    pickFolder: async ({ title }) => {
      const options = { title: title ?? 'Open dataset folder', properties: ['openDirectory' as const] };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return { supported: true, folder: result.canceled ? null : (result.filePaths[0] ?? null) };
    },
  };
  setupIpc({
    ipcMain,
    handlers,
    isTrustedSender: (event) =>
      mainWindow !== null && event.sender === mainWindow.webContents && isAppUrl(event.senderFrame?.url ?? '', DEV_SERVER_URL),
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        appName: app.getName(),
        isMac: process.platform === 'darwin',
        openDatasetFolder: () => sendMenuCommand({ kind: 'open-dataset-folder' }),
        about: () => sendMenuCommand({ kind: 'about' }),
      }),
    ),
  );
  createMainWindow(path.join(userDataDir, 'window-state.json'));
}

function createMainWindow(stateFile: string): void {
  const state = keepOnScreen(
    loadWindowState(stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  mainWindow = new BrowserWindow({
    ...state,
    minWidth: 960,
    minHeight: 600,
    title: 'Lumbar Grader',
    backgroundColor: '#0f1115',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  if (state.maximized) mainWindow.maximize();
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  // The app never navigates away or opens other windows.
  mainWindow.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, DEV_SERVER_URL)) event.preventDefault();
  });
  mainWindow.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  mainWindow.on('close', () => {
    if (!mainWindow) return;
    saveWindowState(stateFile, { ...mainWindow.getNormalBounds(), maximized: mainWindow.isMaximized() });
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(DEV_SERVER_URL ?? 'lumbar://app/index.html');
}

app.on('window-all-closed', () => {
  runtime?.close();
  runtime = null;
  app.quit();
});
