/**
 * Which file a URL path names, for the two places that serve files to the renderer: the browser-mode
 * HTTP server and Electron's `lumbar://` protocol. One implementation, so both refuse the same things.
 *
 * DICOM: `/<datasetId>/<relative path>`, served only when that file is an indexed instance of that dataset
 * (never any other file under the root, never outside it). Static: files of the built renderer.
 */
import fs from 'node:fs';
import path from 'node:path';

export type FileResolution =
  | { readonly ok: true; readonly file: string; readonly contentType: string }
  | { readonly ok: false; readonly status: 403 | 404; readonly message: string };

export interface DicomFileLookup {
  datasetRoot(datasetId: number): string | undefined;
  isIndexedFile(datasetId: number, relativePath: string): boolean;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.dcm': 'application/dicom',
};

function decodeSegments(urlPath: string): string[] | undefined {
  try {
    return urlPath
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined; // malformed %-encoding
  }
}

/** Reject '..', '.', empty, NUL and separator-smuggling segments before any path is built. */
function safeSegments(segments: string[] | undefined): segments is string[] {
  return (
    segments !== undefined &&
    segments.length > 0 &&
    segments.every((s) => s !== '..' && s !== '.' && !s.includes('/') && !s.includes('\\') && !s.includes('\0'))
  );
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** `urlPath` is what follows the DICOM prefix, e.g. `/3/123/456/7.dcm`. */
export function resolveDicomFile(lookup: DicomFileLookup, urlPath: string): FileResolution {
  const segments = decodeSegments(urlPath);
  if (!safeSegments(segments) || segments.length < 2) return { ok: false, status: 403, message: 'forbidden path' };
  const datasetId = Number(segments[0]);
  if (!Number.isInteger(datasetId) || datasetId <= 0) return { ok: false, status: 404, message: 'no such dataset' };
  const root = lookup.datasetRoot(datasetId);
  if (!root) return { ok: false, status: 404, message: 'no such dataset' };
  const relativePath = segments.slice(1).join('/');
  const file = path.resolve(root, ...segments.slice(1));
  if (!isInside(root, file)) return { ok: false, status: 403, message: 'forbidden path' };
  if (!lookup.isIndexedFile(datasetId, relativePath)) return { ok: false, status: 404, message: 'not an indexed file' };
  return { ok: true, file, contentType: 'application/dicom' };
}

/** `urlPath` of a static file of the renderer build in `distDir` ('/' gives index.html). */
export function resolveStaticFile(distDir: string, urlPath: string): FileResolution {
  const segments = urlPath === '/' || urlPath === '' ? ['index.html'] : decodeSegments(urlPath);
  if (!safeSegments(segments)) return { ok: false, status: 403, message: 'forbidden path' };
  const root = path.resolve(distDir);
  const file = path.resolve(root, ...segments);
  if (!isInside(root, file)) return { ok: false, status: 403, message: 'forbidden path' };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { ok: false, status: 404, message: 'not found' };
  }
  if (!stat.isFile()) return { ok: false, status: 404, message: 'not found' };
  return { ok: true, file, contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
}
