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
export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
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
  return add(
    add(plane.ipp, scale(rowDirection(plane.iop), x * columnSpacing)),
    scale(columnDirection(plane.iop), y * rowSpacing),
  );
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
