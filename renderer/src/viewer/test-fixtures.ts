/** Hand-built study index fixtures for the viewer's unit tests (no files, no Cornerstone). */
import type { InstanceInfo, SeriesDetail, StudyDetail } from '../../../annotations/contract/types';
import type { SeriesType } from '../../../annotations/domain/protocol';

type Iop = readonly [number, number, number, number, number, number];

export function instance(n: number, ipp: readonly [number, number, number] | null, iop: Iop, size = 100): InstanceInfo {
  return {
    id: n,
    instanceNumber: n,
    frame: 0,
    path: `s/${n}.dcm`,
    rows: size,
    columns: size,
    geometry: ipp ? { ipp, iop, pixelSpacing: [1, 1], sliceThickness: 3 } : null,
    sliceLocation: ipp ? ipp[2] : null,
    windowCenter: 500,
    windowWidth: 1000,
    decodable: true,
  };
}

export const SAG: Iop = [0, 1, 0, 0, 0, -1];
export const AX: Iop = [1, 0, 0, 0, 1, 0];

export function series(id: number, type: SeriesType, slices: InstanceInfo[], frameOfReferenceUid: string | null = '1.2.3'): SeriesDetail {
  return {
    id,
    seriesKey: String(1000 + id),
    description: `${type} ${id}`,
    type,
    detectedType: type,
    typeReason: '',
    typeOverridden: false,
    instances: slices.length,
    warnings: [],
    frameOfReferenceUid,
    slices,
  };
}

export function study(seriesList: SeriesDetail[]): StudyDetail {
  return { id: 7, datasetId: 1, studyKey: '42', patientName: null, description: null, isDemo: true, warnings: [], series: seriesList };
}

/** Sagittal stack at x = -8..8 (5 slices, 4 mm). */
export const sagittal = (id: number, type: SeriesType = 'Sagittal T2/STIR') =>
  series(
    id,
    type,
    [-8, -4, 0, 4, 8].map((x, i) => instance(i + 1, [x, -50, 50], SAG)),
  );
/** Axial stack at the given z positions (ascending order as the index gives it). */
export const axial = (id: number, zs: number[], forUid: string | null = '1.2.3') =>
  series(
    id,
    'Axial T2',
    zs.map((z, i) => instance(i + 1, [-50, -50, z], AX)),
    forUid,
  );
