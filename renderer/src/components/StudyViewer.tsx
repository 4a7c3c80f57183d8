/**
 * The reading screen's image area: toolbar, series strip and the viewports of the open study (1x3, 2x2 with
 * the localizer, or one maximised), driven by a ViewerSession. Keys go through the action registry.
 *
 * Invariants: one session per open study (the ViewerController's), disposed when the next study's starts
 * or the viewer unmounts; the localizer pane is attached/detached with the 2x2 layout; React only holds DOM
 * elements and the controller, never Cornerstone objects.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
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
import { preloadFirstImages } from '../viewer/preload';
import { absoluteDicomBase, stackKeyOf, type StackChoice } from '../viewer/stacks';
import { startEarly, ViewerController } from '../viewer/viewer-controller';
import { useViewerStore } from '../viewer/viewer-store';
import { SeriesStrip } from './SeriesStrip';
import { ShortcutSheet } from './ShortcutSheet';
import { ViewerToolbar } from './ViewerToolbar';
import { ViewportPane } from './ViewportPane';

// Start Cornerstone (codecs, decode workers) while the user is still choosing a study. A chosen study's
// first images are fetched as it arrives (before React renders anything of it); in a viewer that already
// shows a study, its session starts then too, and the store takes the study once they are on screen.
void setupCornerstone(useViewerStore.getState().settings.cacheLimitMb);
onStudyArriving((study) => {
  const info = useAppStore.getState().info;
  if (info) void preloadFirstImages(study, info.dicomBase);
  return startEarly(study);
});

const GRID_ORDER: readonly ViewportId[] = ['sag-t2', 'sag-t1', 'ax-t2', LOCALIZER_VIEWPORT_ID];

function isTyping(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('input, select, textarea, [contenteditable="true"], .modal:not(.cheat-sheet)')) return true;
  return target.tagName === 'BUTTON' && (key === ' ' || key === 'Enter');
}

export function StudyViewer({ study, dicomBase }: { study: StudyDetail; dicomBase: string }) {
  const [controller] = useState(() => new ViewerController());
  const renderPath = useViewerStore((s) => s.renderPath);
  const layout = useViewerStore((s) => s.layout);
  const maximized = useViewerStore((s) => s.maximized);
  const sessionReady = useViewerStore((s) => s.sessionReady);
  const absoluteBase = useMemo(() => absoluteDicomBase(dicomBase, window.location.origin), [dicomBase]);
  const axial = useMemo(() => axialChoices(study).map((c) => ({ key: stackKeyOf(c.choice), label: c.label, choice: c.choice })), [study]);

  // The study's session: usually started already as the study arrived (then kept); else started here.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const path = readyRenderPath() ?? (await setupCornerstone(useViewerStore.getState().settings.cacheLimitMb));
      useViewerStore.getState().setRenderPath(path.cpu ? 'CPU' : 'WebGL');
      if (!cancelled) controller.open(study, dicomBase, path);
    })();
    return () => {
      cancelled = true;
    };
  }, [controller, study, dicomBase]);

  useEffect(() => {
    controller.mount(dicomBase);
  }, [controller, dicomBase]);
  useEffect(() => () => controller.destroy(), [controller]);

  // The localizer pane exists only in the 2x2 layout.
  useEffect(() => {
    const el = controller.element(LOCALIZER_VIEWPORT_ID);
    const session = controller.current();
    if (layout !== '2x2' || !sessionReady || !el || !session) return;
    void session.attach(LOCALIZER_VIEWPORT_ID, el);
    const observer = new ResizeObserver(() => session.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      session.detach(LOCALIZER_VIEWPORT_ID);
    };
  }, [controller, layout, sessionReady]);

  useEffect(() => {
    controller.current()?.resize();
  }, [controller, maximized, layout]);

  const runAction = useCallback(
    (id: string) => {
      const session = controller.current();
      const action = actionById(id);
      if (session && action) action.run({ commands: session, viewportId: useViewerStore.getState().activeViewportId });
    },
    [controller],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const session = controller.current();
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
  }, [controller]);

  const show = (id: ViewportId, choice: StackChoice) => void controller.current()?.showStack(id, choice);
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
                  controller.setElement(id, el);
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
