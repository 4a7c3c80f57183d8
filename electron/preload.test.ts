import { beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, ipcChannel } from '../annotations/contract/methods.js';

const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));
const on = vi.fn();
const removeListener = vi.fn();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => exposed.set(key, api) },
  ipcRenderer: { invoke, on, removeListener },
}));

describe('preload', () => {
  beforeEach(async () => {
    exposed.clear();
    vi.resetModules();
    await import('./preload.js');
  });

  it('exposes exactly the contract methods on window.lumbar, frozen, and no raw ipcRenderer', () => {
    expect([...exposed.keys()].sort()).toEqual(['lumbar', 'lumbarMenu']);
    const api = exposed.get('lumbar')!;
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(exposed.get('lumbarMenu')!)).toEqual(['onCommand']);
  });

  it('each method invokes its own channel with the input', async () => {
    const result = await exposed.get('lumbar')!['getStudy']!({ studyId: 3 });
    expect(invoke).toHaveBeenLastCalledWith(ipcChannel('getStudy'), { studyId: 3 });
    expect(result).toEqual({ ok: true, value: { channel: 'lumbar:getStudy', input: { studyId: 3 } } });
  });

  it('menu subscriptions return a disposer', () => {
    const dispose = exposed.get('lumbarMenu')!['onCommand']!(() => {}) as () => void;
    expect(on).toHaveBeenCalledOnce();
    dispose();
    expect(removeListener).toHaveBeenCalledOnce();
  });
});
