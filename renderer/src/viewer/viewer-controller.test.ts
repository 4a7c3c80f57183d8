import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StudyDetail } from '../../../annotations/contract/types';

// The controller's collaborators, as fakes: sessions that record what is done to them, a host, and a
// render path that is ready only when a test says so.
const log: string[] = [];
let pathReady = true;

class FakeSession {
  readonly firstImages: Promise<void>;
  private shown: () => void = () => undefined;
  private entered: () => void = () => undefined;
  disposed = false;
  constructor(readonly study: StudyDetail) {
    this.firstImages = new Promise((resolve) => (this.shown = resolve));
    log.push(`new ${study.id}`);
  }
  enter(): Promise<void> {
    return new Promise((resolve) => (this.entered = resolve));
  }
  /** The test's stand-in for the first images on screen, then the session's background start. */
  show(): void {
    this.shown();
    this.entered();
  }
  resize(): void {}
  dispose(): void {
    this.disposed = true;
    log.push(`dispose ${this.study.id}`);
  }
}

vi.mock('./viewer-session', () => ({ ViewerSession: FakeSession }));
vi.mock('./viewport-host', () => ({
  ViewportHost: class {
    destroy(): void {
      log.push('host destroyed');
    }
  },
}));
vi.mock('./cornerstone-setup', () => ({ readyRenderPath: () => (pathReady ? { cpu: true } : null) }));
vi.mock('./active-session', () => {
  let active: unknown = null;
  return { setActiveSession: (s: unknown) => (active = s), activeSession: () => active };
});
Object.assign(globalThis, {
  window: globalThis,
  ResizeObserver: class {
    observe(): void {}
    disconnect(): void {}
  },
});

const { startEarly, STATUS_HOLD_LIMIT_MS, ViewerController } = await import('./viewer-controller');
const { activeSession } = await import('./active-session');
const { useViewerStore } = await import('./viewer-store');

const study = (id: number) => ({ id, series: [] }) as unknown as StudyDetail;
const element = {} as HTMLDivElement;
const PATH = { cpu: true } as never;

function viewer() {
  const controller = new ViewerController();
  controller.setElement('sag-t2', element);
  return controller;
}

describe('the viewer controller', () => {
  beforeEach(() => {
    log.length = 0;
    pathReady = true;
  });

  it('keeps the session of the study it already shows, and ends it before the next one starts', () => {
    const controller = viewer();
    const a = study(1);
    const first = controller.open(a, '/dicom', PATH);
    expect(controller.open(a, '/dicom', PATH)).toBe(first);
    expect(activeSession()).toBe(first);
    expect(window.__lumbarViewer?.session).toBe(first);
    const second = controller.open(study(2), '/dicom', PATH);
    expect(log).toEqual(['new 1', 'dispose 1', 'new 2']);
    expect(controller.current()).toBe(second);
    expect(activeSession()).toBe(second);
    controller.destroy();
    expect(log.slice(3)).toEqual(['dispose 2', 'host destroyed']);
    expect(controller.current()).toBeNull();
    expect(activeSession()).toBeNull();
    expect(window.__lumbarViewer).toBeUndefined();
  });

  it('marks the session ready once it has entered, unless another study came first', async () => {
    const controller = viewer();
    const first = controller.open(study(1), '/dicom', PATH) as unknown as FakeSession;
    const second = controller.open(study(2), '/dicom', PATH) as unknown as FakeSession;
    first.show();
    await Promise.resolve();
    expect(useViewerStore.getState().sessionReady).toBe(false);
    second.show();
    await vi.waitFor(() => expect(useViewerStore.getState().sessionReady).toBe(true));
    expect(window.__lumbarViewer?.ready).toBe(true);
    controller.destroy();
    expect(useViewerStore.getState().sessionReady).toBe(false);
  });

  it('starts an arriving study early only in a mounted viewer that already shows a study', async () => {
    expect(startEarly(study(5))).toBeUndefined(); // no viewer mounted
    const controller = viewer();
    controller.mount('/dicom');
    expect(startEarly(study(5))).toBeUndefined(); // the viewer's first study opens from React's effect
    controller.open(study(4), '/dicom', PATH);
    pathReady = false;
    expect(startEarly(study(5))).toBeUndefined(); // Cornerstone not up
    pathReady = true;
    const arriving = study(5);
    const hold = startEarly(arriving);
    expect(hold).toBeInstanceOf(Promise);
    const early = controller.current() as unknown as FakeSession;
    expect(early.study).toBe(arriving);
    // React catches up with the same study: the early session is kept.
    expect(controller.open(arriving, '/dicom', PATH)).toBe(early);
    let settled = false;
    void hold!.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    early.show();
    await vi.waitFor(() => expect(settled).toBe(true));
    controller.destroy();
    expect(startEarly(study(6))).toBeUndefined(); // unmounted
  });

  it("holds the viewer store's notifications (React's renders) until the first images are shown", async () => {
    const controller = viewer();
    let heard = 0;
    const unsubscribe = useViewerStore.subscribe(() => heard++);
    const session = controller.open(study(7), '/dicom', PATH) as unknown as FakeSession;
    useViewerStore.getState().update('sag-t2', { index: 3, loading: true }); // what a session writes as it starts
    expect(useViewerStore.getState().viewports['sag-t2']?.index).toBe(3);
    await Promise.resolve();
    expect(heard).toBe(0);
    session.show();
    await vi.waitFor(() => expect(heard).toBeGreaterThan(0));
    useViewerStore.getState().update('sag-t2', { index: 4 }); // afterwards, each write is heard at once
    const after = heard;
    useViewerStore.getState().update('sag-t2', { index: 5 });
    expect(heard).toBe(after + 1);
    controller.destroy();
    unsubscribe();
  });

  it('lets React hear of a session whose first images are slow after STATUS_HOLD_LIMIT_MS', () => {
    vi.useFakeTimers();
    try {
      const controller = viewer();
      let heard = 0;
      const unsubscribe = useViewerStore.subscribe(() => heard++);
      controller.open(study(8), '/dicom', PATH);
      useViewerStore.getState().update('sag-t2', { index: 9, loading: true });
      vi.advanceTimersByTime(STATUS_HOLD_LIMIT_MS - 1);
      expect(heard).toBe(0);
      vi.advanceTimersByTime(1);
      expect(heard).toBe(1);
      controller.destroy();
      unsubscribe();
    } finally {
      vi.useRealTimers();
    }
  });
});
