/** Named selectors of the app store. */
import type { AppState } from './app-store';

export const selectInfo = (s: AppState) => s.info;
export const selectStudies = (s: AppState) => s.studies;
export const selectOpenStudy = (s: AppState) => s.openStudy;
export const selectError = (s: AppState) => s.error;
