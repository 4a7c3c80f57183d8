/**
 * The reading screen's image area: toolbar, series strip and the viewports of the open study (1x3, 2x2 with
 * the localizer, or one maximised), driven by a ViewerSession. Keys go through the action registry.
 *
 * Invariants: one session per open study, disposed on unmount or study change; the localizer pane is
 * attached/detached with the 2x2 layout; React only holds DOM elements and the session handle, never
 * Cornerstone objects; `window.__lumbarViewer` is the test/benchmark hook.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { StudyDetail } from '../../../annotations/contract/types';
import { actionById, findAction, shortcutOf, VIEWER_ACTIONS } from '../viewer/actions';
import { onStudyArriving, useAppStore } from '../store/app-store';
import { readyRenderPath, setupCornerstone } from '../viewer/cornerstone-setup';
import {
  axialChoices,
  LOCALIZER_VIEWPORT_ID,
  VIEWPORT_ROLES,
  VIEWPORT_TITLES,
  viewportIdOf,
  type ViewportId,
} from '../viewer/hanging-protocol';
import { usePointStore } from '../viewer/point-store';
import { preloadFirstImages } from '../viewer/preload';
import { absoluteDicomBase, stackKeyOf, type StackChoice } from '../viewer/stacks';
import { ViewerSession } from '../viewer/viewer-session';
import { ViewportHost } from '../viewer/viewport-host';
import { activeSession, setActiveSession } from '../viewer/active-session';
import { useViewerStore } from '../viewer/viewer-store';
import { SeriesStrip } from './SeriesStrip';
import { ShortcutSheet } from './ShortcutSheet';
import { ViewerToolbar } from './ViewerToolbar';
import { ViewportPane } from './ViewportPane';

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

// Start Cornerstone (codecs, decode workers) while the user is still choosing a study, and fetch a chosen
// study's first images while React is still rendering the viewer.
void setupCornerstone(useViewerStore.getState().settings.cacheLimitMb);
onStudyArriving((study) => {
  const info = useAppStore.getState().info;
  if (info) void preloadFirstImages(study, info.dicomBase);
});

const GRID_ORDER: readonly ViewportId[] = ['sag-t2', 'sag-t1', 'ax-t2', LOCALIZER_VIEWPORT_ID];

function isTyping(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('input, select, textarea, [contenteditable="true"], .modal:not(.cheat-sheet)')) return true;
  return target.tagName === 'BUTTON' && (key === ' ' || key === 'Enter');
}

export function StudyViewer({ study, dicomBase }: { study: StudyDetail; dicomBase: string }) {
  const elements = useRef<Partial<Record<ViewportId, HTMLDivElement | null>>>({});
  const sessionRef = useRef<ViewerSession | null>(null);
  const hostRef = useRef<ViewportHost | null>(null);
  const renderPath = useViewerStore((s) => s.renderPath);
  const layout = useViewerStore((s) => s.layout);
  const maximized = useViewerStore((s) => s.maximized);
  const sessionReady = useViewerStore((s) => s.sessionReady);
  const absoluteBase = useMemo(() => absoluteDicomBase(dicomBase, window.location.origin), [dicomBase]);
  const axial = useMemo(() => axialChoices(study).map((c) => ({ key: stackKeyOf(c.choice), label: c.label, choice: c.choice })), [study]);

  useEffect(() => {
    performance.mark('lumbar-viewer-effect');
    let session: ViewerSession | undefined;
    let cancelled = false;
    const observer = new ResizeObserver(() => session?.resize());
    void (async () => {
      // Without an await once Cornerstone is up (from the second study on): the session then sets its stacks
      // in this effect, before the rest of the commit's effects and renders, while the first files arrive.
      const path = readyRenderPath() ?? (await setupCornerstone(useViewerStore.getState().settings.cacheLimitMb));
      useViewerStore.getState().setRenderPath(path.cpu ? 'CPU' : 'WebGL');
      if (cancelled) return;
      const els: Partial<Record<ViewportId, HTMLDivElement>> = {};
      for (const [id, el] of Object.entries(elements.current)) if (el) els[id as ViewportId] = el;
      performance.mark('lumbar-viewer-setup-ready');
      hostRef.current ??= new ViewportHost();
      session = new ViewerSession(study, els, dicomBase, path, hostRef.current);
      performance.mark('lumbar-viewer-session');
      sessionRef.current = session;
      setActiveSession(session);
      window.__lumbarViewer = { session, ready: false, readyAt: null, stores: { viewer: useViewerStore, points: usePointStore } };
      for (const el of Object.values(els)) observer.observe(el);
      await session.enter(); // resolves once the first images are on screen
      if (!cancelled && window.__lumbarViewer?.session === session) {
        window.__lumbarViewer = { ...window.__lumbarViewer, ready: true, readyAt: performance.now() };
        useViewerStore.getState().setSessionReady(true);
      }
    })();
    return () => {
      performance.mark('lumbar-viewer-dispose');
      cancelled = true;
      observer.disconnect();
      if (activeSession() === session) setActiveSession(null);
      session?.dispose();
      performance.mark('lumbar-viewer-disposed');
      sessionRef.current = null;
      useViewerStore.getState().setSessionReady(false);
      if (window.__lumbarViewer?.session === session) delete window.__lumbarViewer;
    };
  }, [study, dicomBase]);

  // The engine and viewports outlive each study's session; they go when the viewer does (after the
  // session's clean-up above, which runs first).
  useEffect(
    () => () => {
      hostRef.current?.destroy();
      hostRef.current = null;
    },
    [],
  );

  // The localizer pane exists only in the 2x2 layout.
  useEffect(() => {
    const el = elements.current[LOCALIZER_VIEWPORT_ID];
    const session = sessionRef.current;
    if (layout !== '2x2' || !sessionReady || !el || !session) return;
    void session.attach(LOCALIZER_VIEWPORT_ID, el);
    const observer = new ResizeObserver(() => session.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      session.detach(LOCALIZER_VIEWPORT_ID);
    };
  }, [layout, sessionReady]);

  useEffect(() => {
    sessionRef.current?.resize();
  }, [maximized, layout]);

  const runAction = useCallback((id: string) => {
    const session = sessionRef.current;
    const action = actionById(id);
    if (session && action) action.run({ commands: session, viewportId: useViewerStore.getState().activeViewportId });
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const session = sessionRef.current;
      // (not `defaultPrevented`: Cornerstone's key listener on a focused viewport prevents every key)
      if (!session || isTyping(e.target, e.key)) return;
      if (e.key === 'Escape' && useViewerStore.getState().cheatSheetOpen) {
        useViewerStore.getState().setCheatSheetOpen(false);
        return;
      }
      const action = findAction(VIEWER_ACTIONS, shortcutOf(e));
      if (!action) return;
      e.preventDefault();
      action.run({ commands: session, viewportId: useViewerStore.getState().activeViewportId });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const show = (id: ViewportId, choice: StackChoice) => void sessionRef.current?.showStack(id, choice);
  const ids = layout === '2x2' ? GRID_ORDER : GRID_ORDER.slice(0, 3);

  return (
    <div className="viewer">
      <ViewerToolbar runAction={runAction} />
      <div className="viewer-body">
        <SeriesStrip series={study.series} datasetId={study.datasetId} absoluteBase={absoluteBase} />
        <div className={`viewport-grid layout-${layout}${maximized ? ' has-maximized' : ''}`}>
          {ids.map((id) => {
            const role = VIEWPORT_ROLES.find((r) => viewportIdOf(r) === id);
            return (
              <ViewportPane
                key={id}
                role={role ?? VIEWPORT_TITLES[id]}
                viewportId={id}
                ref={(el) => {
                  elements.current[id] = el;
                }}
                {...(id === 'ax-t2'
                  ? {
                      choices: axial,
                      onChoose: (key: string) => {
                        const c = axial.find((a) => a.key === key);
                        if (c) show(id, c.choice);
                      },
                    }
                  : {})}
                onDropSeries={(seriesId) => show(id, { kind: 'series', seriesId })}
              />
            );
          })}
        </div>
      </div>
      <div className="viewer-status">
        Study {study.studyKey} · {study.patientName ?? ''} · wheel: scroll · left-drag: W/L · right-drag: zoom · middle-drag: pan ·
        Shift+click: locate · ? shortcuts · render: {renderPath || '…'}
      </div>
      <ShortcutSheet />
    </div>
  );
}
