/**
 * Patient-space geometry of image slices (DICOM LPS, millimetres). Pure.
 *
 * Conventions: ImageOrientationPatient = [row direction (along a row: columns increase) x3,
 * column direction (down a column: rows increase) x3]; PixelSpacing = [between rows, between columns];
 * pixel (x = column, y = row) -> IPP + x * columnSpacing * rowDir + y * rowSpacing * colDir.
 */

export type Vec3 = readonly [number, number, number];

export interface SlicePlane {
  readonly ipp: Vec3;
  /** [rowDir(3), colDir(3)] */
  readonly iop: readonly [number, number, number, number, number, number];
  /** [row spacing, column spacing] */
  readonly pixelSpacing: readonly [number, number];
  readonly rows: number;
  readonly columns: number;
}

export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
export const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
export const normalize = (a: Vec3): Vec3 => {
  const n = norm(a);
  return n === 0 ? a : scale(a, 1 / n);
};

export function rowDirection(iop: SlicePlane['iop']): Vec3 {
  return [iop[0], iop[1], iop[2]];
}
export function columnDirection(iop: SlicePlane['iop']): Vec3 {
  return [iop[3], iop[4], iop[5]];
}

/** Unit normal of a slice (rowDir x colDir). */
export function sliceNormal(iop: SlicePlane['iop']): Vec3 {
  return normalize(cross(rowDirection(iop), columnDirection(iop)));
}

/** Patient-space point of a (sub-)pixel position, x = column, y = row. */
export function pixelToPatient(plane: SlicePlane, x: number, y: number): Vec3 {
  const [rowSpacing, columnSpacing] = plane.pixelSpacing;
  return add(add(plane.ipp, scale(rowDirection(plane.iop), x * columnSpacing)), scale(columnDirection(plane.iop), y * rowSpacing));
}

/** Pixel position (x = column, y = row) of the projection of a patient point onto the slice plane. */
export function patientToPixel(plane: SlicePlane, point: Vec3): { x: number; y: number; distance: number } {
  const [rowSpacing, columnSpacing] = plane.pixelSpacing;
  const d = sub(point, plane.ipp);
  return {
    x: dot(d, rowDirection(plane.iop)) / columnSpacing,
    y: dot(d, columnDirection(plane.iop)) / rowSpacing,
    distance: dot(d, sliceNormal(plane.iop)),
  };
}

/** Which anatomical plane a slice is closest to, from its normal. */
export function dominantPlane(iop: SlicePlane['iop']): 'sagittal' | 'coronal' | 'axial' {
  const n = sliceNormal(iop);
  const ax = Math.abs(n[0]);
  const ay = Math.abs(n[1]);
  const az = Math.abs(n[2]);
  if (ax >= ay && ax >= az) return 'sagittal';
  if (ay >= az) return 'coronal';
  return 'axial';
}

/** Angle in degrees between a slice's normal and the nearest patient axis. */
export function obliquityDegrees(iop: SlicePlane['iop']): number {
  const n = sliceNormal(iop);
  const maxComponent = Math.max(Math.abs(n[0]), Math.abs(n[1]), Math.abs(n[2]));
  return (Math.acos(Math.min(1, maxComponent)) * 180) / Math.PI;
}

/**
 * Orientation label of a direction (DICOM convention, LPS): the letters of the patient directions it
 * points to, most significant first, e.g. [0,1,0] -> "P", [0.7,0,-0.7] -> "LF" style "LI".
 */
export function orientationLabel(direction: Vec3, maxLetters = 2): string {
  const letters: Array<[number, string]> = [
    [direction[0], direction[0] > 0 ? 'L' : 'R'],
    [direction[1], direction[1] > 0 ? 'P' : 'A'],
    [direction[2], direction[2] > 0 ? 'S' : 'I'],
  ];
  return letters
    .filter(([v]) => Math.abs(v) > 1e-3)
    .sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))
    .slice(0, maxLetters)
    .filter(([v], i) => i === 0 || Math.abs(v) > 0.25)
    .map(([, l]) => l)
    .join('');
}

// ---------------------------------------------------------------------------------------------------------
// Viewer geometry: reference lines, nearest slice, orientation markers, stacks. All in patient space (LPS mm);
// pixel centres sit at integer (x = column, y = row), so an image covers x in [-0.5, columns - 0.5].

/** A line in patient space: a point on it and a unit direction. */
export interface Line3 {
  readonly point: Vec3;
  readonly direction: Vec3;
}

/** A segment in patient space. */
export interface Segment3 {
  readonly start: Vec3;
  readonly end: Vec3;
}

/** Tolerance (sine of the angle) under which two slice normals count as parallel. */
const PARALLEL_EPSILON = 1e-6;

/** The intersection line of two (infinite) slice planes, or null when they are parallel. */
export function planeIntersectionLine(a: SlicePlane, b: SlicePlane): Line3 | null {
  const na = sliceNormal(a.iop);
  const nb = sliceNormal(b.iop);
  const d = cross(na, nb);
  const d2 = dot(d, d);
  if (d2 < PARALLEL_EPSILON * PARALLEL_EPSILON) return null;
  const ha = dot(na, a.ipp);
  const hb = dot(nb, b.ipp);
  // Point on both planes n_a.x = h_a, n_b.x = h_b: (h_a (n_b x d) + h_b (d x n_a)) / |d|^2.
  const point = scale(add(scale(cross(nb, d), ha), scale(cross(d, na), hb)), 1 / d2);
  return { point, direction: normalize(d) };
}

/**
 * The parameter interval [t0, t1] of `line` (assumed to lie in the plane) inside the image rectangle of
 * `plane` (its pixel edges), or null when the line misses it.
 */
export function clipLineToImage(
  line: Line3,
  plane: SlicePlane,
  interval: readonly [number, number] = [-Infinity, Infinity],
): [number, number] | null {
  const [rowSpacing, columnSpacing] = plane.pixelSpacing;
  const axes: Array<[Vec3, number, number]> = [
    // direction, extent in mm, offset of the first pixel's centre from the image edge
    [rowDirection(plane.iop), plane.columns * columnSpacing, columnSpacing / 2],
    [columnDirection(plane.iop), plane.rows * rowSpacing, rowSpacing / 2],
  ];
  let [t0, t1] = interval;
  for (const [axis, extent, half] of axes) {
    const p = dot(sub(line.point, plane.ipp), axis) + half; // coordinate of line.point from the edge
    const v = dot(line.direction, axis);
    if (Math.abs(v) < 1e-12) {
      if (p < -1e-9 || p > extent + 1e-9) return null;
      continue;
    }
    let a = -p / v;
    let b = (extent - p) / v;
    if (a > b) [a, b] = [b, a];
    t0 = Math.max(t0, a);
    t1 = Math.min(t1, b);
  }
  return t0 <= t1 ? [t0, t1] : null;
}

/**
 * The reference line of `source` drawn on `target`: where the two slice planes cross, limited to the part
 * inside both images. Null when the planes are parallel or the images do not overlap.
 */
export function referenceSegment(source: SlicePlane, target: SlicePlane): Segment3 | null {
  const line = planeIntersectionLine(source, target);
  if (!line) return null;
  const inSource = clipLineToImage(line, source);
  if (!inSource) return null;
  const both = clipLineToImage(line, target, inSource);
  if (!both) return null;
  return { start: add(line.point, scale(line.direction, both[0])), end: add(line.point, scale(line.direction, both[1])) };
}

export type ReferenceLineResult =
  | { readonly kind: 'line'; readonly segment: Segment3; readonly frameOfReferenceMismatch: boolean }
  | { readonly kind: 'parallel' }
  | { readonly kind: 'outside' }
  | { readonly kind: 'missing-geometry' };

/**
 * What to draw for a source slice on a target slice. Different frames of reference (or an unknown one)
 * still give the line, flagged, because the viewer shows it with a warning rather than hiding it.
 */
export function referenceLine(
  source: SlicePlane | null,
  target: SlicePlane | null,
  sourceFrameOfReference: string | null,
  targetFrameOfReference: string | null,
): ReferenceLineResult {
  if (!source || !target) return { kind: 'missing-geometry' };
  if (!planeIntersectionLine(source, target)) return { kind: 'parallel' };
  const segment = referenceSegment(source, target);
  if (!segment) return { kind: 'outside' };
  const frameOfReferenceMismatch = !sourceFrameOfReference || !targetFrameOfReference || sourceFrameOfReference !== targetFrameOfReference;
  return { kind: 'line', segment, frameOfReferenceMismatch };
}

/** Signed distance (mm) of a point from a slice plane, along the slice normal. */
export function distanceToPlane(plane: SlicePlane, point: Vec3): number {
  return dot(sub(point, plane.ipp), sliceNormal(plane.iop));
}

/**
 * Index of the slice whose plane is nearest to `point` (slices without geometry are skipped; ties go to
 * the lower index), with that distance; null when no slice has geometry.
 */
export function nearestSliceIndex(planes: ReadonlyArray<SlicePlane | null>, point: Vec3): { index: number; distance: number } | null {
  let best: { index: number; distance: number } | null = null;
  planes.forEach((plane, index) => {
    if (!plane) return;
    const distance = Math.abs(distanceToPlane(plane, point));
    if (!best || distance < best.distance - 1e-9) best = { index, distance };
  });
  return best;
}

/** Patient-space centre of a slice image. */
export function planeCenter(plane: SlicePlane): Vec3 {
  return pixelToPatient(plane, (plane.columns - 1) / 2, (plane.rows - 1) / 2);
}

/** True when two slices' normals are within `degrees` of each other (either sign). */
export function sameOrientation(a: SlicePlane['iop'], b: SlicePlane['iop'], degrees = 10): boolean {
  return Math.abs(dot(sliceNormal(a), sliceNormal(b))) >= Math.cos((degrees * Math.PI) / 180);
}

export interface OrientationMarkers {
  readonly left: string;
  readonly right: string;
  readonly top: string;
  readonly bottom: string;
}

/**
 * The patient-direction letters at the four edges of a displayed slice (no rotation): screen right is the
 * row direction (reversed when flipped horizontally), screen down the column direction (reversed when
 * flipped vertically).
 */
export function orientationMarkers(iop: SlicePlane['iop'], flip: { horizontal?: boolean; vertical?: boolean } = {}): OrientationMarkers {
  const right = scale(rowDirection(iop), flip.horizontal ? -1 : 1);
  const down = scale(columnDirection(iop), flip.vertical ? -1 : 1);
  return {
    left: orientationLabel(scale(right, -1)),
    right: orientationLabel(right),
    top: orientationLabel(scale(down, -1)),
    bottom: orientationLabel(down),
  };
}

/**
 * Order for a stack made of several series' slices: by position along `normal` (ascending when
 * `ascending`), stable for equal positions. Returns indices into `planes`; slices without geometry last.
 */
export function orderAlongNormal(planes: ReadonlyArray<SlicePlane | null>, normal: Vec3, ascending = true): number[] {
  const keyed = planes.map((plane, index) => ({ index, key: plane ? dot(plane.ipp, normal) : null }));
  const withGeometry = keyed.filter((k): k is { index: number; key: number } => k.key !== null);
  withGeometry.sort((a, b) => (ascending ? a.key - b.key : b.key - a.key) || a.index - b.index);
  return [...withGeometry.map((k) => k.index), ...keyed.filter((k) => k.key === null).map((k) => k.index)];
}
