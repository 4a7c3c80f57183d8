/**
 * The preload (sandboxed, context-isolated): exposes exactly the contract's methods as `window.lumbar`,
 * and menu commands as `window.lumbarMenu.onCommand`. Never raw ipcRenderer. Bundled to one CommonJS file
 * that requires only 'electron' (a sandboxed preload can require nothing else).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { MENU_CHANNEL, METHOD_NAMES, ipcChannel, type MenuCommand } from '../annotations/contract/methods.js';

const bridge: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const name of METHOD_NAMES) bridge[name] = (input) => ipcRenderer.invoke(ipcChannel(name), input);
contextBridge.exposeInMainWorld('lumbar', Object.freeze(bridge));

contextBridge.exposeInMainWorld(
  'lumbarMenu',
  Object.freeze({
    onCommand(callback: (command: MenuCommand) => void): () => void {
      const listener = (_event: unknown, command: MenuCommand) => callback(command);
      ipcRenderer.on(MENU_CHANNEL, listener);
      return () => ipcRenderer.removeListener(MENU_CHANNEL, listener);
    },
  }),
);
