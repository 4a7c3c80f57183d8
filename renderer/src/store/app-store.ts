/**
 * The window's zustand store: what the backend told us (app info, studies, the open study) and what the
 * user chose. Actions live beside their state; components subscribe through selectors.ts.
 */
import { create } from 'zustand';
import type { AppInfo, StudyDetail, StudySummary } from '../../../annotations/contract/types';
import type { SeriesType } from '../../../annotations/domain/protocol';
import { api } from '../transport/transport';
import { StudyDetailCache } from './study-details';

export interface AppState {
  info: AppInfo | null;
  studies: StudySummary[];
  studiesLoading: boolean;
  openStudy: StudyDetail | null;
  openStudyLoading: boolean;
  error: string | null;

  loadInitial(): Promise<void>;
  refreshStudies(): Promise<void>;
  /**
   * Opens a study. `likelyNext`: the study the user will most likely open after it (the next row of the
   * list they opened it from), whose details are fetched once the window is idle.
   */
  selectStudy(studyId: number, likelyNext?: number | null): Promise<void>;
  closeStudy(): void;
  clearError(): void;
  /** Override (or, with null, reset) a series' type; the open study is reloaded so the viewer re-hangs. */
  setSeriesType(seriesId: number, type: SeriesType | null): Promise<void>;
}

/** Hears of a study as it arrives; may return a promise the store waits for before it takes the study. */
export type ArrivalListener = (study: StudyDetail) => void | Promise<unknown>;

/** The longest the store waits for arrival listeners before it takes the study anyway. */
export const ARRIVAL_HOLD_LIMIT_MS = 250;

const arrivalListeners = new Set<ArrivalListener>();

/**
 * Calls `listener` with each opened study as it arrives from the backend, before the store (and so React)
 * hears of it: the viewer fetches the first images here, and a viewer already on screen starts the
 * study's session and returns its first images, which the store waits for (at most
 * ARRIVAL_HOLD_LIMIT_MS) so that React's render of the study does not delay them.
 */
export function onStudyArriving(listener: ArrivalListener): () => void {
  arrivalListeners.add(listener);
  return () => arrivalListeners.delete(listener);
}

/** Details fetched ahead of an open; cleared whenever the studies may have changed. */
const details = new StudyDetailCache((studyId) => api.getStudy({ studyId }));

declare global {
  interface Window {
    /** Benchmark hook: bench:viewer's BENCH_NO_DETAIL_PREFETCH clears it before each open. */
    __lumbarStudyDetails?: StudyDetailCache;
  }
}
if (typeof window !== 'undefined') window.__lumbarStudyDetails = details;

/** Runs `task` once the window is idle (at the latest after `timeout` ms). */
function whenIdle(task: () => void, timeout = 2000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout });
  else setTimeout(task, 200);
}

/** How long the pointer or focus rests on a study row before its details are fetched ahead. */
export const ROW_REST_MS = 60;
let resting: ReturnType<typeof setTimeout> | undefined;

/**
 * A study row's handlers: once the pointer or focus has rested on it for ROW_REST_MS, the study's details
 * are fetched ahead of the click (a click comes 100+ ms after the pointer arrives; sweeping the pointer
 * across a long list fetches nothing).
 */
export function studyRowIntent(studyId: number) {
  const leave = () => clearTimeout(resting);
  const rest = () => {
    leave();
    resting = setTimeout(() => details.prefetch(studyId), ROW_REST_MS);
  };
  return { onPointerEnter: rest, onPointerLeave: leave, onFocus: rest, onBlur: leave };
}

/** Counts study choices: only the latest one's study is taken (responses and holds may end out of order). */
let choice = 0;

export const useAppStore = create<AppState>()((set, get) => ({
  info: null,
  studies: [],
  studiesLoading: false,
  openStudy: null,
  openStudyLoading: false,
  error: null,

  async loadInitial() {
    try {
      const info = await api.getAppInfo({});
      set({ info });
      await get().refreshStudies();
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },

  async refreshStudies() {
    set({ studiesLoading: true });
    details.clear();
    try {
      set({ studies: await api.listStudies({}), studiesLoading: false });
    } catch (error) {
      set({ studiesLoading: false, error: error instanceof Error ? error.message : String(error) });
    }
  },

  async selectStudy(studyId, likelyNext = null) {
    const mine = ++choice;
    clearTimeout(resting); // the click came: no rest prefetch after it
    set({ openStudyLoading: true });
    try {
      const study = await details.take(studyId);
      if (mine !== choice) return;
      const holds: Array<Promise<unknown>> = [];
      for (const listener of arrivalListeners) {
        const hold = listener(study);
        if (hold) holds.push(hold);
      }
      if (holds.length > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const limit = new Promise((resolve) => (timer = setTimeout(resolve, ARRIVAL_HOLD_LIMIT_MS)));
        await Promise.race([Promise.allSettled(holds), limit]);
        clearTimeout(timer);
      }
      if (mine !== choice) return;
      set({ openStudy: study, openStudyLoading: false });
      if (likelyNext !== null && likelyNext !== studyId) whenIdle(() => mine === choice && details.prefetch(likelyNext));
    } catch (error) {
      if (mine !== choice) return;
      set({ openStudyLoading: false, error: error instanceof Error ? error.message : String(error) });
    }
  },

  closeStudy() {
    choice++;
    set({ openStudy: null, openStudyLoading: false });
  },

  clearError() {
    set({ error: null });
  },

  async setSeriesType(seriesId, type) {
    try {
      const summary = await api.setSeriesType({ seriesId, type });
      details.clear();
      set((s) => ({ studies: s.studies.map((study) => (study.id === summary.id ? summary : study)) }));
      if (get().openStudy?.id === summary.id) await get().selectStudy(summary.id);
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },
}));
