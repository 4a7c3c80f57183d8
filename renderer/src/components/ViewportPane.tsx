/**
 * One viewport: the Cornerstone element (owned by the ViewerSession) plus its overlays: title, series and
 * series picker (top-left/right), slice n/N and position (bottom-left), W/L and zoom (bottom-right),
 * orientation markers at the four edges, reference-line notices, loading/errors, and a drop target for
 * series thumbnails. Reads everything from the viewer store; never touches Cornerstone.
 */
import { forwardRef, useState } from 'react';
import { VIEWPORT_COLORS, type ViewportId } from '../viewer/hanging-protocol';
import { useViewerStore } from '../viewer/viewer-store';

export const SERIES_DRAG_TYPE = 'application/x-lumbar-series';

interface Props {
  readonly viewportId: ViewportId;
  readonly role: string;
  /** Stacks this viewport can switch between (axial picker), by stack key. */
  readonly choices?: ReadonlyArray<{ key: string; label: string }>;
  readonly onChoose?: (key: string) => void;
  readonly onDropSeries?: (seriesId: number) => void;
}

export const ViewportPane = forwardRef<HTMLDivElement, Props>(function ViewportPane(
  { viewportId, role, choices, onChoose, onDropSeries },
  ref,
) {
  const status = useViewerStore((s) => s.viewports[viewportId]);
  const active = useViewerStore((s) => s.activeViewportId === viewportId);
  const maximized = useViewerStore((s) => s.maximized === viewportId);
  const cine = useViewerStore((s) => s.cinePlaying === viewportId);
  const cineFps = useViewerStore((s) => s.settings.cineFps);
  const [dropping, setDropping] = useState(false);
  const markers = status?.markers;
  const color = VIEWPORT_COLORS[viewportId];

  return (
    <section
      className={`viewport-pane${active ? ' active' : ''}${maximized ? ' maximized' : ''}${dropping ? ' dropping' : ''}`}
      aria-label={`${role} viewport`}
      data-viewport-id={viewportId}
      style={{ ['--vp-color' as string]: color }}
      onDragOver={(e) => {
        if (!onDropSeries || !e.dataTransfer.types.includes(SERIES_DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        setDropping(false);
        const id = Number(e.dataTransfer.getData(SERIES_DRAG_TYPE));
        if (onDropSeries && Number.isInteger(id) && id > 0) {
          e.preventDefault();
          onDropSeries(id);
        }
      }}
    >
      <div className="viewport-host" ref={ref} onContextMenu={(e) => e.preventDefault()} />
      <div className="overlay top-left">
        <div className="overlay-role">
          <span className="role-swatch" />
          {role}
        </div>
        <div className="overlay-series">{status?.seriesDescription}</div>
      </div>
      {choices && choices.length > 1 && (
        <div className="overlay top-right interactive">
          <select
            aria-label={`Series shown in ${role}`}
            value={status?.stackKey ?? ''}
            onChange={(e) => {
              onChoose?.(e.target.value);
              e.target.blur();
            }}
          >
            {choices.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {status && status.count > 0 && !status.error && (
        <div className="overlay bottom-left" data-testid={`slice-${viewportId}`}>
          {cine && <div className="cine-badge">▶ {cineFps} fps</div>}
          <div>
            Slice {status.index + 1} / {status.count}
          </div>
          {status.sliceLocation !== null && <div>{status.sliceLocation.toFixed(1)} mm</div>}
        </div>
      )}
      {status?.windowWidth != null && (
        <div className="overlay bottom-right" data-testid={`display-${viewportId}`}>
          {(status.invert || status.flipHorizontal || status.flipVertical) && (
            <div className="display-flags">
              {[status.invert && 'inv', status.flipHorizontal && 'flip H', status.flipVertical && 'flip V'].filter(Boolean).join(' · ')}
            </div>
          )}
          <div>
            W {status.windowWidth} L {status.windowCenter}
          </div>
          <div>Zoom {status.zoom.toFixed(2)}x</div>
        </div>
      )}
      {markers && (
        <>
          <div className="marker left" data-testid={`marker-left-${viewportId}`}>
            {markers.left}
          </div>
          <div className="marker right">{markers.right}</div>
          <div className="marker top" data-testid={`marker-top-${viewportId}`}>
            {markers.top}
          </div>
          <div className="marker bottom">{markers.bottom}</div>
        </>
      )}
      {status?.lineNotice && (
        <div className={`overlay notice ${status.lineNoticeKind ?? ''}`} role="status" data-testid={`notice-${viewportId}`}>
          {status.lineNotice}
        </div>
      )}
      {status?.sliceError && (
        <div className="overlay notice slice-error" role="alert" data-testid={`slice-error-${viewportId}`}>
          {status.sliceError}
        </div>
      )}
      {status?.loading && <div className="overlay center">Loading…</div>}
      {status?.error && <div className="overlay center error">{status.error}</div>}
    </section>
  );
});
