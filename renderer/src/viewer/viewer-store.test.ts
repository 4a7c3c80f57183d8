import { beforeEach, describe, expect, it } from 'vitest';
import { emptyStatus, useViewerStore } from './viewer-store';

describe('the viewer store', () => {
  beforeEach(() => useViewerStore.getState().reset());

  it("writes a viewport's status, and a write that changes nothing leaves the state as it was (no render)", () => {
    const store = useViewerStore;
    let changes = 0;
    const unsubscribe = store.subscribe(() => changes++);
    store.getState().update('ax-t2', { index: 30, count: 60, sliceLocation: 12.5 });
    expect(store.getState().viewports['ax-t2']).toEqual({ ...emptyStatus, index: 30, count: 60, sliceLocation: 12.5 });
    expect(changes).toBe(1);

    const before = store.getState().viewports;
    store.getState().update('ax-t2', { index: 30, sliceLocation: 12.5, sliceError: null });
    expect(store.getState().viewports).toBe(before);
    expect(changes).toBe(1);

    store.getState().update('ax-t2', { index: 31 });
    expect(store.getState().viewports['ax-t2']?.index).toBe(31);
    expect(changes).toBe(2);
    unsubscribe();
  });

  it('counts orientation markers with the same labels as unchanged, and other labels as a change', () => {
    const store = useViewerStore;
    store.getState().update('sag-t2', { markers: { left: 'A', right: 'P', top: 'S', bottom: 'I' } });
    const before = store.getState().viewports;
    store.getState().update('sag-t2', { markers: { left: 'A', right: 'P', top: 'S', bottom: 'I' } });
    expect(store.getState().viewports).toBe(before);
    store.getState().update('sag-t2', { markers: { left: 'P', right: 'A', top: 'S', bottom: 'I' } });
    expect(store.getState().viewports['sag-t2']?.markers?.left).toBe('P');
    store.getState().update('sag-t2', { markers: null });
    expect(store.getState().viewports['sag-t2']?.markers).toBeNull();
  });

  it('creates the status of a viewport on its first write, even one with the default values', () => {
    useViewerStore.getState().update('sag-t1', { index: 0 });
    expect(useViewerStore.getState().viewports['sag-t1']).toEqual(emptyStatus);
  });
});
