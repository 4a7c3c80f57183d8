/**
 * The renderer's one way to the backend. At start-up it picks Electron IPC (the preload exposed
 * `window.lumbar`) or browser mode (HTTP on the same origin); the rest of the UI only sees `Api`.
 */
import type { Api, Envelope } from '../../../annotations/contract/contract';
import { METHOD_NAMES, type MenuCommand, type MethodName } from '../../../annotations/contract/methods';

/** The preload's bridge: exactly one function per method, each returning the contract's envelope. */
export type ElectronBridge = { [K in MethodName]: (input: unknown) => Promise<Envelope<unknown>> };

declare global {
  interface Window {
    lumbar?: ElectronBridge;
    lumbarMenu?: { onCommand(callback: (command: MenuCommand) => void): () => void };
  }
}

export class BackendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new BackendError(envelope.error.code, envelope.error.message);
}

function fromCaller(call: (name: MethodName, input: unknown) => Promise<Envelope<unknown>>): Api {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of METHOD_NAMES) api[name] = async (input) => unwrap(await call(name, input));
  return api as Api;
}

export function electronApi(bridge: ElectronBridge): Api {
  return fromCaller((name, input) => bridge[name](input));
}

export function httpApi(origin = ''): Api {
  return fromCaller(async (name, input) => {
    let response: Response;
    try {
      response = await fetch(`${origin}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      });
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: `backend unreachable: ${String(error)}` } };
    }
    if (response.status === 401) {
      return { ok: false, error: { code: 'internal', message: 'not authorised: open the URL printed at start-up' } };
    }
    return (await response.json()) as Envelope<unknown>;
  });
}

export const api: Api = typeof window !== 'undefined' && window.lumbar ? electronApi(window.lumbar) : httpApi();
