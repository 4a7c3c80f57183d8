/**
 * Read one file's DICOM header from disk: first 16 KiB, more only when the header is longer, never the
 * pixel data of an uncompressed file beyond what the header shares a read with.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { DicomParseError, NeedMoreBytes, parseDicomHeader, type DicomHeader, type ProblemKind } from '../dicom/header-parser.js';

const FIRST_READ = 16 * 1024;
/** Reused for the first read of every file: the parser copies out what it keeps (strings, numbers). */
const firstReadBuffer = Buffer.allocUnsafe(FIRST_READ);

/** One file read: its size and mtime as read (from the open file), and its header or why there is none. */
export type HeaderRead =
  | { readonly relativePath: string; readonly size: number; readonly mtimeMs: number; readonly header: DicomHeader }
  | {
      readonly relativePath: string;
      readonly size: number;
      readonly mtimeMs: number;
      readonly problem: { readonly kind: ProblemKind; readonly message: string };
    };

/** Read the header of `root/relativePath`; never throws (a file that cannot be read or parsed is a problem). */
export function readHeaderAt(root: string, relativePath: string): HeaderRead {
  let fd: number;
  try {
    fd = fs.openSync(`${root}/${relativePath}`, 'r'); // both already normal: no path.join
  } catch (error) {
    const problem = { kind: 'read-error' as const, message: `cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    return { relativePath, size: 0, mtimeMs: 0, problem };
  }
  let size = 0;
  let mtimeMs = 0;
  try {
    const stat = fs.fstatSync(fd);
    size = stat.size;
    mtimeMs = Math.trunc(stat.mtimeMs);
    return { relativePath, size, mtimeMs, header: readHeader(fd, size) };
  } catch (error) {
    const problem =
      error instanceof DicomParseError
        ? { kind: error.kind, message: error.message }
        : { kind: 'read-error' as const, message: error instanceof Error ? error.message : String(error) };
    return { relativePath, size, mtimeMs, problem };
  } finally {
    fs.closeSync(fd);
  }
}

/** The header of an open file of `size` bytes. Throws `DicomParseError`. */
function readHeader(fd: number, size: number): DicomHeader {
  if (size === 0) throw new DicomParseError('empty-file', 'empty file (0 bytes)');
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
}
