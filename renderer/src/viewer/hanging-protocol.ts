/**
 * The hanging protocol: which stack goes in which viewport. Three viewports: Sagittal T2/STIR, Sagittal T1,
 * Axial T2 (the first series of each type; several axial series merge into one stack along the spine when
 * they share a frame of reference, else the first axial is shown and a picker offers the others); a
 * missing type leaves its viewport empty with a message. The 2x2 layout adds a localizer viewport: a
 * series typed 'Other' with geometry (a scout), else a second axial series, else the Sagittal T2/STIR.
 *
 * Pure: no Cornerstone, no DOM.
 */
import type { SeriesDetail, StudyDetail } from '../../../annotations/contract/types';
import type { SeriesType } from '../../../annotations/domain/protocol';
import { axialSeriesOf, canMergeAxials, type StackChoice } from './stacks';

export const VIEWPORT_ROLES = ['Sagittal T2/STIR', 'Sagittal T1', 'Axial T2'] as const satisfies readonly SeriesType[];
export type ViewportRole = (typeof VIEWPORT_ROLES)[number];

export const LOCALIZER_VIEWPORT_ID = 'loc';
export const ALL_VIEWPORT_IDS = ['sag-t2', 'sag-t1', 'ax-t2', LOCALIZER_VIEWPORT_ID] as const;
export type ViewportId = (typeof ALL_VIEWPORT_IDS)[number];

export const viewportIdOf = (role: ViewportRole): ViewportId =>
  (({ 'Sagittal T2/STIR': 'sag-t2', 'Sagittal T1': 'sag-t1', 'Axial T2': 'ax-t2' }) as const)[role];

/** Colour of each viewport's reference lines and frame accent (a line has its source viewport's colour). */
export const VIEWPORT_COLORS: Readonly<Record<ViewportId, string>> = {
  'sag-t2': '#f5c542',
  'sag-t1': '#4fd1c5',
  'ax-t2': '#7ee787',
  loc: '#d2a8ff',
};

export const VIEWPORT_TITLES: Readonly<Record<ViewportId, string>> = {
  'sag-t2': 'Sagittal T2/STIR',
  'sag-t1': 'Sagittal T1',
  'ax-t2': 'Axial T2',
  loc: 'Localizer',
};

export function hangSeries(study: StudyDetail): Record<ViewportRole, SeriesDetail | null> {
  const pick = (role: ViewportRole) => study.series.find((s) => s.type === role && s.slices.length > 0) ?? null;
  return { 'Sagittal T2/STIR': pick('Sagittal T2/STIR'), 'Sagittal T1': pick('Sagittal T1'), 'Axial T2': pick('Axial T2') };
}

/** The axial viewport's choices: the merged stack first when possible, then each axial series. */
export function axialChoices(study: StudyDetail): Array<{ choice: StackChoice; label: string }> {
  const axials = axialSeriesOf(study);
  const choices: Array<{ choice: StackChoice; label: string }> = [];
  if (canMergeAxials(axials)) {
    choices.push({ choice: { kind: 'axial-all' }, label: `All axial (${axials.reduce((n, s) => n + s.slices.length, 0)} slices)` });
  }
  for (const s of axials)
    choices.push({ choice: { kind: 'series', seriesId: s.id }, label: `${s.description ?? 'Axial'} (${s.slices.length})` });
  return choices;
}

function localizerChoice(study: StudyDetail): StackChoice | null {
  const scout = study.series.find((s) => s.type === 'Other' && s.slices.some((i) => i.geometry));
  if (scout) return { kind: 'series', seriesId: scout.id };
  const axials = axialSeriesOf(study);
  if (axials.length > 1 && canMergeAxials(axials) === false) return { kind: 'series', seriesId: axials[1]!.id };
  const sag = hangSeries(study)['Sagittal T2/STIR'] ?? hangSeries(study)['Sagittal T1'];
  return sag ? { kind: 'series', seriesId: sag.id } : null;
}

/** The initial stack of every viewport (null: the study has nothing for it). */
export function initialChoices(study: StudyDetail): Record<ViewportId, StackChoice | null> {
  const hung = hangSeries(study);
  const series = (s: SeriesDetail | null): StackChoice | null => (s ? { kind: 'series', seriesId: s.id } : null);
  return {
    'sag-t2': series(hung['Sagittal T2/STIR']),
    'sag-t1': series(hung['Sagittal T1']),
    'ax-t2': axialChoices(study)[0]?.choice ?? null,
    loc: localizerChoice(study),
  };
}

/** Message of an empty viewport. */
export function missingMessage(viewportId: ViewportId): string {
  return viewportId === LOCALIZER_VIEWPORT_ID
    ? 'No localizer series in this study'
    : `No ${VIEWPORT_TITLES[viewportId]} series in this study`;
}
