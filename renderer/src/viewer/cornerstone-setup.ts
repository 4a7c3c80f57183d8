/**
 * One-time Cornerstone3D set-up for the window: core, the DICOM image loader (decoding in a worker),
 * tools, and a metadata provider that answers geometry from the dataset index before pixels load
 * (STACK-NOTES: wadouri knows an image's plane only after loading it).
 */
import { init as csInit, getRenderingCapabilities, metaData, setUseCPURendering } from '@cornerstonejs/core';
import { init as dicomImageLoaderInit } from '@cornerstonejs/dicom-image-loader';
import {
  init as toolsInit,
  addTool,
  PanTool,
  StackScrollTool,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import type { InstanceGeometry } from '../../../annotations/contract/types';

export interface RenderPath {
  readonly cpu: boolean;
  readonly renderer: string;
}

const planes = new Map<string, { geometry: InstanceGeometry; rows: number; columns: number; frameOfReferenceUid: string | null }>();

/** Geometry of an image id from the index, for the metadata provider. */
export function registerImagePlane(imageId: string, geometry: InstanceGeometry, rows: number, columns: number, frameOfReferenceUid: string | null): void {
  planes.set(imageId, { geometry, rows, columns, frameOfReferenceUid });
}

function indexPlaneProvider(type: string, imageId: string): unknown {
  if (type !== 'imagePlaneModule') return undefined;
  const plane = planes.get(imageId);
  if (!plane) return undefined;
  const { geometry } = plane;
  return {
    imagePositionPatient: [...geometry.ipp],
    imageOrientationPatient: [...geometry.iop],
    rowCosines: geometry.iop.slice(0, 3),
    columnCosines: geometry.iop.slice(3, 6),
    pixelSpacing: [...geometry.pixelSpacing],
    rowPixelSpacing: geometry.pixelSpacing[0],
    columnPixelSpacing: geometry.pixelSpacing[1],
    rows: plane.rows,
    columns: plane.columns,
    frameOfReferenceUID: plane.frameOfReferenceUid ?? undefined,
    sliceThickness: geometry.sliceThickness ?? undefined,
  };
}

let ready: Promise<RenderPath> | undefined;

export function setupCornerstone(): Promise<RenderPath> {
  ready ??= (async () => {
    csInit();
    const capabilities = getRenderingCapabilities();
    // On a software rasterizer (no GPU) Cornerstone's CPU path renders ~10x faster per slice than WebGL
    // through SwiftShader (STACK-NOTES, measured); on a real GPU keep WebGL.
    const cpu = !capabilities.webgl || capabilities.softwareRasterizer;
    if (cpu) setUseCPURendering(true);
    dicomImageLoaderInit({ maxWebWorkers: Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)) });
    toolsInit();
    addTool(WindowLevelTool);
    addTool(PanTool);
    addTool(ZoomTool);
    addTool(StackScrollTool);
    // Low priority: the loader's own module wins once an image is loaded.
    metaData.addProvider(indexPlaneProvider, -1000);
    return { cpu, renderer: capabilities.renderer };
  })();
  return ready;
}
