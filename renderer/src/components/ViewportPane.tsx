/** One viewport: the Cornerstone element plus its overlay (series, slice n/N, position, W/L). */
import { forwardRef } from 'react';
import { useViewerStore } from '../viewer/viewer-store';

interface Props {
  readonly viewportId: string;
  readonly role: string;
}

export const ViewportPane = forwardRef<HTMLDivElement, Props>(function ViewportPane({ viewportId, role }, ref) {
  const status = useViewerStore((s) => s.viewports[viewportId]);
  return (
    <section className="viewport-pane" aria-label={`${role} viewport`} data-viewport-id={viewportId}>
      <div className="viewport-host" ref={ref} onContextMenu={(e) => e.preventDefault()} />
      <div className="overlay top-left">
        <div className="overlay-role">{role}</div>
        <div>{status?.seriesDescription}</div>
      </div>
      {status && status.count > 0 && (
        <div className="overlay bottom-left" data-testid={`slice-${viewportId}`}>
          Slice {status.index + 1} / {status.count}
          {status.sliceLocation !== null && <span> · {status.sliceLocation.toFixed(1)} mm</span>}
        </div>
      )}
      {status?.windowWidth != null && (
        <div className="overlay bottom-right">
          W {status.windowWidth} L {status.windowCenter}
        </div>
      )}
      {status?.loading && <div className="overlay center">Loading…</div>}
      {status?.error && <div className="overlay center error">{status.error}</div>}
    </section>
  );
});
