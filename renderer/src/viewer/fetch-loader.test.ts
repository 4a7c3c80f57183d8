import { afterEach, describe, expect, it, vi } from 'vitest';

const registered = new Map<string, unknown>();
const load = vi.fn((_url: string, request: (url: string) => Promise<ArrayBuffer>, _imageId: string) => request(_url));
const fromPromise = vi.fn((dataSet: Promise<unknown>, imageId: string, frame: number) => ({ promise: dataSet, imageId, frame }));
vi.mock('@cornerstonejs/core', () => ({
  imageLoader: { registerImageLoader: (scheme: string, loader: unknown) => registered.set(scheme, loader) },
}));
vi.mock('@cornerstonejs/dicom-image-loader', async () => {
  const parse = (await import('../../../node_modules/@cornerstonejs/dicom-image-loader/dist/esm/imageLoader/wadouri/parseImageId.js'))
    .default;
  return { wadouri: { parseImageId: parse, dataSetCacheManager: { load }, loadImageFromPromise: fromPromise } };
});

const { fetchDicomFile, loadDicomImage, registerFetchLoader } = await import('./fetch-loader');
const { describeLoadError } = await import('./load-errors');

const url = 'http://127.0.0.1:5000/dicom/1/2895012867/8.dcm';

describe('the fetch image loader', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('resolves with the whole file', async () => {
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const fetchStub = vi.fn(async () => new Response(bytes));
    vi.stubGlobal('fetch', fetchStub);
    expect(new Uint8Array(await fetchDicomFile(url))).toEqual(bytes);
    expect(fetchStub).toHaveBeenCalledWith(url, { credentials: 'same-origin' });
  });

  it('rejects like the XMLHttpRequest did, so the viewport says which file and why', async () => {
    vi.stubGlobal('fetch', async () => new Response('gone', { status: 404, statusText: 'Not Found' }));
    const missing = await fetchDicomFile(url).catch((e: unknown) => e);
    expect(missing).toEqual({ status: 404, statusText: 'Not Found', responseURL: url });
    expect(describeLoadError(missing)).toBe(
      'slice 2895012867/8.dcm is no longer on disk (HTTP 404): re-import the folder to update the index',
    );

    vi.stubGlobal('fetch', async () => new Response('', { status: 500, statusText: 'Internal Server Error' }));
    expect(describeLoadError(await fetchDicomFile(url).catch((e: unknown) => e))).toBe(
      'slice 2895012867/8.dcm could not be loaded (HTTP 500 Internal Server Error)',
    );

    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    expect(describeLoadError(await fetchDicomFile(url).catch((e: unknown) => e))).toBe(
      'slice 2895012867/8.dcm could not be fetched (the connection failed or was cancelled)',
    );

    const broken = new Response(new ReadableStream({ start: (c) => c.error(new Error('reset')) }));
    vi.stubGlobal('fetch', async () => broken);
    expect(await fetchDicomFile(url).catch((e: unknown) => e)).toEqual({ status: 0, statusText: '', responseURL: url });
  });

  it('is the wadouri loader: the data set is fetched by URL, the frame comes from the image id', async () => {
    registerFetchLoader();
    expect(registered.get('wadouri')).toBe(loadDicomImage);
    vi.stubGlobal('fetch', async () => new Response(new Uint8Array([7])));
    const single = loadDicomImage(`wadouri:${url}`) as unknown as { promise: Promise<ArrayBuffer>; frame: number };
    expect(load).toHaveBeenLastCalledWith(url, fetchDicomFile, `wadouri:${url}`);
    expect(single.frame).toBe(0);
    expect(new Uint8Array(await single.promise)).toEqual(new Uint8Array([7]));
    const third = loadDicomImage(`wadouri:${url}?frame=3`) as unknown as { frame: number };
    expect(load).toHaveBeenLastCalledWith(url, fetchDicomFile, `wadouri:${url}?frame=3`);
    expect(third.frame).toBe(2); // the loader's frame is 1-based in the id, 0-based in the data set
  });
});
