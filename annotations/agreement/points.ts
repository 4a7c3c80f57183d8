/**
 * Point agreement: for each label two readers both placed a point on, the distance between their points
 * in millimetres in patient space, and whether they chose the same instance; summaries per condition and
 * level (n, median and p90 distance, share on the same instance).
 *
 * Geometry (DICOM C.7.6.2.1.1): P = IPP + x * colSpacing * rowDir + y * rowSpacing * colDir, with
 * x = column and y = row in pixel units of that instance (0 = centre of the first pixel), rowDir =
 * ImageOrientationPatient[0..2], colDir = [3..5], PixelSpacing = [row spacing, column spacing].
 * Invariants: pure; pairs follow reader order of first appearance; a pair whose geometry is unknown
 * counts in n_pairs and the same-instance share but has no distance; quantiles interpolate linearly.
 */
import { quantileSorted } from './numeric.js';

/** One point a reader placed for one label. */
export interface PointRecord {
  readonly reader: string;
  readonly study: string;
  readonly condition: string;
  readonly level: string;
  readonly seriesId: string;
  readonly instanceNumber: number;
  /** Column, in pixels (sub-pixel). */
  readonly x: number;
  /** Row, in pixels (sub-pixel). */
  readonly y: number;
}

/** The geometry tags of one instance. */
export interface InstanceGeometry {
  readonly imagePositionPatient: readonly [number, number, number];
  readonly imageOrientationPatient: readonly [number, number, number, number, number, number];
  /** [row spacing, column spacing] in mm. */
  readonly pixelSpacing: readonly [number, number];
}

/** Geometry of (study, series, instance), or undefined when unknown. */
export type GeometryLookup = (study: string, seriesId: string, instanceNumber: number) => InstanceGeometry | undefined;

export interface PointPair {
  readonly study: string;
  readonly condition: string;
  readonly level: string;
  readonly readerA: string;
  readonly readerB: string;
  readonly sameInstance: boolean;
  /** Distance in mm, or null when a geometry is missing. */
  readonly distanceMm: number | null;
}

export interface PointSummary {
  readonly condition: string;
  /** null for the summary over all levels of the condition. */
  readonly level: string | null;
  /** Pairs compared (both readers placed a point). */
  readonly n_pairs: number;
  /** Pairs with a distance (geometry known for both points). */
  readonly n: number;
  readonly median_mm: number | null;
  readonly p90_mm: number | null;
  readonly same_instance_share: number | null;
}

export interface PointAgreement {
  readonly pairs: PointPair[];
  readonly summaries: PointSummary[];
  /** Second and later points of a reader for the same label (ignored: the first one counts). */
  readonly duplicates: number;
}

/** Patient-space position (mm) of pixel (x = column, y = row) of an instance. */
export function patientPosition(g: InstanceGeometry, x: number, y: number): [number, number, number] {
  const [px, py, pz] = g.imagePositionPatient;
  const [rx, ry, rz, cx, cy, cz] = g.imageOrientationPatient;
  const [rowSpacing, colSpacing] = g.pixelSpacing;
  return [
    px + x * colSpacing * rx + y * rowSpacing * cx,
    py + x * colSpacing * ry + y * rowSpacing * cy,
    pz + x * colSpacing * rz + y * rowSpacing * cz,
  ];
}

function usable(g: InstanceGeometry | undefined): g is InstanceGeometry {
  return (
    g !== undefined &&
    [...g.imagePositionPatient, ...g.imageOrientationPatient, ...g.pixelSpacing].every(Number.isFinite) &&
    g.pixelSpacing[0] > 0 &&
    g.pixelSpacing[1] > 0
  );
}

/** Pairs every two readers' points on the same label and summarises them per condition and level. */
export function pointAgreement(points: readonly PointRecord[], geometry: GeometryLookup): PointAgreement {
  const readers: string[] = [];
  const labels = new Map<string, Map<string, PointRecord>>(); // label -> reader -> first point
  let duplicates = 0;
  for (const p of points) {
    if (!readers.includes(p.reader)) readers.push(p.reader);
    const key = JSON.stringify([p.study, p.condition, p.level]);
    let byReader = labels.get(key);
    if (!byReader) labels.set(key, (byReader = new Map()));
    if (byReader.has(p.reader)) duplicates++;
    else byReader.set(p.reader, p);
  }
  const position = (p: PointRecord): [number, number, number] | undefined => {
    const g = geometry(p.study, p.seriesId, p.instanceNumber);
    return usable(g) ? patientPosition(g, p.x, p.y) : undefined;
  };
  const pairs: PointPair[] = [];
  for (const byReader of labels.values()) {
    for (let a = 0; a < readers.length; a++) {
      for (let b = a + 1; b < readers.length; b++) {
        const pa = byReader.get(readers[a]!);
        const pb = byReader.get(readers[b]!);
        if (!pa || !pb) continue;
        const xa = position(pa);
        const xb = position(pb);
        pairs.push({
          study: pa.study,
          condition: pa.condition,
          level: pa.level,
          readerA: pa.reader,
          readerB: pb.reader,
          sameInstance: pa.seriesId === pb.seriesId && pa.instanceNumber === pb.instanceNumber,
          distanceMm: xa && xb ? Math.hypot(xa[0] - xb[0], xa[1] - xb[1], xa[2] - xb[2]) : null,
        });
      }
    }
  }
  return { pairs, summaries: summarisePairs(pairs), duplicates };
}

function summary(condition: string, level: string | null, group: readonly PointPair[]): PointSummary {
  const distances = Float64Array.from(group.flatMap((p) => (p.distanceMm === null ? [] : [p.distanceMm]))).sort();
  return {
    condition,
    level,
    n_pairs: group.length,
    n: distances.length,
    median_mm: distances.length > 0 ? quantileSorted(distances, 0.5) : null,
    p90_mm: distances.length > 0 ? quantileSorted(distances, 0.9) : null,
    same_instance_share: group.length > 0 ? group.filter((p) => p.sameInstance).length / group.length : null,
  };
}

/** Per condition x level, then per condition over all levels, in order of first appearance. */
export function summarisePairs(pairs: readonly PointPair[]): PointSummary[] {
  const byCondition = new Map<string, Map<string, PointPair[]>>();
  for (const p of pairs) {
    let levels = byCondition.get(p.condition);
    if (!levels) byCondition.set(p.condition, (levels = new Map()));
    let group = levels.get(p.level);
    if (!group) levels.set(p.level, (group = []));
    group.push(p);
  }
  const out: PointSummary[] = [];
  for (const [condition, levels] of byCondition) {
    for (const [level, group] of levels) out.push(summary(condition, level, group));
    out.push(summary(condition, null, [...levels.values()].flat()));
  }
  return out;
}
