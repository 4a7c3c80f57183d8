/**
 * The demo dataset plan and its ground-truth manifest (the content of `demo_ground_truth.json`).
 *
 * Pure: `planDemoDataset` derives every study (Kaggle-like numeric ids, DICOM UIDs, anatomy, series
 * geometry, grades, label points) from the options alone, and `computeDemoManifest` gives the ground truth
 * without rendering or reading any file. Invariants: same options -> same plan; study ids (7-10 digits) and
 * series ids (8-10 digits) are unique within the dataset, studies are listed by ascending study id and
 * series by ascending series id; every label point is inside its instance's image, on the usual series type
 * of its condition (canal: mid-sagittal T2, foramina: parasagittal T1 through that side's foramen,
 * subarticular: the axial slice nearest the disc).
 */
import { CONDITION_LEVELS, type Condition, type Grade, type Level } from '../domain/protocol.js';
import { buildAnatomy, toPatient, type Anatomy, type Side, type SpineXYZ } from './anatomy.js';
import { nearestPlane, patientToPixel, type Vec3 } from './geometry.js';
import { studyGrades, type StudyGrades } from './grades.js';
import { rngFor, uidFor } from './random.js';
import { planSeries, type DemoSeriesType, type SeriesAcquisition } from './series.js';

export const GROUND_TRUTH_SCHEMA = 'lumbar-demo-ground-truth/v1';
export const DEFAULT_SEED = 1;
export const DEFAULT_AXIAL_SLICES_PER_DISC = 3;

export interface DemoOptions {
  readonly studies: number;
  readonly seed?: number;
  /** Axial slices through each disc (default 3). */
  readonly axialSlicesPerDisc?: number;
  /** If set, one continuous axial stack of this many 512x512 slices covering L1..S1 instead. */
  readonly axialContinuousSlices?: number;
}

export interface DemoSeriesTruth {
  readonly series_id: number;
  readonly type: DemoSeriesType;
  readonly instances: number;
}

export interface DemoDiscTruth {
  readonly level: Level;
  readonly center_lps: readonly [number, number, number];
}

export interface DemoLabel {
  readonly condition: Condition;
  readonly level: Level;
  readonly grade: Grade;
  readonly series_id: number;
  readonly instance_number: number;
  /** Column, float pixel coordinate. */
  readonly x: number;
  /** Row, float pixel coordinate. */
  readonly y: number;
}

export interface DemoStudyTruth {
  readonly study_id: number;
  readonly series: readonly DemoSeriesTruth[];
  readonly discs: readonly DemoDiscTruth[];
  readonly labels: readonly DemoLabel[];
}

/** The ground truth of a demo dataset (= demo_ground_truth.json). */
export interface DemoManifest {
  readonly schema: typeof GROUND_TRUTH_SCHEMA;
  readonly seed: number;
  readonly studies: readonly DemoStudyTruth[];
}

export interface PlannedSeries extends SeriesAcquisition {
  readonly seriesId: number;
  readonly seriesInstanceUid: string;
}

export interface StudyPlan {
  /** Position in generation order (0-based); it keys the study's randomness. */
  readonly index: number;
  readonly studyId: number;
  readonly studyInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly patientName: string;
  readonly patientId: string;
  readonly patientSex: 'F' | 'M';
  readonly patientAge: string;
  readonly studyDate: string;
  readonly grades: StudyGrades;
  readonly anatomy: Anatomy;
  /** Series in ascending series id order. */
  readonly series: readonly PlannedSeries[];
  readonly truth: DemoStudyTruth;
}

export interface DatasetPlan {
  readonly seed: number;
  /** Studies in ascending study id order. */
  readonly studies: readonly StudyPlan[];
}

/** Validated options with defaults applied. */
export function normalizeOptions(options: DemoOptions): Required<Omit<DemoOptions, 'axialContinuousSlices'>> & {
  axialContinuousSlices?: number;
} {
  const seed = options.seed ?? DEFAULT_SEED;
  const perDisc = options.axialSlicesPerDisc ?? DEFAULT_AXIAL_SLICES_PER_DISC;
  if (!Number.isInteger(options.studies) || options.studies < 1 || options.studies > 500) {
    throw new RangeError(`studies must be an integer in 1..500, got ${options.studies}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(perDisc) || perDisc < 1 || perDisc > 9) {
    throw new RangeError(`axialSlicesPerDisc must be an integer in 1..9, got ${perDisc}`);
  }
  const cont = options.axialContinuousSlices;
  if (cont !== undefined && (!Number.isInteger(cont) || cont < 2 || cont > 400)) {
    throw new RangeError(`axialContinuousSlices must be an integer in 2..400, got ${cont}`);
  }
  return { studies: options.studies, seed, axialSlicesPerDisc: perDisc, ...(cont !== undefined ? { axialContinuousSlices: cont } : {}) };
}

/** A number with `digits` digits, below 2^32 (Kaggle ids fit in uint32... mostly). */
function drawId(rng: ReturnType<typeof rngFor>, minDigits: number, maxDigits: number, used: Set<number>): number {
  for (;;) {
    const digits = rng.int(minDigits, maxDigits);
    const lo = 10 ** (digits - 1);
    const hi = Math.min(10 ** digits - 1, 4_294_967_295);
    const id = lo + Math.floor(rng.next() * (hi - lo + 1));
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

const round6 = (v: number): number => Number(v.toFixed(6));

/** Plans the whole dataset (pure). */
export function planDemoDataset(options: DemoOptions): DatasetPlan {
  const opts = normalizeOptions(options);
  const seed = opts.seed;
  const usedStudy = new Set<number>();
  const usedSeries = new Set<number>();
  const idRng = rngFor(seed, 'ids');
  const axialKey = opts.axialContinuousSlices !== undefined ? `cont${opts.axialContinuousSlices}` : `disc${opts.axialSlicesPerDisc}`;
  const studies: StudyPlan[] = [];
  for (let index = 0; index < opts.studies; index++) {
    const studyId = drawId(idRng, 7, 10, usedStudy);
    const seriesIds = [drawId(idRng, 8, 10, usedSeries), drawId(idRng, 8, 10, usedSeries), drawId(idRng, 8, 10, usedSeries)];
    const grades = studyGrades(seed, index);
    const anatomy = buildAnatomy({ seed, studyIndex: index, grades });
    const acquisitions = planSeries(anatomy, {
      perDisc: opts.axialSlicesPerDisc,
      ...(opts.axialContinuousSlices !== undefined ? { continuousSlices: opts.axialContinuousSlices } : {}),
    });
    const series: PlannedSeries[] = acquisitions
      .map((acq, k) => ({
        ...acq,
        seriesId: seriesIds[k] as number,
        seriesInstanceUid: uidFor(seed, 'series', index, acq.type, acq.type === 'Axial T2' ? axialKey : ''),
      }))
      .sort((a, b) => a.seriesId - b.seriesId);
    const rng = rngFor(seed, 'patient', index);
    const day = rng.int(0, 364);
    const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000);
    const studyDate = date.toISOString().slice(0, 10).replaceAll('-', '');
    const plan = {
      index,
      studyId,
      studyInstanceUid: uidFor(seed, 'study', index),
      frameOfReferenceUid: uidFor(seed, 'frame-of-reference', index),
      patientName: `Demo^Study${index + 1}`,
      patientId: `DEMO-${studyId}`,
      patientSex: rng.next() < 0.5 ? ('F' as const) : ('M' as const),
      patientAge: `${String(rng.int(35, 82)).padStart(3, '0')}Y`,
      studyDate,
      grades,
      anatomy,
      series,
    };
    studies.push({ ...plan, truth: studyTruth(plan) });
  }
  studies.sort((a, b) => a.studyId - b.studyId);
  return { seed, studies };
}

function seriesOf(series: readonly PlannedSeries[], type: DemoSeriesType): PlannedSeries {
  const found = series.find((s) => s.type === type);
  if (!found) throw new Error(`no ${type} series`);
  return found;
}

/** The label point of a spine landmark on the nearest slice of a series (by the slice normal). */
function labelPoint(anatomy: Anatomy, series: PlannedSeries, target: SpineXYZ): { instance: number; x: number; y: number } {
  const p = toPatient(anatomy, target) as Vec3;
  const planes = series.slices.map((sl) => sl.plane);
  const k = nearestPlane(planes, p);
  const slice = series.slices[k];
  if (!slice) throw new Error('empty series');
  const px = patientToPixel(slice.plane, p);
  return { instance: slice.instanceNumber, x: round6(px.x), y: round6(px.y) };
}

function studyTruth(plan: Omit<StudyPlan, 'truth'>): DemoStudyTruth {
  const { anatomy, series, grades } = plan;
  const sagT1 = seriesOf(series, 'Sagittal T1');
  const sagT2 = seriesOf(series, 'Sagittal T2/STIR');
  const axT2 = seriesOf(series, 'Axial T2');
  const labels: DemoLabel[] = CONDITION_LEVELS.map(({ condition, level }) => {
    const lv = anatomy.levels.find((l) => l.level === level);
    if (!lv) throw new Error(`no anatomy for ${level}`);
    let target: SpineXYZ;
    let s: PlannedSeries;
    const side: Side = condition.startsWith('Left') ? 'left' : 'right';
    if (condition === 'Spinal Canal Stenosis') {
      target = lv.canalPoint;
      s = sagT2;
    } else if (condition.endsWith('Neural Foraminal Narrowing')) {
      target = lv.foramenPoint[side];
      s = sagT1;
    } else {
      target = lv.recessPoint[side];
      s = axT2;
    }
    const pt = labelPoint(anatomy, s, target);
    return {
      condition,
      level,
      grade: grades[condition][level],
      series_id: s.seriesId,
      instance_number: pt.instance,
      x: pt.x,
      y: pt.y,
    };
  });
  return {
    study_id: plan.studyId,
    series: series.map((s) => ({ series_id: s.seriesId, type: s.type, instances: s.slices.length })),
    discs: anatomy.levels.map((lv) => {
      const c = toPatient(anatomy, lv.discCenter);
      return { level: lv.level, center_lps: [round6(c[0]), round6(c[1]), round6(c[2])] as const };
    }),
    labels,
  };
}

/** The ground truth of the dataset `generateDemoDataset` would write with these options (pure, no I/O). */
export function computeDemoManifest(options: DemoOptions): DemoManifest {
  const plan = planDemoDataset(options);
  return manifestOf(plan);
}

export function manifestOf(plan: DatasetPlan): DemoManifest {
  return { schema: GROUND_TRUTH_SCHEMA, seed: plan.seed, studies: plan.studies.map((s) => s.truth) };
}
