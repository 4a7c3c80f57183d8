/**
 * Read one file's DICOM header from disk: first 16 KiB, more only when the header is longer, never the
 * pixel data of an uncompressed file beyond what the header shares a read with.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { DicomParseError, NeedMoreBytes, parseDicomHeader, type DicomHeader } from '../dicom/header-parser.js';

const FIRST_READ = 16 * 1024;
/** Reused for the first read of every file: the parser copies out what it keeps (strings, numbers). */
const firstReadBuffer = Buffer.allocUnsafe(FIRST_READ);

export function readHeaderFile(absolutePath: string, size: number): DicomHeader {
  if (size === 0) throw new DicomParseError('empty-file', 'empty file (0 bytes)');
  let fd: number;
  try {
    fd = fs.openSync(absolutePath, 'r');
  } catch (error) {
    throw new DicomParseError('read-error', `cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    let length = Math.min(size, FIRST_READ);
    for (;;) {
      const buffer = length <= FIRST_READ ? firstReadBuffer : Buffer.allocUnsafe(length);
      const read = fs.readSync(fd, buffer, 0, length, 0);
      const bytes = buffer.subarray(0, read);
      try {
        return parseDicomHeader(bytes, { complete: read >= size, inflateRaw: (b) => zlib.inflateRawSync(b) });
      } catch (error) {
        if (!(error instanceof NeedMoreBytes) || read >= size) throw error;
        length = Math.min(size, length * 4);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}
