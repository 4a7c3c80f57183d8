/**
 * Image-plane geometry in DICOM patient coordinates (LPS, mm).
 *
 * Pure. Conventions (DICOM PS3.3 C.7.6.2): ImageOrientationPatient = rowDirection (direction of increasing
 * column index) then columnDirection (direction of increasing row index); PixelSpacing = [row spacing
 * (between adjacent rows), column spacing (between adjacent columns)]. Pixel (row r, column c) centre is
 * position + c * columnSpacing * rowDirection + r * rowSpacing * columnDirection. Label points use
 * x = column, y = row (float, sub-pixel).
 */

export type Vec3 = readonly [number, number, number];

export interface SlicePlane {
  /** ImagePositionPatient: centre of the first transmitted pixel. */
  readonly position: Vec3;
  readonly rowDirection: Vec3;
  readonly columnDirection: Vec3;
  readonly rows: number;
  readonly columns: number;
  /** PixelSpacing[0]: distance between adjacent rows. */
  readonly rowSpacing: number;
  /** PixelSpacing[1]: distance between adjacent columns. */
  readonly columnSpacing: number;
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** Unit normal of the plane (rowDirection x columnDirection). */
export function sliceNormal(plane: SlicePlane): Vec3 {
  return cross(plane.rowDirection, plane.columnDirection);
}

/** Patient point of pixel (column x, row y). */
export function pixelToPatient(plane: SlicePlane, x: number, y: number): Vec3 {
  const { position: p, rowDirection: rd, columnDirection: cd } = plane;
  const u = x * plane.columnSpacing;
  const v = y * plane.rowSpacing;
  return [p[0] + u * rd[0] + v * cd[0], p[1] + u * rd[1] + v * cd[1], p[2] + u * rd[2] + v * cd[2]];
}

/** Pixel coordinates (x = column, y = row) of the projection of a patient point, and its signed distance. */
export function patientToPixel(plane: SlicePlane, point: Vec3): { x: number; y: number; distance: number } {
  const d: Vec3 = [point[0] - plane.position[0], point[1] - plane.position[1], point[2] - plane.position[2]];
  return {
    x: dot(d, plane.rowDirection) / plane.columnSpacing,
    y: dot(d, plane.columnDirection) / plane.rowSpacing,
    distance: dot(d, sliceNormal(plane)),
  };
}

/** Index of the plane nearest to a point (by distance along each plane's normal). */
export function nearestPlane(planes: readonly SlicePlane[], point: Vec3): number {
  let best = -1;
  let bestDistance = Infinity;
  planes.forEach((plane, i) => {
    const distance = Math.abs(patientToPixel(plane, point).distance);
    if (distance < bestDistance - 1e-9) {
      bestDistance = distance;
      best = i;
    }
  });
  return best;
}

/** Rounds a coordinate so it prints as a short decimal in DICOM DS (max 16 characters). */
export function roundMm(value: number, decimals = 4): number {
  const r = Number(value.toFixed(decimals));
  return Object.is(r, -0) ? 0 : r;
}
