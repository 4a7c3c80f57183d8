/**
 * The viewer's zustand store: what React shows about the viewers (overlays, layout, toggles, cine, the
 * cheat sheet), kept outside React's tree and fed by the ViewerSession from Cornerstone events.
 *
 * Invariants: plain data only (no Cornerstone objects, no DOM); the session writes viewport statuses, the
 * UI writes preferences (layout, toggles, label); the session reads preferences through `subscribe`.
 * Settings that outlive a session (cache limit, cine rate, ladder) persist in localStorage.
 */
import { create, type StateCreator } from 'zustand';
import type { Condition, Level } from '../../../annotations/domain/protocol';
import type { OrientationMarkers } from '../../../annotations/domain/geometry';

export interface ViewportStatus {
  readonly seriesDescription: string;
  /** Key of the stack shown (`series:<id>` or `axial-all`), '' when empty. */
  readonly stackKey: string;
  readonly index: number;
  readonly count: number;
  readonly windowCenter: number | null;
  readonly windowWidth: number | null;
  readonly sliceLocation: number | null;
  /** Zoom relative to fit-to-window (1 = fit). */
  readonly zoom: number;
  readonly invert: boolean;
  readonly flipHorizontal: boolean;
  readonly flipVertical: boolean;
  readonly markers: OrientationMarkers | null;
  /** Reference-line notice (different frame of reference, missing geometry), null when none. */
  readonly lineNotice: string | null;
  readonly lineNoticeKind: 'warning' | 'hidden' | null;
  readonly loading: boolean;
  readonly error: string | null;
  /** The slice asked for could not be loaded (the viewport still shows the one before), null when none. */
  readonly sliceError: string | null;
}

export type Layout = '1x3' | '2x2';

export interface PointLabelChoice {
  readonly condition: Condition;
  readonly level: Level;
}

export interface ViewerSettings {
  /** Cornerstone image cache limit (MB). */
  readonly cacheLimitMb: number;
  readonly cineFps: number;
  readonly ladder: boolean;
  readonly linked: boolean;
}

interface ViewerState {
  viewports: Record<string, ViewportStatus>;
  renderPath: string;
  layout: Layout;
  /** The viewport shown 1-up, or null. */
  maximized: string | null;
  activeViewportId: string;
  pointMode: boolean;
  pointLabel: PointLabelChoice;
  cinePlaying: string | null;
  cheatSheetOpen: boolean;
  /** True once every viewport of the session shows its first image. */
  sessionReady: boolean;
  settings: ViewerSettings;
  update(viewportId: string, patch: Partial<ViewportStatus>): void;
  reset(): void;
  setRenderPath(path: string): void;
  setLayout(layout: Layout): void;
  setMaximized(viewportId: string | null): void;
  setActive(viewportId: string): void;
  setPointMode(on: boolean): void;
  setPointLabel(label: PointLabelChoice): void;
  setCinePlaying(viewportId: string | null): void;
  setCheatSheetOpen(open: boolean): void;
  setSessionReady(ready: boolean): void;
  updateSettings(patch: Partial<ViewerSettings>): void;
  /**
   * Until the returned release is called, state changes reach no subscriber (React included); on release,
   * each subscriber hears once of everything that changed meanwhile. A session holds them while its first
   * images load: each status write would otherwise cost a React render between one file's decode and the
   * next (measured ~2-4 ms each, three to five of them before the first frame).
   */
  holdNotifications(): () => void;
}

type Listener<T> = (state: T, previous: T) => void;

/**
 * Middleware: the store's `subscribe` goes through a hold (see `holdNotifications`). Holds nest; a
 * release runs at most once.
 */
function holdable<T extends { holdNotifications(): () => void }>(config: StateCreator<T>): StateCreator<T> {
  return (set, get, api) => {
    const listeners = new Set<Listener<T>>();
    let held = 0;
    let heldFrom: T | null = null;
    api.subscribe((state, previous) => {
      if (held === 0) for (const listener of [...listeners]) listener(state, previous);
    });
    api.subscribe = (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
    const holdNotifications = () => {
      if (held++ === 0) heldFrom = api.getState();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--held > 0) return;
        const from = heldFrom!;
        heldFrom = null;
        const now = api.getState();
        if (now !== from) for (const listener of [...listeners]) listener(now, from);
      };
    };
    return { ...config(set, get, api), holdNotifications };
  };
}

/** Equal values, or plain objects with equal own values (orientation markers). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

export const emptyStatus: ViewportStatus = {
  seriesDescription: '',
  stackKey: '',
  index: 0,
  count: 0,
  windowCenter: null,
  windowWidth: null,
  sliceLocation: null,
  zoom: 1,
  invert: false,
  flipHorizontal: false,
  flipVertical: false,
  markers: null,
  lineNotice: null,
  lineNoticeKind: null,
  loading: false,
  error: null,
  sliceError: null,
};

const SETTINGS_KEY = 'lumbar.viewer.settings';
const defaultSettings: ViewerSettings = { cacheLimitMb: 1024, cineFps: 10, ladder: false, linked: true };

function loadSettings(): ViewerSettings {
  try {
    const raw = globalThis.localStorage?.getItem(SETTINGS_KEY);
    return raw ? { ...defaultSettings, ...(JSON.parse(raw) as Partial<ViewerSettings>) } : defaultSettings;
  } catch {
    return defaultSettings;
  }
}

function saveSettings(settings: ViewerSettings): void {
  try {
    globalThis.localStorage?.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // storage full or unavailable: settings stay for this session only
  }
}

export const useViewerStore = create<ViewerState>()(
  holdable((set, get) => ({
    viewports: {},
    renderPath: '',
    layout: '1x3',
    maximized: null,
    activeViewportId: 'ax-t2',
    pointMode: false,
    pointLabel: { condition: 'Spinal Canal Stenosis', level: 'L4/L5' },
    cinePlaying: null,
    cheatSheetOpen: false,
    sessionReady: false,
    settings: loadSettings(),
    update: (viewportId, patch) => {
      const current = get().viewports[viewportId];
      // Nothing changes: no new state, so no React render (a slice's first image repeats what its load wrote,
      // a display read-out repeats its orientation markers as a new object).
      if (current && (Object.keys(patch) as Array<keyof ViewportStatus>).every((k) => sameValue(current[k], patch[k]))) return;
      set((s) => ({ viewports: { ...s.viewports, [viewportId]: { ...(s.viewports[viewportId] ?? emptyStatus), ...patch } } }));
    },
    reset: () => set({ viewports: {}, maximized: null, cinePlaying: null, sessionReady: false }),
    setRenderPath: (renderPath) => set({ renderPath }),
    setLayout: (layout) => set({ layout, maximized: null }),
    setMaximized: (maximized) => set({ maximized }),
    setActive: (activeViewportId) => {
      if (get().activeViewportId !== activeViewportId) set({ activeViewportId });
    },
    setPointMode: (pointMode) => set({ pointMode }),
    setPointLabel: (pointLabel) => set({ pointLabel }),
    setCinePlaying: (cinePlaying) => set({ cinePlaying }),
    setCheatSheetOpen: (cheatSheetOpen) => set({ cheatSheetOpen }),
    setSessionReady: (sessionReady) => set({ sessionReady }),
    updateSettings: (patch) => {
      const settings = { ...get().settings, ...patch };
      saveSettings(settings);
      set({ settings });
    },
    holdNotifications: () => () => undefined, // (replaced by `holdable`)
  })),
);
