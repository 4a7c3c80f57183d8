/**
 * The sessions of a mounted viewer, one study after another, and the viewport host they share.
 *
 * A study's session can start as soon as the study arrives from the backend (`startEarly`, from the app
 * store's arrival listeners), before React has rendered anything of it: its first images then load, decode
 * and render while the rest of the window still shows the previous study, and the app store takes the new
 * study (so React renders it) once those images are on screen (`ViewerSession.firstImages`). Measured in
 * bench:viewer: React's render of a study switch and its effects took 20-40 ms of the main thread while
 * the first files arrived; each of those milliseconds delayed the first images.
 *
 * Invariants: at most one live session, disposed before the next one starts; `open` with the study a
 * session already shows keeps that session (the early start is adopted when React catches up); at most
 * one controller is the mounted one (the viewer on screen); `window.__lumbarViewer` follows the live session.
 */
import type { StudyDetail } from '../../../annotations/contract/types';
import { setActiveSession } from './active-session';
import { readyRenderPath, type RenderPath } from './cornerstone-setup';
import type { ViewportId } from './hanging-protocol';
import { usePointStore } from './point-store';
import { ViewerSession } from './viewer-session';
import { useViewerStore } from './viewer-store';
import { ViewportHost } from './viewport-host';

declare global {
  interface Window {
    /** Test and benchmark hook: the live session, whether its first images are shown, and the stores. */
    __lumbarViewer?: {
      session: ViewerSession;
      ready: boolean;
      readyAt: number | null;
      stores: { viewer: typeof useViewerStore; points: typeof usePointStore };
    };
  }
}

/** The longest React waits for a new session's status (overlays), as the app store waits for its study. */
export const STATUS_HOLD_LIMIT_MS = 250;

export class ViewerController {
  private session: ViewerSession | null = null;
  private host: ViewportHost | null = null;
  private readonly observer = new ResizeObserver(() => this.session?.resize());
  private readonly elements: Partial<Record<ViewportId, HTMLDivElement>> = {};

  /** The viewer's element for a viewport (React's ref callback; null when it leaves the page). */
  setElement(id: ViewportId, element: HTMLDivElement | null): void {
    if (element) this.elements[id] = element;
    else delete this.elements[id];
  }

  element(id: ViewportId): HTMLDivElement | undefined {
    return this.elements[id];
  }

  current(): ViewerSession | null {
    return this.session;
  }

  /** The session showing `study`: the live one when it already does, else a new one (the live one ends). */
  open(study: StudyDetail, dicomBase: string, path: RenderPath): ViewerSession {
    if (this.session?.study === study) return this.session;
    // React hears of the viewer's new state once the first images are on screen (or STATUS_HOLD_LIMIT_MS).
    const release = useViewerStore.getState().holdNotifications();
    const timer = setTimeout(release, STATUS_HOLD_LIMIT_MS);
    this.close();
    const elements = { ...this.elements };
    this.host ??= new ViewportHost();
    const session = new ViewerSession(study, elements, dicomBase, path, this.host);
    this.session = session;
    setActiveSession(session);
    const hook = { session, ready: false, readyAt: null, stores: { viewer: useViewerStore, points: usePointStore } };
    window.__lumbarViewer = hook;
    for (const el of Object.values(elements)) this.observer.observe(el);
    void session.firstImages.then(() => {
      clearTimeout(timer);
      release();
    });
    void session.enter().then(() => {
      if (this.session !== session) return;
      window.__lumbarViewer = { ...hook, ready: true, readyAt: performance.now() };
      useViewerStore.getState().setSessionReady(true);
    });
    return session;
  }

  /** Ends the live session (its viewports stay, painted black, for the next study). */
  close(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    this.observer.disconnect();
    setActiveSession(null);
    session.dispose();
    useViewerStore.getState().setSessionReady(false);
    if (window.__lumbarViewer?.session === session) delete window.__lumbarViewer;
  }

  /** The viewer leaves the screen: the session, then the engine and its viewports. */
  destroy(): void {
    this.close();
    this.host?.destroy();
    this.host = null;
    if (mounted?.controller === this) mounted = null;
  }

  /** Makes this the viewer that `startEarly` opens arriving studies in (with the files at `dicomBase`). */
  mount(dicomBase: string): void {
    mounted = { controller: this, dicomBase };
  }
}

let mounted: { controller: ViewerController; dicomBase: string } | null = null;

/**
 * Starts `study`'s session in the mounted viewer, if there is one with Cornerstone up and a study already
 * shown (the first study of a viewer opens from React's effect as before). Returns what the app store
 * waits for before it takes the study: the session's first images on screen.
 */
export function startEarly(study: StudyDetail): Promise<void> | undefined {
  const path = readyRenderPath();
  if (!mounted || !path || !mounted.controller.current()) return undefined;
  return mounted.controller.open(study, mounted.dicomBase, path).firstImages;
}
