/**
 * One-time Cornerstone3D set-up for the window: core, the DICOM image loader (decoding in web workers),
 * tools, the image cache limit, and a metadata provider that answers geometry from the dataset index
 * before pixels load (STACK-NOTES: wadouri knows an image's plane only after loading it).
 *
 * Invariants: runs once per window (idempotent promise); the render path (CPU on a software rasterizer,
 * WebGL otherwise) is fixed for the window's life; the cache limit follows the viewer setting.
 */
import {
  cache,
  Enums,
  eventTarget,
  RenderingEngine,
  init as csInit,
  getRenderingCapabilities,
  getWebWorkerManager,
  metaData,
  setUseCPURendering,
  utilities as csUtilities,
} from '@cornerstonejs/core';
import { init as dicomImageLoaderInit } from '@cornerstonejs/dicom-image-loader';
import { init as toolsInit, addTool, PanTool, StackScrollTool, WindowLevelTool, ZoomTool } from '@cornerstonejs/tools';
import type { InstanceGeometry } from '../../../annotations/contract/types';
import { registerFetchLoader } from './fetch-loader';
import { SpinePointTool } from './point-tool';
import type { StackSlice } from './stacks';

declare global {
  interface Window {
    __lumbarCornerstone?: { RenderingEngine: typeof RenderingEngine; Enums: typeof Enums; eventTarget: typeof eventTarget };
  }
}

export interface RenderPath {
  readonly cpu: boolean;
  readonly renderer: string;
}

const planes = new Map<string, { geometry: InstanceGeometry; rows: number; columns: number; frameOfReferenceUid: string | null }>();

/** Geometry of an image id from the index, for the metadata provider. */
export function registerImagePlane(
  imageId: string,
  geometry: InstanceGeometry,
  rows: number,
  columns: number,
  frameOfReferenceUid: string | null,
): void {
  planes.set(imageId, { geometry, rows, columns, frameOfReferenceUid });
}

/** Registers the geometry of every slice of some stacks (those with IPP/IOP and a matrix size). */
export function registerStackPlanes(stacks: ReadonlyArray<{ readonly slices: readonly StackSlice[] }>): void {
  for (const stack of stacks) {
    for (const { imageId, instance, frameOfReferenceUid } of stack.slices) {
      if (instance.geometry && instance.rows && instance.columns) {
        registerImagePlane(imageId, instance.geometry, instance.rows, instance.columns, frameOfReferenceUid);
      }
    }
  }
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

/**
 * Runs one tiny decode (2x2, uncompressed) at start-up: the decode worker loads and compiles its code now,
 * not when the first study opens (measured: the first open otherwise waits ~0.3 s for it here).
 */
function warmDecodeWorker(): void {
  const imageFrame = {
    rows: 2,
    columns: 2,
    bitsAllocated: 16,
    bitsStored: 12,
    highBit: 11,
    pixelRepresentation: 0,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
  };
  const args = { imageFrame, transferSyntax: '1.2.840.10008.1.2.1', pixelData: new Uint8Array(8), options: {}, decodeConfig: {} };
  void getWebWorkerManager()
    .executeTask('dicomImageLoader', 'decodeTask', args)
    .catch(() => undefined);
}
let renderPath: RenderPath | null = null;

/** The render path once set-up has finished (null before): lets callers skip an await on hot paths. */
export function readyRenderPath(): RenderPath | null {
  return renderPath;
}

/** Bounds Cornerstone's image cache (decoded pixels); older images are evicted first. */
export function setCacheLimitMb(mb: number): void {
  cache.setMaxCacheSize(Math.max(64, mb) * 1024 * 1024);
}

/** Renders one image into a small canvas (series thumbnails), on the window's render path. */
export async function renderThumbnail(canvas: HTMLCanvasElement, imageId: string): Promise<void> {
  const path = await setupCornerstone();
  await csUtilities.loadImageToCanvas({ canvas, imageId, useCPURendering: path.cpu, renderingEngineId: 'lumbar-thumbnails' });
}

/** Set-up (once); `cacheLimitMb` is the viewer setting at first call (later changes: setCacheLimitMb). */
export function setupCornerstone(cacheLimitMb = 1024): Promise<RenderPath> {
  ready ??= (async () => {
    csInit();
    const capabilities = getRenderingCapabilities();
    // On a software rasterizer (no GPU) Cornerstone's CPU path renders ~10x faster per slice than WebGL
    // through SwiftShader (STACK-NOTES, measured); on a real GPU keep WebGL.
    const cpu = !capabilities.webgl || capabilities.softwareRasterizer;
    if (cpu) setUseCPURendering(true);
    // Decoding runs in web workers: two on a 2-core machine (three first images decode side by side while
    // the main thread parses and renders), at most four. The legacy (dicom-parser) wadouri path: the default
    // 5.x path naturalizes every file with dcmjs on the main thread, ~75 ms per 512x512 slice here.
    dicomImageLoaderInit({
      maxWebWorkers: Math.max(2, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)),
      useLegacyMetadataProvider: true,
    });
    registerFetchLoader(); // the files by fetch, not XMLHttpRequest (fetch-loader.ts: measured faster opens)
    toolsInit();
    addTool(WindowLevelTool);
    addTool(PanTool);
    addTool(ZoomTool);
    addTool(StackScrollTool);
    addTool(SpinePointTool);
    setCacheLimitMb(cacheLimitMb);
    // Low priority: the loader's own module wins once an image is loaded.
    metaData.addProvider(indexPlaneProvider, -1000);
    warmDecodeWorker();
    // Benchmark hook: bench:viewer opens the same slices in bare viewports (Cornerstone without the app) and
    // logs when the loader has an image (BENCH_PHASES).
    window.__lumbarCornerstone = { RenderingEngine, Enums, eventTarget };
    renderPath = { cpu, renderer: capabilities.renderer };
    return renderPath;
  })();
  return ready;
}
