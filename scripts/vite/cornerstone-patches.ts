/**
 * Vite plugin: eight small, measured patches to Cornerstone3D 5.14 as the renderer is built.
 *
 * Each replaces one exact piece of a Cornerstone module; the build fails when that piece is no longer
 * there (an upgrade must look at the patch again). They apply to builds (what the app ships, and what the
 * e2e tests and benchmarks run); the dev server keeps its pre-bundled originals, which behave the same,
 * only slower. Measured in this machine's Chromium (bench:viewer, docs/benchmarks.md):
 *
 * 1. `initializeRenderCanvas` (CPU render path): a white ImageData for the offscreen image-size canvas was
 *    made by `fillRect` + `getImageData` (a read-back): 5-12 ms each on a 512x512 canvas, three viewports a
 *    study. Now `createImageData` and one fill; each render overwrites it and writes the canvas anyway.
 * 2. `decodeImageFrame` (main thread -> decode worker): the pixel data went as a structured clone of the
 *    whole file's buffer (6-12 ms for ~0.5 MB here, against 0.3 ms transferred). Now a copy of just the
 *    frame's bytes is transferred (the file's buffer stays: the data-set cache reads metadata from it).
 * 3. `decodeTask` (decode worker -> main thread): the decoded pixels came back as a structured clone too.
 *    Now their buffer is transferred (the worker keeps nothing of a finished task). A SharedArrayBuffer
 *    (volume target buffers, not used by this app) is never in a transfer list.
 * 4. `StackViewport.setStack` (CPU render path): every new stack dropped the viewport's offscreen render
 *    canvas, so the next study's first image paid for a new canvas, its white ImageData and a first
 *    `putImageData` into a new backing store: ~10 ms per viewport here, on the open of every study. Now
 *    the canvas of a plain grayscale render is kept (its RGB is all white, which is all the grayscale
 *    path needs of it; a different image size still re-initialises it); after a colour or pseudo-colour
 *    render it is dropped as before.
 * 5. `decodeImageFrame` (main thread): an uncompressed little-endian frame that is not a background prefetch
 *    (a viewport's first image, the slice scrolled to) is decoded on the main thread by the loader's own
 *    decode function (on a copy of its bytes when they are a view into the file's buffer: the decode may
 *    shift signed pixels in place), instead of a round trip through a decode worker: for such a frame
 *    "decoding" is a typed-array view, a rescale and a min/max pass, while the worker's reply reached the
 *    main thread only once the other files in flight had arrived (~30 ms late in a traced open). Compressed
 *    frames and every prefetch keep the workers. Measured with opens alternating in one run (bench:viewer):
 *    1.51/1.88/1.67x vs 1.89/1.93/2.06x.
 * 6. `setPixelDataType` (main thread, every image): the decoded pixels were copied into a new typed array
 *    of the type their range needs, also when they already were a whole array of exactly that type (the
 *    decode makes them so): ~0.5 MB allocated and copied per 512x512 slice for nothing, prefetch included.
 * 7. `_getDefaultPixelDataArray` (the decode's post-processing, main thread or worker): the same copy, one
 *    step earlier: the decoded frame was copied into a new array of the type its range needs even when it
 *    already was a whole array of that type. Such an array is the decode's own (the frame's bytes are
 *    copied out of the file before decoding, patches 2 and 5), so a rescale may then work on it in place.
 * 8. `getUncompressedImageFrame`: a 16-bit frame's bytes were copied out of the file (~1.6 ms per 512x512
 *    slice here: a fresh 0.5 MB allocation), now a view of them. A worker gets its own copy (patch 2); on the
 *    main thread (patch 5) a frame is decoded on the file's bytes only when nothing writes to them (unsigned
 *    pixels: no sign extension; no rescale), and then its pixels stay a view of the file (patches 6 and 7
 *    keep such a frame's array, marked `lumbarOnFileBytes`); otherwise on a copy as before. Alternating
 *    runs: 1.30 / 1.37x with it against 1.52 / 1.52x without.
 */
import type { Plugin } from 'vite';

export interface SourcePatch {
  readonly name: string;
  readonly target: RegExp;
  readonly original: string;
  readonly replacement: string;
}

const CORE_CPU = /@cornerstonejs[\\/]core[\\/].*cpuFallback[\\/]rendering[\\/]/;
const CORE_ENGINE = /@cornerstonejs[\\/]core[\\/]dist[\\/]esm[\\/]RenderingEngine[\\/]/;
const LOADER = /@cornerstonejs[\\/]dicom-image-loader[\\/]dist[\\/]esm[\\/]/;

export const PATCHES: readonly SourcePatch[] = [
  {
    name: 'render canvas without read-back',
    target: new RegExp(`${CORE_CPU.source}initializeRenderCanvas\\.js$`),
    original: `    canvasContext.fillStyle = 'white';
    canvasContext.fillRect(0, 0, renderCanvas.width, renderCanvas.height);
    const renderCanvasData = canvasContext.getImageData(0, 0, image.width, image.height);`,
    replacement: `    // lumbar-grader patch 1 (scripts/vite/cornerstone-patches.ts): white pixels made in memory, no read-back.
    const renderCanvasData = canvasContext.createImageData(image.width, image.height);
    new Uint32Array(renderCanvasData.data.buffer).fill(0xffffffff);`,
  },
  {
    name: 'grayscale render canvas kept for the next stack',
    target: new RegExp(`${CORE_ENGINE.source}StackViewport\\.js$`),
    original: `        if (this.useCPURendering) {
            this._cpuFallbackEnabledElement.renderingTools = {};
            delete this._cpuFallbackEnabledElement.viewport.colormap;
        }
        const imageId = await this._setImageIdIndex(currentImageIdIndex);`,
    replacement: `        if (this.useCPURendering) {
            // lumbar-grader patch 4 (scripts/vite/cornerstone-patches.ts): a grayscale render canvas is kept.
            const tools = this._cpuFallbackEnabledElement.renderingTools;
            this._cpuFallbackEnabledElement.renderingTools = tools.renderCanvasData && tools.lastRenderedIsColor === false && !tools.lastRenderedViewport?.colormap
                ? { renderCanvas: tools.renderCanvas, renderCanvasContext: tools.renderCanvasContext, renderCanvasData: tools.renderCanvasData }
                : {};
            delete this._cpuFallbackEnabledElement.viewport.colormap;
        }
        const imageId = await this._setImageIdIndex(currentImageIdIndex);`,
  },
  {
    name: 'pixel data transferred to the decode worker',
    target: new RegExp(`${LOADER.source}imageLoader[\\\\/]decodeImageFrame\\.js$`),
    original: `    return webWorkerManager.executeTask('dicomImageLoader', 'decodeTask', {
        imageFrame,
        transferSyntax,
        pixelData,
        options,
        decodeConfig,
    }, {`,
    replacement: `    // lumbar-grader patch 2 (scripts/vite/cornerstone-patches.ts): the frame's bytes copied and transferred.
    const ownPixelData = ArrayBuffer.isView(pixelData) ? pixelData.slice() : pixelData;
    const taskArgs = { imageFrame, transferSyntax, pixelData: ownPixelData, options, decodeConfig };
    return webWorkerManager.executeTask('dicomImageLoader', 'decodeTask', ownPixelData !== pixelData ? comlinkTransfer(taskArgs, [ownPixelData.buffer]) : taskArgs, {`,
  },
  {
    name: 'uncompressed frames the reader waits for decoded in place',
    target: new RegExp(`${LOADER.source}imageLoader[\\\\/]decodeImageFrame\\.js$`),
    original: `    delete options.streamingData;
    const webWorkerManager = getWebWorkerManager();`,
    replacement: `    delete options.streamingData;
    // lumbar-grader patch 5 (scripts/vite/cornerstone-patches.ts): decoded here; on the file's own bytes only
    // when nothing will write to them (unsigned pixels, no rescale: patch 8), else on a copy.
    if (options.requestType !== 'prefetch' && DECODED_IN_PLACE.has(transferSyntax)) {
        const ownBytes = pixelData.byteOffset === 0 && pixelData.byteLength === pixelData.buffer.byteLength;
        const scaling = options.preScale?.enabled ? options.preScale.scalingParameters : undefined;
        const unscaled = !scaling || ((scaling.rescaleSlope ?? 1) === 1 && (scaling.rescaleIntercept ?? 0) === 0 && scaling.modality !== 'PT' && scaling.modality !== 'RTDOSE');
        imageFrame.lumbarOnFileBytes = !ownBytes && imageFrame.pixelRepresentation === 0 && unscaled;
        return decodeInPlace(imageFrame, transferSyntax, ownBytes || imageFrame.lumbarOnFileBytes ? pixelData : pixelData.slice(), decodeConfig, options);
    }
    const webWorkerManager = getWebWorkerManager();`,
  },
  {
    name: 'import for patch 5',
    target: new RegExp(`${LOADER.source}imageLoader[\\\\/]decodeImageFrame\\.js$`),
    original: `import decodeJPEGBaseline8BitColor from './decodeJPEGBaseline8BitColor.js';`,
    replacement: `import decodeJPEGBaseline8BitColor from './decodeJPEGBaseline8BitColor.js';
import { decodeImageFrame as decodeInPlace } from '../decodeImageFrameWorker.js';
const DECODED_IN_PLACE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);`,
  },
  {
    name: 'no copy of pixels that already have their type',
    target: new RegExp(`${LOADER.source}imageLoader[\\\\/]setPixelDataType\\.js$`),
    original: `    if (TypedArray) {
        const typedArray = new TypedArray(imageFrame.pixelData);
        imageFrame.pixelData = typedArray;
    }`,
    replacement: `    if (TypedArray) {
        // lumbar-grader patch 6 (scripts/vite/cornerstone-patches.ts): a whole array of that type is kept as it is.
        const pixels = imageFrame.pixelData;
        const whole = pixels instanceof TypedArray && (imageFrame.lumbarOnFileBytes || (pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength));
        imageFrame.pixelData = whole ? pixels : new TypedArray(pixels);
    }`,
  },
  {
    name: 'import for patch 2',
    target: new RegExp(`${LOADER.source}imageLoader[\\\\/]decodeImageFrame\\.js$`),
    original: `import { getWebWorkerManager } from '@cornerstonejs/core';`,
    replacement: `import { getWebWorkerManager } from '@cornerstonejs/core';
import { transfer as comlinkTransfer } from 'comlink';`,
  },
  {
    name: 'decoded pixels transferred back',
    target: new RegExp(`${LOADER.source}decodeImageFrameWorker\\.js$`),
    original: `        return decodeImageFrame(imageFrame, transferSyntax, pixelData, decodeConfig, options, callbackFn);
    },`,
    replacement: `        // lumbar-grader patch 3 (scripts/vite/cornerstone-patches.ts): the decoded pixels' buffer transferred.
        return decodeImageFrame(imageFrame, transferSyntax, pixelData, decodeConfig, options, callbackFn).then((frame) => {
            const buffer = frame?.pixelData?.buffer;
            return buffer instanceof ArrayBuffer ? transfer(frame, [buffer]) : frame;
        });
    },`,
  },
  {
    name: 'import for patch 3',
    target: new RegExp(`${LOADER.source}decodeImageFrameWorker\\.js$`),
    original: `import { expose } from 'comlink';`,
    replacement: `import { expose, transfer } from 'comlink';`,
  },
  {
    name: 'no copy of decoded pixels that already have their type',
    target: new RegExp(`${LOADER.source}decodeImageFrameWorker\\.js$`),
    original: `function _getDefaultPixelDataArray(min, max, imageFrame) {
    const TypedArrayConstructor = getPixelDataTypeFromMinMax(min, max);
    const typedArray = new TypedArrayConstructor(imageFrame.pixelData.length);`,
    replacement: `function _getDefaultPixelDataArray(min, max, imageFrame) {
    const TypedArrayConstructor = getPixelDataTypeFromMinMax(min, max);
    // lumbar-grader patch 7 (scripts/vite/cornerstone-patches.ts): a whole array of that type is kept as it is.
    const pixels = imageFrame.pixelData;
    if (pixels instanceof TypedArrayConstructor && (imageFrame.lumbarOnFileBytes || (pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength))) {
        return pixels;
    }
    const typedArray = new TypedArrayConstructor(imageFrame.pixelData.length);`,
  },
  {
    name: 'a 16-bit frame is a view of the file',
    target: new RegExp(`${LOADER.source}imageLoader[\\/]wadouri[\\/]getUncompressedImageFrame\\.js$`),
    original: `        return new Uint8Array(dataSet.byteArray.buffer.slice(frameOffset, frameOffset + pixelsPerFrame * 2));`,
    replacement: `        // lumbar-grader patch 8 (scripts/vite/cornerstone-patches.ts): a view of the file's bytes, no copy.
        return new Uint8Array(dataSet.byteArray.buffer, dataSet.byteArray.byteOffset + frameOffset, pixelsPerFrame * 2);`,
  },
];

/** `code` with every patch for `id` applied; throws when a patch's original text is missing. */
export function applyPatches(id: string, code: string): string | null {
  const patches = PATCHES.filter((p) => p.target.test(id.split('?')[0]!));
  if (patches.length === 0) return null;
  let out = code.replace(/\r\n/g, '\n');
  for (const patch of patches) {
    if (!out.includes(patch.original)) {
      throw new Error(`cornerstone-patches: "${patch.name}" no longer matches ${id}; review scripts/vite/cornerstone-patches.ts`);
    }
    out = out.replace(patch.original, patch.replacement);
  }
  return out;
}

export function cornerstonePatches(): Plugin {
  return {
    name: 'lumbar:cornerstone-patches',
    enforce: 'pre',
    transform(code, id) {
      const patched = applyPatches(id, code);
      return patched === null ? null : { code: patched, map: null };
    },
  };
}
