/**
 * The `lumbar://` scheme: `lumbar://app/...` serves the built renderer, `lumbar://dicom/<dataset>/<path>`
 * serves indexed DICOM files only (the same resolvers as browser mode's HTTP server).
 */
import fs from 'node:fs';
import type { Protocol } from 'electron';
import { resolveDicomFile, resolveStaticFile, type DicomFileLookup, type FileResolution } from '../../annotations/server/file-routes.js';

export const SCHEME = 'lumbar';

/** Must run before `app.whenReady()`. */
export function registerPrivilegedScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
  ]);
}

/** Resolve a `lumbar://` URL to a file, or a refusal. */
export function resolveLumbarUrl(url: string, files: DicomFileLookup, distDir: string): FileResolution {
  const parsed = new URL(url);
  // Keep the raw (still %-encoded) path so encoded separators are judged by the resolvers.
  const rawPath = url.slice(`${SCHEME}://${parsed.host}`.length).split(/[?#]/)[0] ?? '/';
  if (parsed.host === 'app') return resolveStaticFile(distDir, rawPath);
  if (parsed.host === 'dicom') return resolveDicomFile(files, rawPath);
  return { ok: false, status: 404, message: 'unknown host' };
}

/** The response for a resolution; a file gone since it was indexed is a 404 (the viewer names it), never a failed request. */
export async function respond(resolution: FileResolution): Promise<Response> {
  if (!resolution.ok) return new Response(resolution.message, { status: resolution.status });
  let body: Buffer;
  try {
    body = await fs.promises.readFile(resolution.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return new Response('not found', { status: 404 });
    return new Response(`cannot read the file (${code ?? String(error)})`, { status: 500 });
  }
  return new Response(body, { status: 200, headers: { 'content-type': resolution.contentType } });
}

export function setupProtocol(deps: {
  protocol: Pick<Protocol, 'handle' | 'unhandle'>;
  files: DicomFileLookup;
  distDir: string;
}): () => void {
  deps.protocol.handle(SCHEME, (request) => respond(resolveLumbarUrl(request.url, deps.files, deps.distDir)));
  return () => deps.protocol.unhandle(SCHEME);
}
