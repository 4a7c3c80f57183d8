/**
 * Viewer stacks: the ordered slices a viewport scrolls through, built from the study index (pure, no
 * Cornerstone). A stack is one series, or every axial series of a study merged along the spine when they
 * share a frame of reference and an orientation.
 *
 * Invariants: a stack's slices are in geometric order (the series' own order from the index; merged
 * stacks sorted along the first series' slice normal in the same direction); each slice keeps its own
 * series id, instance and plane (null when the file lacks geometry); image ids are deterministic
 * (`wadouri:<absolute url>[?frame=n]`, n 1-based), so the same instance always gets the same id.
 */
import type { InstanceInfo, SeriesDetail, StudyDetail } from '../../../annotations/contract/types';
import { dot, orderAlongNormal, sameOrientation, sliceNormal, type SlicePlane } from '../../../annotations/domain/geometry';

export interface StackSlice {
  readonly imageId: string;
  readonly seriesId: number;
  readonly instance: InstanceInfo;
  readonly plane: SlicePlane | null;
  readonly frameOfReferenceUid: string | null;
}

export interface ViewStack {
  /** `series:<id>` or `axial-all`. */
  readonly key: string;
  readonly description: string;
  readonly seriesIds: readonly number[];
  readonly slices: readonly StackSlice[];
  /** The stack's frame of reference when all slices share one, else null. */
  readonly frameOfReferenceUid: string | null;
}

export type StackChoice = { readonly kind: 'series'; readonly seriesId: number } | { readonly kind: 'axial-all' };

export const stackKeyOf = (choice: StackChoice): string => (choice.kind === 'series' ? `series:${choice.seriesId}` : 'axial-all');

export function planeOf(instance: InstanceInfo): SlicePlane | null {
  const g = instance.geometry;
  if (!g || !instance.rows || !instance.columns) return null;
  return { ipp: g.ipp, iop: g.iop, pixelSpacing: g.pixelSpacing, rows: instance.rows, columns: instance.columns };
}

/** Absolute URL prefix of DICOM files (`dicomBase` may be a path like `/dicom`). */
export function absoluteDicomBase(dicomBase: string, origin: string): string {
  return dicomBase.startsWith('/') ? `${origin}${dicomBase}` : dicomBase;
}

export function imageIdOf(instance: InstanceInfo, datasetId: number, absoluteBase: string): string {
  const url = `${absoluteBase}/${datasetId}/${instance.path.split('/').map(encodeURIComponent).join('/')}`;
  // The loader's `frame` is 1-based (it reads frame - 1); the index's is 0-based. Frame 0 needs none.
  return `wadouri:${url}${instance.frame > 0 ? `?frame=${instance.frame + 1}` : ''}`;
}

export function seriesStack(series: SeriesDetail, datasetId: number, absoluteBase: string): ViewStack {
  return {
    key: `series:${series.id}`,
    description: series.description ?? series.type,
    seriesIds: [series.id],
    frameOfReferenceUid: series.frameOfReferenceUid,
    slices: series.slices.map((instance) => ({
      imageId: imageIdOf(instance, datasetId, absoluteBase),
      seriesId: series.id,
      instance,
      plane: planeOf(instance),
      frameOfReferenceUid: series.frameOfReferenceUid,
    })),
  };
}

export function axialSeriesOf(study: StudyDetail): SeriesDetail[] {
  return study.series.filter((s) => s.type === 'Axial T2' && s.slices.length > 0);
}

/** True when several axial series can be shown as one stack: same frame of reference and orientation. */
export function canMergeAxials(series: readonly SeriesDetail[]): boolean {
  if (series.length < 2) return false;
  const forUid = series[0]!.frameOfReferenceUid;
  if (!forUid || series.some((s) => s.frameOfReferenceUid !== forUid)) return false;
  const first = series[0]!.slices.find((i) => i.geometry)?.geometry;
  if (!first) return false;
  return series.every((s) => s.slices.every((i) => i.geometry !== null && sameOrientation(i.geometry.iop, first.iop)));
}

/** All axial slices of the study as one stack along the spine, or null when they cannot be merged. */
export function mergedAxialStack(study: StudyDetail, absoluteBase: string): ViewStack | null {
  const axials = axialSeriesOf(study);
  if (!canMergeAxials(axials)) return null;
  const parts = axials.map((s) => seriesStack(s, study.datasetId, absoluteBase));
  const slices = parts.flatMap((p) => p.slices);
  const firstSeries = parts[0]!.slices;
  const normal = sliceNormal(firstSeries[0]!.plane!.iop);
  // Keep the direction of the first series' own order (the index orders each series along its normal).
  const a = firstSeries[0]!.plane!;
  const b = firstSeries[firstSeries.length - 1]!.plane!;
  const ascending = firstSeries.length < 2 || dot(b.ipp, normal) >= dot(a.ipp, normal);
  const order = orderAlongNormal(
    slices.map((s) => s.plane),
    normal,
    ascending,
  );
  return {
    key: 'axial-all',
    description: `All axial (${axials.length} series)`,
    seriesIds: axials.map((s) => s.id),
    frameOfReferenceUid: axials[0]!.frameOfReferenceUid,
    slices: order.map((i) => slices[i]!),
  };
}

/** The stack for a choice, or null when the study does not have it. */
export function buildStack(study: StudyDetail, choice: StackChoice, absoluteBase: string): ViewStack | null {
  if (choice.kind === 'axial-all') return mergedAxialStack(study, absoluteBase);
  const series = study.series.find((s) => s.id === choice.seriesId);
  return series && series.slices.length > 0 ? seriesStack(series, study.datasetId, absoluteBase) : null;
}

/** Index of the slice showing (series, instance number) in a stack, or -1. */
export function indexOfInstance(stack: ViewStack, seriesId: number, instanceNumber: number): number {
  return stack.slices.findIndex((s) => s.seriesId === seriesId && s.instance.instanceNumber === instanceNumber);
}
