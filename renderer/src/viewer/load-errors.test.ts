import { describe, expect, it } from 'vitest';
import { describeLoadError, fileOfUrl } from './load-errors';

const url = 'http://127.0.0.1:4000/dicom/1/7000004/741/2.dcm';
const request = (status: number, statusText = '') => ({ status, statusText, responseURL: url });

describe('describeLoadError', () => {
  it('names the file and the reason for a failed request, also when wrapped as { error }', () => {
    expect(describeLoadError({ error: request(404, 'Not Found') })).toBe(
      'slice 741/2.dcm is no longer on disk (HTTP 404): re-import the folder to update the index',
    );
    expect(describeLoadError(request(403, 'Forbidden'))).toBe('slice 741/2.dcm could not be loaded (HTTP 403 Forbidden)');
    expect(describeLoadError({ status: 0, responseURL: '' }, url)).toBe(
      'slice 741/2.dcm could not be fetched (the connection failed or was cancelled)',
    );
  });

  it('keeps an Error or a string as it is, and never says [object Object]', () => {
    expect(describeLoadError(new Error('No decoder for transfer syntax 1.2.3'))).toBe('No decoder for transfer syntax 1.2.3');
    expect(describeLoadError('decode failed')).toBe('decode failed');
    expect(describeLoadError({}, url)).toBe('slice 741/2.dcm could not be loaded');
    expect(describeLoadError({ error: null })).toBe('the image could not be loaded');
    expect(describeLoadError(undefined)).not.toContain('[object');
  });

  it('takes the last two path parts of a URL, decoded', () => {
    expect(fileOfUrl('lumbar://dicom/3/a%20b/IM%2001.dcm?frame=2')).toBe('a b/IM 01.dcm');
  });
});
