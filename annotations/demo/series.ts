/**
 * Acquisition plan of the three demo series of a study: slice planes, instance numbers, MR parameters.
 *
 * Pure. Sagittal T1 and T2 share one slice geometry (15 slices, 4 mm apart, 384x384, 0.8 mm, IOP 0\1\0\0\0\-1)
 * but number their instances in opposite directions (T1: patient right to left, T2: left to right), so a
 * consumer must sort by geometry. The axial T2 (IOP 1\0\0\0\1\0) is either `perDisc` slices centred on each
 * disc L1/L2..L5/S1 (4 mm apart, 320x320, 0.65 mm) or one continuous stack (512x512, 0.4 mm) covering L1..S1.
 * Axial instances run head to feet. Invariants: every position is rounded to 4 decimals (so DICOM DS text
 * and these numbers agree exactly); `slices` is in instance-number order starting at 1.
 */
import type { SeriesType } from '../domain/protocol.js';
import { POSTERIOR_WALL, toPatient, type Anatomy } from './anatomy.js';
import { roundMm, type SlicePlane, type Vec3 } from './geometry.js';
import type { Contrast } from './render.js';

export type DemoSeriesType = Exclude<SeriesType, 'Other'>;

export interface PlannedSlice {
  readonly instanceNumber: number;
  readonly plane: SlicePlane;
}

export interface SeriesAcquisition {
  readonly type: DemoSeriesType;
  readonly description: string;
  readonly seriesNumber: number;
  readonly contrast: Contrast;
  readonly slices: readonly PlannedSlice[];
  readonly sliceThickness: number;
  readonly spacingBetweenSlices: number;
  readonly repetitionTime: number;
  readonly echoTime: number;
  readonly echoTrainLength: number;
  readonly sequenceName: string;
  readonly flipAngle: number;
  readonly phaseEncoding: 'ROW' | 'COL';
}

export interface AxialOptions {
  /** Slices per disc (default 3), used when `continuousSlices` is not set. */
  readonly perDisc: number;
  /** A continuous stack of this many slices covering L1..S1 instead. */
  readonly continuousSlices?: number;
}

const SAGITTAL_SLICES = 15;
const SAGITTAL_SPACING = 4;
const SAGITTAL_SIZE = 384;
const SAGITTAL_PIXEL = 0.8;
const SAG_IOP = { row: [0, 1, 0] as Vec3, col: [0, 0, -1] as Vec3 };
const AX_IOP = { row: [1, 0, 0] as Vec3, col: [0, 1, 0] as Vec3 };

function sagittalPlanes(): SlicePlane[] {
  const fov = SAGITTAL_SIZE * SAGITTAL_PIXEL;
  return Array.from({ length: SAGITTAL_SLICES }, (_, i) => ({
    position: [roundMm((i - (SAGITTAL_SLICES - 1) / 2) * SAGITTAL_SPACING), roundMm(-165), roundMm(fov / 2 - 25)] as Vec3,
    rowDirection: SAG_IOP.row,
    columnDirection: SAG_IOP.col,
    rows: SAGITTAL_SIZE,
    columns: SAGITTAL_SIZE,
    rowSpacing: SAGITTAL_PIXEL,
    columnSpacing: SAGITTAL_PIXEL,
  }));
}

function axialPlane(z: number, size: number, pixel: number): SlicePlane {
  const fov = size * pixel;
  return {
    position: [roundMm(-fov / 2), roundMm(-fov / 2 + 25), roundMm(z)],
    rowDirection: AX_IOP.row,
    columnDirection: AX_IOP.col,
    rows: size,
    columns: size,
    rowSpacing: pixel,
    columnSpacing: pixel,
  };
}

/** z of the posterior margin of a disc (where the axial block through that disc is centred). */
function discPosteriorZ(anatomy: Anatomy, levelIndex: number): number {
  const lv = anatomy.levels[levelIndex];
  if (!lv) throw new Error(`no level ${levelIndex}`);
  return toPatient(anatomy, { s: lv.discCenter.s, x: 0, w: POSTERIOR_WALL })[2];
}

export function planSeries(anatomy: Anatomy, axial: AxialOptions): SeriesAcquisition[] {
  const sag = sagittalPlanes();
  const sagT1: PlannedSlice[] = sag.map((plane, i) => ({ instanceNumber: i + 1, plane }));
  const sagT2: PlannedSlice[] = sag.map((plane, i) => ({ instanceNumber: sag.length - i, plane })).reverse();

  let axialPlanes: SlicePlane[];
  let axialSpacing: number;
  let axialThickness: number;
  if (axial.continuousSlices !== undefined) {
    const n = axial.continuousSlices;
    const l1 = anatomy.vertebrae.find((v) => v.name === 'L1');
    const s1 = anatomy.vertebrae.find((v) => v.name === 'S1');
    if (!l1 || !s1) throw new Error('anatomy without L1/S1');
    const zTop = toPatient(anatomy, { s: l1.sTop, x: 0, w: POSTERIOR_WALL })[2] + 3;
    const zBottom = toPatient(anatomy, { s: s1.sTop + 6, x: 0, w: POSTERIOR_WALL })[2];
    axialSpacing = roundMm(n > 1 ? (zTop - zBottom) / (n - 1) : 4, 3);
    axialThickness = roundMm(Math.min(axialSpacing, 4), 3);
    const start = roundMm(zTop, 2);
    axialPlanes = Array.from({ length: n }, (_, i) => axialPlane(start - i * axialSpacing, 512, 0.4));
  } else {
    axialSpacing = 4;
    axialThickness = 3.5;
    axialPlanes = [];
    for (let li = 0; li < anatomy.levels.length; li++) {
      const zc = roundMm(discPosteriorZ(anatomy, li), 2);
      for (let j = 0; j < axial.perDisc; j++) {
        axialPlanes.push(axialPlane(zc - (j - (axial.perDisc - 1) / 2) * axialSpacing, 320, 0.65));
      }
    }
  }
  const axT2: PlannedSlice[] = axialPlanes.map((plane, i) => ({ instanceNumber: i + 1, plane }));

  return [
    {
      type: 'Sagittal T1',
      description: 'SAG T1',
      seriesNumber: 3,
      contrast: 'T1',
      slices: sagT1,
      sliceThickness: 3.5,
      spacingBetweenSlices: SAGITTAL_SPACING,
      repetitionTime: 600,
      echoTime: 10,
      echoTrainLength: 3,
      sequenceName: '*tse2d1_3',
      flipAngle: 150,
      phaseEncoding: 'COL',
    },
    {
      type: 'Sagittal T2/STIR',
      description: 'SAG T2',
      seriesNumber: 4,
      contrast: 'T2',
      slices: sagT2,
      sliceThickness: 3.5,
      spacingBetweenSlices: SAGITTAL_SPACING,
      repetitionTime: 3500,
      echoTime: 100,
      echoTrainLength: 17,
      sequenceName: '*tse2d1_17',
      flipAngle: 150,
      phaseEncoding: 'COL',
    },
    {
      type: 'Axial T2',
      description: 'AX T2',
      seriesNumber: 5,
      contrast: 'T2',
      slices: axT2,
      sliceThickness: axialThickness,
      spacingBetweenSlices: axialSpacing,
      repetitionTime: 3800,
      echoTime: 96,
      echoTrainLength: 15,
      sequenceName: '*tse2d1_15',
      flipAngle: 150,
      phaseEncoding: 'ROW',
    },
  ];
}
