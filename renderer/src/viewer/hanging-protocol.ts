/**
 * The hanging protocol: which series goes in which viewport. Three viewports: Sagittal T2/STIR,
 * Sagittal T1, Axial T2 (the first series of each type; a missing one leaves its viewport empty).
 */
import type { SeriesDetail, StudyDetail } from '../../../annotations/contract/types';
import type { SeriesType } from '../../../annotations/domain/protocol';

export const VIEWPORT_ROLES = ['Sagittal T2/STIR', 'Sagittal T1', 'Axial T2'] as const satisfies readonly SeriesType[];
export type ViewportRole = (typeof VIEWPORT_ROLES)[number];

export const viewportIdOf = (role: ViewportRole): string =>
  ({ 'Sagittal T2/STIR': 'sag-t2', 'Sagittal T1': 'sag-t1', 'Axial T2': 'ax-t2' })[role];

export function hangSeries(study: StudyDetail): Record<ViewportRole, SeriesDetail | null> {
  const pick = (role: ViewportRole) => study.series.find((s) => s.type === role && s.slices.length > 0) ?? null;
  return { 'Sagittal T2/STIR': pick('Sagittal T2/STIR'), 'Sagittal T1': pick('Sagittal T1'), 'Axial T2': pick('Axial T2') };
}
