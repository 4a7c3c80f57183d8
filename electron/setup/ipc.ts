/**
 * IPC: one `ipcMain.handle` per contract method, each checking that the sender is one of the app's own
 * windows showing the app's own page, then validating and dispatching through the contract.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { dispatch, type Envelope, type Handlers } from '../../annotations/contract/contract.js';
import { METHOD_NAMES, ipcChannel } from '../../annotations/contract/methods.js';

export interface IpcDeps {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly handlers: Handlers;
  readonly isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
}

export function setupIpc({ ipcMain, handlers, isTrustedSender }: IpcDeps): () => void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event, payload: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'bad-request', message: 'request from an untrusted frame refused' } };
      }
      return dispatch(handlers, name, payload);
    });
  }
  return () => {
    for (const name of METHOD_NAMES) ipcMain.removeHandler(ipcChannel(name));
  };
}

/** Trusted: the app's page (the `lumbar://app/` origin, or the dev server in development). */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  if (url.startsWith('lumbar://app/')) return true;
  return devServerUrl !== undefined && devServerUrl !== '' && url.startsWith(devServerUrl);
}
