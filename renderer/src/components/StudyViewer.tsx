/** The reading screen's image area: the three viewports of the open study, driven by a ViewerSession. */
import { useEffect, useRef } from 'react';
import type { StudyDetail } from '../../../annotations/contract/types';
import { setupCornerstone } from '../viewer/cornerstone-setup';
import { VIEWPORT_ROLES, viewportIdOf, type ViewportRole } from '../viewer/hanging-protocol';
import { ViewerSession } from '../viewer/viewer-session';
import { useViewerStore } from '../viewer/viewer-store';
import { ViewportPane } from './ViewportPane';

declare global {
  interface Window {
    /** Test and benchmark hook: the live session and whether its first images are shown. */
    __lumbarViewer?: { session: ViewerSession; ready: boolean; readyAt: number | null };
  }
}

export function StudyViewer({ study, dicomBase }: { study: StudyDetail; dicomBase: string }) {
  const elements = useRef<Partial<Record<ViewportRole, HTMLDivElement | null>>>({});
  const renderPath = useViewerStore((s) => s.renderPath);

  useEffect(() => {
    let session: ViewerSession | undefined;
    let cancelled = false;
    const observer = new ResizeObserver(() => session?.resize());
    void (async () => {
      const path = await setupCornerstone();
      useViewerStore.getState().setRenderPath(path.cpu ? 'CPU' : 'WebGL');
      if (cancelled) return;
      session = new ViewerSession(study, elements.current as Record<ViewportRole, HTMLDivElement>, dicomBase);
      window.__lumbarViewer = { session, ready: false, readyAt: null };
      for (const el of Object.values(elements.current)) if (el) observer.observe(el);
      await session.enter();
      if (!cancelled && window.__lumbarViewer?.session === session) {
        window.__lumbarViewer = { session, ready: true, readyAt: performance.now() };
      }
    })();
    return () => {
      cancelled = true;
      observer.disconnect();
      session?.dispose();
      if (window.__lumbarViewer?.session === session) delete window.__lumbarViewer;
    };
  }, [study, dicomBase]);

  return (
    <div className="viewer">
      <div className="viewport-grid">
        {VIEWPORT_ROLES.map((role) => (
          <ViewportPane
            key={role}
            role={role}
            viewportId={viewportIdOf(role)}
            ref={(el) => {
              elements.current[role] = el;
            }}
          />
        ))}
      </div>
      <div className="viewer-status">
        Study {study.studyKey} · {study.patientName ?? ''} · wheel: scroll · left-drag: window/level · right-drag: zoom ·
        middle-drag: pan · render: {renderPath || '…'}
      </div>
    </div>
  );
}
