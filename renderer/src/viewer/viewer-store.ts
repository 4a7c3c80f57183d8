/** What the viewport overlays show, per viewport: kept outside React's tree, fed by Cornerstone events. */
import { create } from 'zustand';

export interface ViewportStatus {
  readonly seriesDescription: string;
  readonly index: number;
  readonly count: number;
  readonly windowCenter: number | null;
  readonly windowWidth: number | null;
  readonly sliceLocation: number | null;
  readonly loading: boolean;
  readonly error: string | null;
}

interface ViewerState {
  viewports: Record<string, ViewportStatus>;
  renderPath: string;
  update(viewportId: string, patch: Partial<ViewportStatus>): void;
  reset(): void;
  setRenderPath(path: string): void;
}

const empty: ViewportStatus = {
  seriesDescription: '',
  index: 0,
  count: 0,
  windowCenter: null,
  windowWidth: null,
  sliceLocation: null,
  loading: false,
  error: null,
};

export const useViewerStore = create<ViewerState>()((set) => ({
  viewports: {},
  renderPath: '',
  update: (viewportId, patch) =>
    set((s) => ({ viewports: { ...s.viewports, [viewportId]: { ...(s.viewports[viewportId] ?? empty), ...patch } } })),
  reset: () => set({ viewports: {} }),
  setRenderPath: (renderPath) => set({ renderPath }),
}));
