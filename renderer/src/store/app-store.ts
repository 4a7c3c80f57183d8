/**
 * The window's zustand store: what the backend told us (app info, studies, the open study) and what the
 * user chose. Actions live beside their state; components subscribe through selectors.ts.
 */
import { create } from 'zustand';
import type { AppInfo, StudyDetail, StudySummary } from '../../../annotations/contract/types';
import type { SeriesType } from '../../../annotations/domain/protocol';
import { api } from '../transport/transport';

export interface AppState {
  info: AppInfo | null;
  studies: StudySummary[];
  studiesLoading: boolean;
  openStudy: StudyDetail | null;
  openStudyLoading: boolean;
  error: string | null;

  loadInitial(): Promise<void>;
  refreshStudies(): Promise<void>;
  selectStudy(studyId: number): Promise<void>;
  closeStudy(): void;
  clearError(): void;
  /** Override (or, with null, reset) a series' type; the open study is reloaded so the viewer re-hangs. */
  setSeriesType(seriesId: number, type: SeriesType | null): Promise<void>;
}

const arrivalListeners = new Set<(study: StudyDetail) => void>();

/**
 * Calls `listener` with each opened study as it arrives from the backend, before the store (and so React)
 * hears of it: the viewer starts fetching the first images here, so the requests go out before React
 * renders the viewer instead of after (subscribers of the store would run after React's render).
 */
export function onStudyArriving(listener: (study: StudyDetail) => void): () => void {
  arrivalListeners.add(listener);
  return () => arrivalListeners.delete(listener);
}

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
    try {
      set({ studies: await api.listStudies({}), studiesLoading: false });
    } catch (error) {
      set({ studiesLoading: false, error: error instanceof Error ? error.message : String(error) });
    }
  },

  async selectStudy(studyId) {
    set({ openStudyLoading: true });
    try {
      const study = await api.getStudy({ studyId });
      for (const listener of arrivalListeners) listener(study);
      set({ openStudy: study, openStudyLoading: false });
    } catch (error) {
      set({ openStudyLoading: false, error: error instanceof Error ? error.message : String(error) });
    }
  },

  closeStudy() {
    set({ openStudy: null });
  },

  clearError() {
    set({ error: null });
  },

  async setSeriesType(seriesId, type) {
    try {
      const summary = await api.setSeriesType({ seriesId, type });
      set((s) => ({ studies: s.studies.map((study) => (study.id === summary.id ? summary : study)) }));
      if (get().openStudy?.id === summary.id) await get().selectStudy(summary.id);
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },
}));
