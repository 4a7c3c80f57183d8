/**
 * The series thumbnail strip of the open study: one tile per series (middle slice, description, type,
 * image count), draggable onto a viewport to show it there. Thumbnails are drawn by the viewer module
 * into plain canvases; React holds no Cornerstone object.
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { SeriesDetail } from '../../../annotations/contract/types';
import { renderThumbnail } from '../viewer/cornerstone-setup';
import { imageIdOf } from '../viewer/stacks';
import { useViewerStore } from '../viewer/viewer-store';
import { SERIES_DRAG_TYPE } from './ViewportPane';

function Thumbnail({ imageId }: { imageId: string | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  // Only after the viewports show their first images: thumbnails must not compete with them.
  const ready = useViewerStore((s) => s.sessionReady);
  useEffect(() => {
    if (!ready || !imageId || !canvas.current) return;
    const el = canvas.current;
    // When the page is idle: a thumbnail never delays a slice the reader is looking at.
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 50));
    const cancelIdle = window.cancelIdleCallback ?? window.clearTimeout;
    setFailed(false);
    const handle = idle(() => void renderThumbnail(el, imageId).catch(() => setFailed(true)));
    return () => cancelIdle(handle);
  }, [imageId, ready]);
  return (
    <div className="thumb">
      <canvas ref={canvas} width={96} height={96} className="thumb-canvas" />
      {(failed || !imageId) && <div className="thumb-failed">no preview</div>}
    </div>
  );
}

// Memoised: its props change with the study only (not with the viewer's other renders during an open).
export const SeriesStrip = memo(function SeriesStrip({
  series,
  datasetId,
  absoluteBase,
}: {
  series: readonly SeriesDetail[];
  datasetId: number;
  absoluteBase: string;
}) {
  return (
    <nav className="series-strip" aria-label="Series">
      {series.map((s) => {
        const middle = s.slices[Math.floor(s.slices.length / 2)];
        return (
          <div
            key={s.id}
            className="series-tile"
            draggable
            data-series-id={s.id}
            title={`${s.description ?? ''} (${s.type}) - drag onto a viewport`}
            onDragStart={(e) => {
              e.dataTransfer.setData(SERIES_DRAG_TYPE, String(s.id));
              e.dataTransfer.effectAllowed = 'copy';
            }}
          >
            <Thumbnail imageId={middle ? imageIdOf(middle, datasetId, absoluteBase) : null} />
            <div className="series-tile-desc">{s.description ?? '(no description)'}</div>
            <div className="series-tile-meta">
              {s.type} · {s.slices.length}
            </div>
          </div>
        );
      })}
    </nav>
  );
});
