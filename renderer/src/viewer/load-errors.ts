/**
 * Words for an image that would not load. Cornerstone rejects with whatever failed: an Error, the
 * XMLHttpRequest itself, or `{ error: <that request> }`; shown raw they read "[object Object]".
 * Says which file (the last two parts of its path: series/slice) and why, and what to do when the file
 * is gone from disk.
 */
interface RequestLike {
  readonly status: number;
  readonly statusText?: string;
  readonly responseURL?: string;
}

function isRequestLike(value: unknown): value is RequestLike {
  return typeof value === 'object' && value !== null && typeof (value as RequestLike).status === 'number' && 'responseURL' in value;
}

/** `series/slice.dcm` of a DICOM URL (its path's last two parts), decoded. */
export function fileOfUrl(url: string): string {
  const path = url.split(/[?#]/)[0]!;
  const parts = path.split('/').filter(Boolean);
  const tail = parts.slice(-2).join('/');
  try {
    return decodeURIComponent(tail);
  } catch {
    return tail;
  }
}

function describeRequest(request: RequestLike, fallbackUrl: string | undefined): string {
  const url = request.responseURL || fallbackUrl;
  const file = url ? `slice ${fileOfUrl(url)}` : 'a slice';
  if (request.status === 404) return `${file} is no longer on disk (HTTP 404): re-import the folder to update the index`;
  if (request.status === 0) return `${file} could not be fetched (the connection failed or was cancelled)`;
  return `${file} could not be loaded (HTTP ${request.status}${request.statusText ? ` ${request.statusText}` : ''})`;
}

/** A one-line reason for a failed image load; `url` names the file when the error itself does not. */
export function describeLoadError(error: unknown, url?: string): string {
  if (isRequestLike(error)) return describeRequest(error, url);
  if (typeof error === 'object' && error !== null && 'error' in error) {
    const inner = (error as { error: unknown }).error;
    if (inner !== undefined && inner !== null) return describeLoadError(inner, url);
  }
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return url ? `slice ${fileOfUrl(url)} could not be loaded` : 'the image could not be loaded';
}
