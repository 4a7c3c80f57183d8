/**
 * Display operations on one Cornerstone stack viewport (window/level presets, zoom, pan, flip, invert,
 * reset) and the read-out of its display state for the overlays. Works on both render paths.
 *
 * Invariants: every operation ends with a render; zoom is reported relative to fit-to-window (the camera's
 * parallel scale after reset), because Cornerstone's own getZoom differs between the CPU path (absolute
 * scale) and WebGL (relative to the initial camera); the CPU path's half-pixel world shift is exposed as
 * `displayOffset` so every layer (points, lines, locate) converts DICOM patient space the same way.
 */
import type { Types } from '@cornerstonejs/core';
import {
  add,
  columnDirection,
  orientationMarkers,
  rowDirection,
  scale,
  type OrientationMarkers,
  type SlicePlane,
  type Vec3,
} from '../../../annotations/domain/geometry';
import {
  autoWindow,
  fromCenterWidth,
  MR_PRESETS,
  percentiles,
  toCenterWidth,
  type MrPreset,
  type Percentiles,
  type VoiWindow,
} from './display';
import type { StackSlice } from './stacks';

export type StackViewport = Types.IStackViewport;

/**
 * Offset from DICOM patient space to Cornerstone world for a slice. On the CPU path Cornerstone maps pixel
 * index p to origin + p * spacing with the image drawn from the pixel's corner, so a pixel centre (DICOM's
 * IPP convention) sits half a pixel further along both image axes; WebGL (vtk) keeps DICOM's convention.
 */
export function displayOffset(plane: SlicePlane, cpu: boolean): Vec3 {
  if (!cpu) return [0, 0, 0];
  const [rowSpacing, columnSpacing] = plane.pixelSpacing;
  return add(scale(rowDirection(plane.iop), columnSpacing / 2), scale(columnDirection(plane.iop), rowSpacing / 2));
}

/** Percentiles of the image currently shown (for presets and series without a DICOM VOI). */
export function currentPercentiles(vp: StackViewport): Percentiles | null {
  const image = vp.getCornerstoneImage();
  if (!image) return null;
  return percentiles({ pixels: image.getPixelData(), slope: image.slope, intercept: image.intercept });
}

/** The initial window of a series: its DICOM VOI, else the histogram of the first slice shown. */
export function initialWindow(
  vp: StackViewport,
  slice: StackSlice | undefined,
): { window: VoiWindow | null; percentiles: Percentiles | null } {
  const dicom = { center: slice?.instance.windowCenter ?? null, width: slice?.instance.windowWidth ?? null };
  if (dicom.center !== null && dicom.width !== null && dicom.width > 0)
    return { window: fromCenterWidth(dicom.center, dicom.width), percentiles: null };
  const p = currentPercentiles(vp);
  return { window: autoWindow(dicom, p), percentiles: p };
}

export function setWindow(vp: StackViewport, window: VoiWindow): void {
  vp.setProperties({ voiRange: { lower: window.lower, upper: window.upper } });
  vp.render();
}

export function presetWindow(presetId: MrPreset['id'], p: Percentiles, dicom: VoiWindow | null): VoiWindow {
  const preset = MR_PRESETS.find((m) => m.id === presetId) ?? MR_PRESETS[0]!;
  return preset.window(p, dicom);
}

export function zoomBy(vp: StackViewport, factor: number): void {
  vp.setZoom(vp.getZoom() * factor);
  vp.render();
}

/** Moves the image by (dx, dy) canvas pixels. */
export function panBy(vp: StackViewport, dx: number, dy: number): void {
  const camera = vp.getCamera();
  const { clientWidth: w, clientHeight: h } = vp.element;
  const moved = vp.canvasToWorld([w / 2 - dx, h / 2 - dy]);
  const centre = vp.canvasToWorld([w / 2, h / 2]);
  const delta: Types.Point3 = [moved[0] - centre[0], moved[1] - centre[1], moved[2] - centre[2]];
  const shift = (p: Types.Point3 | undefined): Types.Point3 | undefined => (p ? [p[0] + delta[0], p[1] + delta[1], p[2] + delta[2]] : p);
  vp.setCamera({ ...camera, focalPoint: shift(camera.focalPoint)!, position: shift(camera.position)! });
  vp.render();
}

export function flip(vp: StackViewport, axis: 'horizontal' | 'vertical'): void {
  const camera = vp.getCamera();
  vp.setCamera(axis === 'horizontal' ? { flipHorizontal: !camera.flipHorizontal } : { flipVertical: !camera.flipVertical });
  vp.render();
}

export function toggleInvert(vp: StackViewport): void {
  vp.setProperties({ invert: !vp.getProperties().invert });
  vp.render();
}

/** Fit to window, no pan, no flips, not inverted, the series' initial window; returns the fit scale. */
export function resetView(vp: StackViewport, window: VoiWindow | null): number {
  vp.setCamera({ flipHorizontal: false, flipVertical: false });
  vp.resetCamera();
  vp.setProperties({ invert: false, ...(window ? { voiRange: { lower: window.lower, upper: window.upper } } : {}) });
  vp.render();
  return vp.getCamera().parallelScale ?? 1;
}

/**
 * After the viewport's size changed: the new fit-to-window scale; a viewport that was at fit is fitted
 * again (flips kept), a zoomed one keeps its camera.
 */
export function refitAfterResize(vp: StackViewport, fitParallelScale: number | null): number | null {
  const saved = vp.getCamera();
  if (!saved.parallelScale) return fitParallelScale;
  const atFit = fitParallelScale !== null && Math.abs(fitParallelScale / saved.parallelScale - 1) < 0.01;
  vp.resetCamera();
  const fit = vp.getCamera().parallelScale ?? fitParallelScale;
  vp.setCamera(atFit ? { flipHorizontal: saved.flipHorizontal, flipVertical: saved.flipVertical } : saved);
  vp.render();
  return fit;
}

export interface DisplayReadout {
  readonly windowCenter: number | null;
  readonly windowWidth: number | null;
  readonly zoom: number;
  readonly invert: boolean;
  readonly flipHorizontal: boolean;
  readonly flipVertical: boolean;
  readonly markers: OrientationMarkers | null;
}

/** What the overlays show about a viewport's display. */
export function readout(vp: StackViewport, plane: SlicePlane | null, fitParallelScale: number | null): DisplayReadout {
  const { voiRange, invert } = vp.getProperties();
  const camera = vp.getCamera();
  const cw = voiRange ? toCenterWidth(voiRange) : null;
  const zoom = fitParallelScale && camera.parallelScale ? fitParallelScale / camera.parallelScale : 1;
  const flipHorizontal = Boolean(camera.flipHorizontal);
  const flipVertical = Boolean(camera.flipVertical);
  return {
    windowCenter: cw ? Math.round(cw.center) : null,
    windowWidth: cw ? Math.round(cw.width) : null,
    zoom: Math.round(zoom * 100) / 100,
    invert: Boolean(invert),
    flipHorizontal,
    flipVertical,
    markers: plane ? orientationMarkers(plane.iop, { horizontal: flipHorizontal, vertical: flipVertical }) : null,
  };
}
