/**
 * A strict tokenizer for the Kaggle CSV dialect: comma-separated, no quoting, one record per line, the
 * first line a header. Tracks the line and column of every field so errors point at the exact cell.
 *
 * Accepts LF or CRLF line endings (per line), an optional UTF-8 BOM, and a missing final newline.
 * Rejects (with file:line:column): an empty file, empty lines, any `"` (Kaggle files never quote),
 * a carriage return inside a line, and records whose field count differs from the header's.
 * All-or-nothing: on any error the table is not returned. Stops after `maxErrors` errors.
 */
import { issue, type KaggleIssue, type Parsed } from './issues.js';

/** One line of the file split into fields. */
export interface CsvRecord {
  /** 1-based line number. */
  readonly line: number;
  readonly fields: readonly string[];
  /** 1-based column where each field starts (same length as `fields`). */
  readonly columns: readonly number[];
}

export interface CsvTable {
  readonly file: string;
  readonly header: CsvRecord;
  readonly records: readonly CsvRecord[];
}

/** Default cap on the errors one file reports (the rest would be noise). */
export const MAX_ERRORS = 100;

/** Removes a leading UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Splits text into lines (LF or CRLF), dropping the BOM and a final empty segment after the last newline. */
export function splitLines(text: string): string[] {
  const body = stripBom(text);
  if (body === '') return [];
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
  }
  return lines;
}

function splitRecord(text: string, line: number): CsvRecord {
  const fields = text.split(',');
  const columns: number[] = new Array<number>(fields.length);
  let column = 1;
  for (let i = 0; i < fields.length; i++) {
    columns[i] = column;
    column += fields[i]!.length + 1;
  }
  return { line, fields, columns };
}

/** Checks a header line; returns its errors (none = acceptable). */
export type HeaderCheck = (header: CsvRecord, file: string) => KaggleIssue[];

/**
 * Tokenizes a whole file; every record has exactly as many fields as the header. With `header` (the
 * exact expected column names, or a check), a header error is the only error reported: record errors
 * would follow from it.
 */
export function tokenizeCsv(
  text: string,
  file: string,
  header?: readonly string[] | HeaderCheck,
  maxErrors = MAX_ERRORS,
): Parsed<CsvTable> {
  const check: HeaderCheck | undefined =
    typeof header === 'function'
      ? header
      : header &&
        ((record, name) => {
          const error = checkHeader({ file: name, header: record, records: [] }, header);
          return error ? [error] : [];
        });
  const lines = splitLines(text);
  if (lines.length === 0) return { ok: false, errors: [issue(file, 1, 1, 'empty file (expected a header line)')] };
  const errors: KaggleIssue[] = [];
  const records: CsvRecord[] = [];
  let width = -1;
  let headerRecord: CsvRecord | undefined;
  for (let i = 0; i < lines.length && errors.length < maxErrors; i++) {
    const text = lines[i]!;
    const line = i + 1;
    if (text === '') {
      errors.push(issue(file, line, 1, 'empty line'));
      continue;
    }
    const quote = text.indexOf('"');
    if (quote >= 0) {
      errors.push(issue(file, line, quote + 1, 'quotes are not allowed (Kaggle files never quote fields)'));
      continue;
    }
    const cr = text.indexOf('\r');
    if (cr >= 0) {
      errors.push(issue(file, line, cr + 1, 'carriage return inside a line'));
      continue;
    }
    const record = splitRecord(text, line);
    if (!headerRecord) {
      headerRecord = record;
      width = record.fields.length;
      const headerErrors = check?.(record, file) ?? [];
      if (headerErrors.length > 0) return { ok: false, errors: headerErrors };
      continue;
    }
    const count = record.fields.length;
    if (count < width) {
      errors.push(issue(file, line, text.length + 1, `expected ${width} fields, found ${count} (truncated line?)`));
    } else if (count > width) {
      errors.push(issue(file, line, record.columns[width]!, `expected ${width} fields, found ${count}`));
    } else {
      records.push(record);
    }
  }
  if (errors.length > 0 || !headerRecord) {
    return { ok: false, errors: errors.length > 0 ? errors : [issue(file, 1, 1, 'no header line')] };
  }
  return { ok: true, value: { file, header: headerRecord, records } };
}

/**
 * Checks a header against the expected column names. Returns the first difference located at the
 * differing field, or undefined when the header is exact.
 */
export function checkHeader(table: CsvTable, expected: readonly string[]): KaggleIssue | undefined {
  const { header, file } = table;
  const n = Math.min(header.fields.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (header.fields[i] !== expected[i]) {
      return issue(file, 1, header.columns[i]!, `wrong header: column ${i + 1} is "${header.fields[i]}", expected "${expected[i]}"`);
    }
  }
  if (header.fields.length < expected.length) {
    const end = header.columns[n - 1]! + header.fields[n - 1]!.length;
    return issue(file, 1, end, `wrong header: ${header.fields.length} columns, expected ${expected.length} (missing "${expected[n]}")`);
  }
  if (header.fields.length > expected.length) {
    return issue(
      file,
      1,
      header.columns[n]!,
      `wrong header: ${header.fields.length} columns, expected ${expected.length} (unexpected "${header.fields[n]}")`,
    );
  }
  return undefined;
}

const DECODER = new TextDecoder();
/** Node's Buffer when present: its ASCII decoding is ~50x faster than TextDecoder; browsers use TextDecoder. */
const NODE_BUFFER = (
  globalThis as { Buffer?: { from(b: ArrayBuffer, offset: number, length: number): { toString(encoding: 'ascii'): string } } }
).Buffer;

/**
 * An append-only ASCII text buffer: the writers' output. Writing bytes into one growing Uint8Array and
 * decoding once at the end is several times faster than string concatenation or `join` for files of tens of
 * thousands of lines, because the per-line strings die young instead of being kept until the end
 * (measured with scripts/bench/export.ts). Throws on a non-ASCII character: Kaggle files are ASCII.
 */
export class AsciiSink {
  private bytes: Uint8Array<ArrayBuffer>;
  private length = 0;

  /** `capacity`: expected size in bytes (the buffer grows as needed). */
  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  private grow(n: number): void {
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Appends an ASCII string. */
  text(s: string): void {
    const n = s.length;
    if (this.length + n > this.bytes.length) this.grow(n);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) throw new RangeError(`non-ASCII character in ${JSON.stringify(s)}`);
      bytes[at++] = c;
    }
    this.length = at;
  }

  /** Appends one byte (e.g. 44 for a comma, 10 for LF). */
  byte(c: number): void {
    if (this.length + 1 > this.bytes.length) this.grow(1);
    this.bytes[this.length++] = c;
  }

  toString(): string {
    if (NODE_BUFFER) return NODE_BUFFER.from(this.bytes.buffer, 0, this.length).toString('ascii');
    return DECODER.decode(this.bytes.subarray(0, this.length));
  }
}

export const COMMA = 44;
export const LF = 10;

/** Joins fields into lines with LF, ending with LF (the writers' output form). */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
