import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatches, PATCHES } from './cornerstone-patches.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const files = {
  renderCanvas: path.join(
    packageDir('@cornerstonejs/core'),
    'dist/esm/RenderingEngine/helpers/cpuFallback/rendering/initializeRenderCanvas.js',
  ),
  stackViewport: path.join(packageDir('@cornerstonejs/core'), 'dist/esm/RenderingEngine/StackViewport.js'),
  pixelType: path.join(packageDir('@cornerstonejs/dicom-image-loader'), 'dist/esm/imageLoader/setPixelDataType.js'),
  typeFromMinMax: path.join(packageDir('@cornerstonejs/dicom-image-loader'), 'dist/esm/shared/getPixelDataTypeFromMinMax.js'),
  decodeFrame: path.join(packageDir('@cornerstonejs/dicom-image-loader'), 'dist/esm/imageLoader/decodeImageFrame.js'),
  worker: path.join(packageDir('@cornerstonejs/dicom-image-loader'), 'dist/esm/decodeImageFrameWorker.js'),
  uncompressedFrame: path.join(
    packageDir('@cornerstonejs/dicom-image-loader'),
    'dist/esm/imageLoader/wadouri/getUncompressedImageFrame.js',
  ),
};
const read = (file: string) => fs.readFileSync(file, 'utf8');

/** Imports a module's source with its bare imports replaced by the given stand-ins (data: URLs cannot resolve packages). */
async function importWith<T>(source: string, stubs: Record<string, string>): Promise<T> {
  let code = source;
  for (const [specifier, stub] of Object.entries(stubs)) {
    code = code.replaceAll(`from '${specifier}'`, `from 'data:text/javascript,${encodeURIComponent(stub)}'`);
  }
  return (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as T;
}

describe('the Cornerstone build patches', () => {
  it('each targets exactly the installed module it was written for', () => {
    for (const patch of PATCHES) {
      const matching = Object.values(files).filter((f) => patch.target.test(f));
      expect(matching, patch.name).toHaveLength(1);
      expect(read(matching[0]!).includes(patch.original), patch.name).toBe(true);
    }
    expect(applyPatches(files.renderCanvas.replace('initializeRenderCanvas', 'renderGrayscaleImage'), 'x')).toBeNull();
  });

  it('refuse a module that changed', () => {
    expect(() => applyPatches(files.renderCanvas, 'export default function () {}')).toThrow(/no longer matches/);
  });

  it('1: the render canvas gets the same white image data, without a fill and a read-back', async () => {
    const run = async (source: string) => {
      const calls: string[] = [];
      const context = {
        fillStyle: '',
        fillRect: () => calls.push('fillRect'),
        getImageData: (_x: number, _y: number, w: number, h: number) => (
          calls.push('getImageData'),
          { data: new Uint8ClampedArray(w * h * 4).fill(255) }
        ),
        createImageData: (w: number, h: number) => (calls.push('createImageData'), { data: new Uint8ClampedArray(w * h * 4) }),
      };
      const canvas = { width: 0, height: 0, getContext: () => context };
      const tools: Record<string, unknown> = { renderCanvas: canvas };
      const mod = await importWith<{ default: (e: unknown, i: unknown) => void }>(source, {});
      mod.default({ renderingTools: tools }, { width: 3, height: 2 });
      expect(tools['renderCanvasContext']).toBe(context);
      return { calls, data: [...(tools['renderCanvasData'] as { data: Uint8ClampedArray }).data], size: [canvas.width, canvas.height] };
    };
    const before = await run(read(files.renderCanvas));
    const after = await run(applyPatches(files.renderCanvas, read(files.renderCanvas))!);
    expect(before.calls).toEqual(['fillRect', 'getImageData']);
    expect(after.calls).toEqual(['createImageData']);
    expect(after.data).toEqual(before.data);
    expect(after.size).toEqual([3, 2]);
  });

  it('2: the decode task gets a transferred copy of just the frame bytes; the file buffer stays whole', async () => {
    const sent: Array<{ args: { pixelData: Uint8Array }; transfers: unknown[] }> = [];
    const comlink = `const marks = new WeakMap();
      export function transfer(obj, list) { marks.set(obj, list); return obj; }
      export function transfersOf(obj) { return marks.get(obj) ?? []; }`;
    const comlinkUrl = `data:text/javascript,${encodeURIComponent(comlink)}`;
    const marks = (await import(comlinkUrl)) as { transfersOf(o: unknown): unknown[] };
    (globalThis as Record<string, unknown>)['__sent'] = sent;
    (globalThis as Record<string, unknown>)['__transfersOf'] = marks.transfersOf;
    const core = `export function getWebWorkerManager() { return { executeTask: (w, m, args) => { globalThis.__sent.push({ args, transfers: globalThis.__transfersOf(args) }); return Promise.resolve(args); } }; }`;
    const source = applyPatches(files.decodeFrame, read(files.decodeFrame))!.replace(`from 'comlink'`, `from '${comlinkUrl}'`);
    const mod = await importWith<{ default: (...a: unknown[]) => Promise<unknown> }>(source, {
      '@cornerstonejs/core': core,
      './decodeJPEGBaseline8BitColor.js': 'export default () => undefined;',
      '../decodeImageFrameWorker.js': 'export function decodeImageFrame() { throw new Error("not in place"); }',
    });
    const file = new Uint8Array(1000).map((_, i) => i % 251);
    const frame = file.subarray(200, 712);
    await mod.default({ rows: 16, columns: 16 }, '1.2.840.10008.1.2.1', frame, undefined, { requestType: 'prefetch' });
    const [{ args, transfers }] = sent as [(typeof sent)[0]];
    expect([...args.pixelData]).toEqual([...frame]);
    expect(args.pixelData.buffer.byteLength).toBe(512); // just the frame, not the 1000-byte file
    expect(transfers).toEqual([args.pixelData.buffer]);
    expect(file.buffer.byteLength).toBe(1000); // the caller's buffer is not handed over
  });

  it('3: the worker transfers the decoded pixels back (never a SharedArrayBuffer)', () => {
    const patched = applyPatches(files.worker, read(files.worker))!;
    expect(patched).toContain(`import { expose, transfer } from 'comlink';`);
    expect(patched).toContain('buffer instanceof ArrayBuffer ? transfer(frame, [buffer]) : frame');
    // The decode worker itself runs in the e2e tests and bench:viewer (images decoded and shown).
  });

  it('4: a new stack keeps the render canvas of a plain grayscale render, and drops any other', () => {
    const patch = PATCHES.find((p) => p.name === 'grayscale render canvas kept for the next stack')!;
    const applied = applyPatches(files.stackViewport, read(files.stackViewport))!;
    expect(applied).toContain(patch.replacement);
    // The block up to the await, run as a method body on a stand-in viewport (before and after the patch).
    const reset = (source: string, tools: Record<string, unknown>) => {
      const block = source.slice(0, source.indexOf('        const imageId = await'));
      const element = { renderingTools: tools, viewport: { colormap: { name: 'hot' } } };
      new Function(block).call({ useCPURendering: true, _cpuFallbackEnabledElement: element });
      expect(element.viewport.colormap).toBeUndefined(); // as before: a new stack starts without a colormap
      return element.renderingTools;
    };
    const canvas = { renderCanvas: 'canvas', renderCanvasContext: 'context', renderCanvasData: 'data' };
    const gray = { ...canvas, lastRenderedIsColor: false, lastRenderedImageId: 'wadouri:a', lastRenderedViewport: { windowWidth: 400 } };
    expect(reset(patch.original, { ...gray })).toEqual({});
    // Kept: the canvas, its context and white image data; dropped: what says which image was last drawn.
    expect(reset(patch.replacement, { ...gray })).toEqual(canvas);
    expect(reset(patch.replacement, { ...gray, lastRenderedIsColor: true })).toEqual({});
    expect(reset(patch.replacement, { ...gray, lastRenderedViewport: { colormap: { name: 'hot' } } })).toEqual({});
    expect(reset(patch.replacement, {})).toEqual({});
  });

  it('5: an uncompressed frame the reader waits for is decoded in place, never on the file bytes; prefetches and compressed frames go to a worker', async () => {
    const calls: Array<{ where: string; syntax: string; bytes: Uint8Array; options: Record<string, unknown> }> = [];
    (globalThis as Record<string, unknown>)['__calls'] = calls;
    const core = `export function getWebWorkerManager() { return { executeTask: (w, m, args) => { globalThis.__calls.push({ where: "worker", syntax: args.transferSyntax, bytes: args.pixelData, options: args.options }); return Promise.resolve("from worker"); } }; }`;
    const inPlace = `export function decodeImageFrame(frame, syntax, bytes, config, options) { globalThis.__calls.push({ where: "here", syntax, bytes, options }); bytes[0] = 99; return Promise.resolve("decoded here"); }`;
    const source = applyPatches(files.decodeFrame, read(files.decodeFrame))!.replace(
      `from 'comlink'`,
      `from 'data:text/javascript,export const transfer = (o) => o;'`,
    );
    const mod = await importWith<{ default: (...a: unknown[]) => Promise<unknown> }>(source, {
      '@cornerstonejs/core': core,
      './decodeJPEGBaseline8BitColor.js': 'export default () => undefined;',
      '../decodeImageFrameWorker.js': inPlace,
    });
    const file = new Uint8Array(600).fill(7);
    const frame = file.subarray(88, 600);
    const decode = (syntax: string, requestType?: string) =>
      mod.default({ rows: 16, columns: 16 }, syntax, frame, undefined, { requestType, loader: 'x', streamingData: {} });
    expect(await decode('1.2.840.10008.1.2.1', 'interaction')).toBe('decoded here'); // Explicit VR Little Endian
    expect(await decode('1.2.840.10008.1.2')).toBe('decoded here'); // Implicit VR Little Endian, no request type (thumbnails)
    expect(await decode('1.2.840.10008.1.2.1', 'prefetch')).toBe('from worker');
    expect(await decode('1.2.840.10008.1.2.4.70', 'interaction')).toBe('from worker'); // JPEG Lossless
    expect(await decode('1.2.840.10008.1.2.2', 'interaction')).toBe('from worker'); // big endian: rare, left to the worker
    expect(calls.map((c) => c.where)).toEqual(['here', 'here', 'worker', 'worker', 'worker']);
    const here = calls[0]!;
    expect(here.bytes).not.toBe(frame);
    expect(here.bytes.buffer).not.toBe(file.buffer); // a copy: the in-place rescale never touches the file
    expect(file[88]).toBe(7);
    expect(here.options).toEqual({ requestType: 'interaction' }); // the loader's own fields dropped, as for a worker
    // Bytes that are a whole buffer of their own (the loader's copy of an uncompressed frame) are not copied again.
    const own = new Uint8Array(512).fill(5);
    await mod.default({ rows: 16, columns: 16 }, '1.2.840.10008.1.2.1', own, undefined, { requestType: 'interaction' });
    expect(calls.at(-1)!.bytes).toBe(own);
    // Patch 8's side: unsigned pixels without a rescale are decoded on the file's bytes (nothing writes to
    // them), marked so; signed pixels (sign extension) or a rescale get a copy.
    const onFile = (frameInfo: Record<string, unknown>, preScale?: unknown) => {
      const info = { rows: 16, columns: 16, ...frameInfo };
      return mod
        .default(info, '1.2.840.10008.1.2.1', frame, undefined, { requestType: 'interaction', ...(preScale ? { preScale } : {}) })
        .then(() => ({ bytes: calls.at(-1)!.bytes, marked: (info as { lumbarOnFileBytes?: boolean }).lumbarOnFileBytes }));
    };
    expect(await onFile({ pixelRepresentation: 0 })).toEqual({ bytes: frame, marked: true });
    const identity = { enabled: true, scalingParameters: { rescaleSlope: 1, rescaleIntercept: 0, modality: 'MR' } };
    expect((await onFile({ pixelRepresentation: 0 }, identity)).bytes).toBe(frame);
    const signed = await onFile({ pixelRepresentation: 1 });
    expect(signed.bytes).not.toBe(frame);
    expect(signed.marked).toBe(false);
    const rescaled = { enabled: true, scalingParameters: { rescaleSlope: 2, rescaleIntercept: -1024, modality: 'CT' } };
    expect((await onFile({ pixelRepresentation: 0 }, rescaled)).bytes).not.toBe(frame);
    expect(
      (
        await onFile(
          { pixelRepresentation: 0 },
          { enabled: true, scalingParameters: { rescaleSlope: 1, rescaleIntercept: 0, modality: 'PT', suvbw: 2 } },
        )
      ).bytes,
    ).not.toBe(frame);
  });

  it('8: a 16-bit uncompressed frame is a view of the file, not a copy; other depths are copied as before', async () => {
    const source = applyPatches(files.uncompressedFrame, read(files.uncompressedFrame))!;
    const mod = await importWith<{ default: (dataSet: unknown, frameIndex: number) => Uint8Array }>(source, {
      '@cornerstonejs/metadata': 'export const logging = { loaderLog: { getLogger: () => ({ warn() {} }) } };',
      './unpackBinaryFrame.js': 'export default () => undefined;',
    });
    const file = new Uint8Array(100 + 2 * 2 * 2 * 2).map((_, i) => i);
    const dataSet = (bits: number) => ({
      elements: { x7fe00010: { dataOffset: 100 } },
      byteArray: file,
      uint16: (tag: string) => ({ x00280100: bits, x00280010: 2, x00280011: 2, x00280002: 1 })[tag],
      string: () => 'MONOCHROME2',
    });
    const second = mod.default(dataSet(16), 1); // frame 1: bytes 108..115
    expect(second.buffer).toBe(file.buffer);
    expect([...second]).toEqual([108, 109, 110, 111, 112, 113, 114, 115]);
    const eightBit = mod.default(dataSet(8), 0);
    expect(eightBit.buffer).not.toBe(file.buffer);
    expect([...eightBit]).toEqual([100, 101, 102, 103]);
  });

  it('6: pixels that already are a whole array of the type their range needs are not copied; others are', async () => {
    const source = applyPatches(files.pixelType, read(files.pixelType))!;
    const mod = await importWith<{
      default: (frame: { smallestPixelValue: number; largestPixelValue: number; pixelData: unknown }) => void;
    }>(source, { '../shared/getPixelDataTypeFromMinMax.js': read(files.typeFromMinMax) });
    const typed = (pixelData: ArrayLike<number>, min = 0, max = 4000) => {
      const frame = { smallestPixelValue: min, largestPixelValue: max, pixelData };
      mod.default(frame);
      return frame.pixelData as Uint16Array | Int16Array;
    };
    const whole = new Uint16Array([0, 4000, 17]);
    expect(typed(whole)).toBe(whole);
    const view = new Uint16Array(new Uint16Array([9, 0, 4000, 17]).buffer, 2, 3);
    expect(typed(view)).not.toBe(view);
    expect([...typed(view)]).toEqual([0, 4000, 17]);
    const floats = new Float32Array([0, 4000, 17]);
    expect(typed(floats)).toBeInstanceOf(Uint16Array);
    expect(typed(new Uint16Array([0, 300]), -5, 300)).toBeInstanceOf(Int16Array);
    // A frame decoded on the file's bytes (patch 8) keeps its view of them.
    const marked = { smallestPixelValue: 0, largestPixelValue: 4000, pixelData: view, lumbarOnFileBytes: true };
    mod.default(marked);
    expect(marked.pixelData).toBe(view);
  });

  it('7: the decode keeps decoded pixels that already are a whole array of the type their range needs', async () => {
    const patched = applyPatches(files.worker, read(files.worker))!;
    // The patched function, taken out of the worker module (its other imports are codecs).
    const body = patched.slice(patched.indexOf('function _getDefaultPixelDataArray('));
    const fn = body.slice(0, body.indexOf('\n}\n') + 2);
    const { default: typeFromMinMax } = await importWith<{ default: (min: number, max: number) => unknown }>(
      read(files.typeFromMinMax),
      {},
    );
    const defaultArray = new Function('getPixelDataTypeFromMinMax', `${fn}; return _getDefaultPixelDataArray;`)(typeFromMinMax) as (
      min: number,
      max: number,
      frame: { pixelData: ArrayLike<number> },
    ) => Uint16Array | Int16Array | Uint8Array;
    const whole = new Uint16Array([0, 4000, 17]);
    expect(defaultArray(0, 4000, { pixelData: whole })).toBe(whole);
    const view = new Uint16Array(new Uint16Array([9, 0, 4000, 17]).buffer, 2, 3);
    const copied = defaultArray(0, 4000, { pixelData: view });
    expect(copied).not.toBe(view);
    expect([...copied]).toEqual([0, 4000, 17]);
    expect(defaultArray(0, 200, { pixelData: new Uint16Array([0, 200]) })).toBeInstanceOf(Uint8Array);
    expect(defaultArray(-5, 300, { pixelData: new Uint16Array([0, 300]) })).toBeInstanceOf(Int16Array);
    expect(defaultArray(0, 4000, { pixelData: view, lumbarOnFileBytes: true } as never)).toBe(view); // patch 8
  });
});
