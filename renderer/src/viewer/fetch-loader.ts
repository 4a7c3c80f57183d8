/**
 * The image loader of the app's DICOM files (`wadouri:` image ids): Cornerstone's own wadouri loader (its
 * data-set cache, parsing, decoding and metadata), with each file fetched by `fetch` instead of the
 * XMLHttpRequest the loader uses by default.
 *
 * Why: with opens alternating between the two loaders in one bench:viewer run, three runs gave open/baseline
 * medians of 1.40 / 1.37 / 1.60 with fetch against 1.77 / 1.67 / 2.00 with XMLHttpRequest (per-open
 * ratios in docs/benchmarks.md). A traced XHR open spent 3-10 ms of the main thread per file in the
 * request's completion (the response body made into an ArrayBuffer, progress events) before any parsing.
 *
 * Invariants: resolves with the whole file as an ArrayBuffer; a failed request rejects with a request-like
 * `{ status, statusText, responseURL }` (status 0: no complete response), which `describeLoadError` turns
 * into words, as it did for the XMLHttpRequest; same-origin credentials (browser mode's token cookie;
 * Electron's `lumbar:` scheme is registered with `supportFetchAPI`).
 */
import { imageLoader, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';

/** What a failed file request rejects with (the fields `describeLoadError` reads of an XMLHttpRequest). */
export interface RequestFailure {
  readonly status: number;
  readonly statusText: string;
  readonly responseURL: string;
}

const failure = (url: string, status = 0, statusText = ''): RequestFailure => ({ status, statusText, responseURL: url });

/** The file at `url`, whole. */
export async function fetchDicomFile(url: string): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw failure(url); // no response at all (server gone, connection refused)
  }
  if (!response.ok) throw failure(url, response.status, response.statusText);
  try {
    return await response.arrayBuffer();
  } catch {
    throw failure(url); // the body broke off
  }
}

/** Cornerstone image loader for `wadouri:<url>[?frame=N]` ids. */
export function loadDicomImage(imageId: string, options: Record<string, unknown> = {}): Types.IImageLoadObject {
  const { url, pixelDataFrame } = wadouri.parseImageId(imageId);
  const dataSet = wadouri.dataSetCacheManager.load(url, fetchDicomFile, imageId);
  return wadouri.loadImageFromPromise(dataSet, imageId, pixelDataFrame ?? 0, url, options) as unknown as Types.IImageLoadObject;
}

/** Puts `loadDicomImage` in place of the loader the dicom-image-loader registered for `wadouri:` (after its init). */
export function registerFetchLoader(): void {
  imageLoader.registerImageLoader('wadouri', loadDicomImage as unknown as Types.ImageLoaderFn);
}
