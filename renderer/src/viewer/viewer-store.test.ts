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

  it('holds notifications: state changes at once, subscribers hear of them once on release', () => {
    const store = useViewerStore;
    const heard: Array<[number | undefined, number | undefined]> = [];
    const unsubscribe = store.subscribe((s, prev) => heard.push([s.viewports['ax-t2']?.index, prev.viewports['ax-t2']?.index]));
    store.getState().update('ax-t2', { index: 1 });
    expect(heard).toEqual([[1, undefined]]);

    const release = store.getState().holdNotifications();
    store.getState().update('ax-t2', { index: 2 });
    store.getState().update('ax-t2', { index: 3 });
    store.getState().setLayout('2x2');
    expect(store.getState().viewports['ax-t2']?.index).toBe(3); // readers of the state see it
    expect(store.getState().layout).toBe('2x2');
    expect(heard).toHaveLength(1); // subscribers (React) do not, yet
    release();
    expect(heard).toEqual([
      [1, undefined],
      [3, 1],
    ]);
    release(); // a second release does nothing
    expect(heard).toHaveLength(2);

    store.getState().update('ax-t2', { index: 4 });
    expect(heard).toHaveLength(3);
    store.getState().setLayout('1x3');
    unsubscribe();
  });

  it('nested holds notify when the last one is released; a hold with no change notifies nothing', () => {
    const store = useViewerStore;
    let changes = 0;
    const unsubscribe = store.subscribe(() => changes++);
    const outer = store.getState().holdNotifications();
    const inner = store.getState().holdNotifications();
    store.getState().update('sag-t1', { index: 5 });
    outer();
    expect(changes).toBe(0);
    inner();
    expect(changes).toBe(1);

    const idle = store.getState().holdNotifications();
    idle();
    expect(changes).toBe(1);
    unsubscribe();
  });
});
