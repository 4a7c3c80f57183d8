/** The native application menu: File (Open dataset folder…, Quit), View, Help (About). */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  readonly appName: string;
  readonly isMac: boolean;
  openDatasetFolder(): void;
  about(): void;
}

export function buildMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (actions.isMac) template.push({ label: actions.appName, submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'quit' }] });
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Open Dataset Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.openDatasetFolder() },
        { type: 'separator' },
        actions.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Help', submenu: [{ label: `About ${actions.appName}`, click: () => actions.about() }] },
  );
  return template;
}
