/**
 * A fast, header-only DICOM Part 10 reader: walks the top-level dataset up to PixelData, keeps the few
 * attributes the index needs, and skips everything else (sequences too, except the functional groups of
 * enhanced multi-frame objects, read for each frame's plane) without decoding it.
 *
 * Pure: bytes in, a plain object out. It never reads pixel data. When the bytes end before PixelData it
 * throws `NeedMoreBytes` so the caller can retry with more of the file (or report truncation when the
 * whole file was given).
 */
import { datasetEncoding, EXPLICIT_VR_LE, IMPLICIT_VR_LE } from './transfer-syntax.js';

export type ProblemKind =
  | 'not-dicom'
  | 'truncated'
  | 'no-file-meta'
  | 'bad-encoding'
  | 'unsupported-transfer-syntax'
  | 'missing-geometry'
  | 'huge-dimensions'
  | 'empty-file'
  | 'read-error';

export class DicomParseError extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
  ) {
    super(message);
  }
}

/** The bytes ended before PixelData (or before the dataset ended): give more of the file. */
export class NeedMoreBytes extends Error {}

/** Attributes the index keeps. Strings are trimmed; numbers parsed; absent values are undefined. */
export interface DicomHeader {
  transferSyntaxUid: string;
  hasFileMeta: boolean;
  sopClassUid?: string;
  sopInstanceUid?: string;
  modality?: string;
  imageType?: string[];
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  studyDescription?: string;
  seriesDescription?: string;
  studyDate?: string;
  patientName?: string;
  patientId?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  imagePositionPatient?: number[];
  imageOrientationPatient?: number[];
  frameOfReferenceUid?: string;
  sliceLocation?: number;
  sliceThickness?: number;
  spacingBetweenSlices?: number;
  repetitionTime?: number;
  echoTime?: number;
  inversionTime?: number;
  sequenceName?: string;
  scanningSequence?: string[];
  samplesPerPixel?: number;
  photometricInterpretation?: string;
  numberOfFrames?: number;
  rows?: number;
  columns?: number;
  pixelSpacing?: number[];
  bitsAllocated?: number;
  bitsStored?: number;
  pixelRepresentation?: number;
  windowCenter?: number;
  windowWidth?: number;
  rescaleIntercept?: number;
  rescaleSlope?: number;
  /** Enhanced multi-frame objects: geometry shared by every frame (Shared Functional Groups). */
  sharedFrameGeometry?: FrameGeometry;
  /** Enhanced multi-frame objects: each frame's geometry, in frame order (Per-frame Functional Groups). */
  frameGeometry?: FrameGeometry[];
  hasPixelData: boolean;
}

/** The plane of one frame, from the functional groups' Plane Position, Plane Orientation and Pixel Measures. */
export interface FrameGeometry {
  imagePositionPatient?: number[];
  imageOrientationPatient?: number[];
  pixelSpacing?: number[];
  sliceThickness?: number;
}

type Kind = 'str' | 'strs' | 'num' | 'nums' | 'us' | 'int';
interface Wanted {
  readonly key: keyof DicomHeader;
  readonly kind: Kind;
  readonly vr: string; // for implicit VR
}
const tag = (group: number, element: number) => ((group << 16) | element) >>> 0;

const WANTED = new Map<number, Wanted>([
  [tag(0x0008, 0x0008), { key: 'imageType', kind: 'strs', vr: 'CS' }],
  [tag(0x0008, 0x0016), { key: 'sopClassUid', kind: 'str', vr: 'UI' }],
  [tag(0x0008, 0x0018), { key: 'sopInstanceUid', kind: 'str', vr: 'UI' }],
  [tag(0x0008, 0x0020), { key: 'studyDate', kind: 'str', vr: 'DA' }],
  [tag(0x0008, 0x0060), { key: 'modality', kind: 'str', vr: 'CS' }],
  [tag(0x0008, 0x1030), { key: 'studyDescription', kind: 'str', vr: 'LO' }],
  [tag(0x0008, 0x103e), { key: 'seriesDescription', kind: 'str', vr: 'LO' }],
  [tag(0x0010, 0x0010), { key: 'patientName', kind: 'str', vr: 'PN' }],
  [tag(0x0010, 0x0020), { key: 'patientId', kind: 'str', vr: 'LO' }],
  [tag(0x0018, 0x0020), { key: 'scanningSequence', kind: 'strs', vr: 'CS' }],
  [tag(0x0018, 0x0024), { key: 'sequenceName', kind: 'str', vr: 'SH' }],
  [tag(0x0018, 0x0050), { key: 'sliceThickness', kind: 'num', vr: 'DS' }],
  [tag(0x0018, 0x0080), { key: 'repetitionTime', kind: 'num', vr: 'DS' }],
  [tag(0x0018, 0x0081), { key: 'echoTime', kind: 'num', vr: 'DS' }],
  [tag(0x0018, 0x0082), { key: 'inversionTime', kind: 'num', vr: 'DS' }],
  [tag(0x0018, 0x0088), { key: 'spacingBetweenSlices', kind: 'num', vr: 'DS' }],
  [tag(0x0020, 0x000d), { key: 'studyInstanceUid', kind: 'str', vr: 'UI' }],
  [tag(0x0020, 0x000e), { key: 'seriesInstanceUid', kind: 'str', vr: 'UI' }],
  [tag(0x0020, 0x0011), { key: 'seriesNumber', kind: 'int', vr: 'IS' }],
  [tag(0x0020, 0x0013), { key: 'instanceNumber', kind: 'int', vr: 'IS' }],
  [tag(0x0020, 0x0032), { key: 'imagePositionPatient', kind: 'nums', vr: 'DS' }],
  [tag(0x0020, 0x0037), { key: 'imageOrientationPatient', kind: 'nums', vr: 'DS' }],
  [tag(0x0020, 0x0052), { key: 'frameOfReferenceUid', kind: 'str', vr: 'UI' }],
  [tag(0x0020, 0x1041), { key: 'sliceLocation', kind: 'num', vr: 'DS' }],
  [tag(0x0028, 0x0002), { key: 'samplesPerPixel', kind: 'us', vr: 'US' }],
  [tag(0x0028, 0x0004), { key: 'photometricInterpretation', kind: 'str', vr: 'CS' }],
  [tag(0x0028, 0x0008), { key: 'numberOfFrames', kind: 'int', vr: 'IS' }],
  [tag(0x0028, 0x0010), { key: 'rows', kind: 'us', vr: 'US' }],
  [tag(0x0028, 0x0011), { key: 'columns', kind: 'us', vr: 'US' }],
  [tag(0x0028, 0x0030), { key: 'pixelSpacing', kind: 'nums', vr: 'DS' }],
  [tag(0x0028, 0x0100), { key: 'bitsAllocated', kind: 'us', vr: 'US' }],
  [tag(0x0028, 0x0101), { key: 'bitsStored', kind: 'us', vr: 'US' }],
  [tag(0x0028, 0x0103), { key: 'pixelRepresentation', kind: 'us', vr: 'US' }],
  [tag(0x0028, 0x1050), { key: 'windowCenter', kind: 'num', vr: 'DS' }],
  [tag(0x0028, 0x1051), { key: 'windowWidth', kind: 'num', vr: 'DS' }],
  [tag(0x0028, 0x1052), { key: 'rescaleIntercept', kind: 'num', vr: 'DS' }],
  [tag(0x0028, 0x1053), { key: 'rescaleSlope', kind: 'num', vr: 'DS' }],
]);

const SHARED_FUNCTIONAL_GROUPS = tag(0x5200, 0x9229);
const PER_FRAME_FUNCTIONAL_GROUPS = tag(0x5200, 0x9230);
/** The functional-group macros that hold a frame's plane, and the values read from their first item. */
const PLANE_MACROS = new Set([tag(0x0020, 0x9113), tag(0x0020, 0x9116), tag(0x0028, 0x9110)]);
const FRAME_VALUES = new Map<number, Wanted & { readonly key: keyof FrameGeometry }>([
  [tag(0x0020, 0x0032), { key: 'imagePositionPatient', kind: 'nums', vr: 'DS' }],
  [tag(0x0020, 0x0037), { key: 'imageOrientationPatient', kind: 'nums', vr: 'DS' }],
  [tag(0x0028, 0x0030), { key: 'pixelSpacing', kind: 'nums', vr: 'DS' }],
  [tag(0x0018, 0x0050), { key: 'sliceThickness', kind: 'num', vr: 'DS' }],
]);
const PIXEL_DATA = tag(0x7fe0, 0x0010);
const ITEM = tag(0xfffe, 0xe000);
const ITEM_END = tag(0xfffe, 0xe00d);
const SEQUENCE_END = tag(0xfffe, 0xe0dd);
const UNDEFINED = 0xffffffff;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const latin1 = new TextDecoder('latin1');
/** VR names by their two bytes (first byte high), made once: no string is built per element. */
const VR_NAMES = new Map<number, string>();
for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) VR_NAMES.set((a << 8) | b, String.fromCharCode(a, b));

/** Latin-1 text of a byte range; short values (most header values) without TextDecoder's call cost. */
function decodeText(bytes: Uint8Array, start: number, length: number): string {
  if (length > 64) return latin1.decode(bytes.subarray(start, start + length));
  let s = '';
  for (let i = start; i < start + length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

class Reader {
  readonly view: DataView;
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    public littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new NeedMoreBytes();
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, this.littleEndian);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }
  text(n: number): string {
    this.need(n);
    const s = decodeText(this.bytes, this.pos, n);
    this.pos += n;
    return s;
  }
}

interface Element {
  tag: number;
  vr: string | undefined;
  length: number;
  valueStart: number;
}

function isVrText(s: string): boolean {
  return /^[A-Z]{2}$/.test(s);
}

function readElementHeader(r: Reader, explicit: boolean): Element {
  const group = r.u16();
  const element = r.u16();
  const t = ((group << 16) | element) >>> 0;
  if (group === 0xfffe) {
    const length = r.u32();
    return { tag: t, vr: undefined, length, valueStart: r.pos };
  }
  if (!explicit) {
    const length = r.u32();
    return { tag: t, vr: undefined, length, valueStart: r.pos };
  }
  r.need(2);
  const b0 = r.bytes[r.pos]!;
  const b1 = r.bytes[r.pos + 1]!;
  if (b0 < 65 || b0 > 90 || b1 < 65 || b1 > 90) {
    const vr = r.text(2);
    throw new DicomParseError('bad-encoding', `invalid VR "${vr.replace(/[^\x20-\x7e]/g, '?')}" at byte ${r.pos - 2} (tag ${tagText(t)})`);
  }
  const vr = VR_NAMES.get((b0 << 8) | b1)!;
  r.pos += 2;
  let length: number;
  if (LONG_VRS.has(vr)) {
    r.need(2);
    r.pos += 2;
    length = r.u32();
  } else {
    length = r.u16();
  }
  return { tag: t, vr, length, valueStart: r.pos };
}

export function tagText(t: number): string {
  const hex = t.toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

/** Skip an undefined-length value (a sequence, or UN holding one) up to its delimiter. */
function skipUndefined(r: Reader, explicit: boolean, depth: number): void {
  if (depth > 64) throw new DicomParseError('bad-encoding', 'sequences nested more than 64 deep');
  for (;;) {
    const el = readElementHeader(r, explicit);
    if (el.tag === SEQUENCE_END) return;
    if (el.tag !== ITEM) throw new DicomParseError('bad-encoding', `expected an item in a sequence, found ${tagText(el.tag)}`);
    if (el.length !== UNDEFINED) {
      r.need(el.length);
      r.pos += el.length;
      continue;
    }
    // An undefined-length item: elements until the item delimiter.
    for (;;) {
      const inner = readElementHeader(r, explicit);
      if (inner.tag === ITEM_END) break;
      skipValue(r, inner, explicit, depth + 1);
    }
  }
}

function skipValue(r: Reader, el: Element, explicit: boolean, depth: number): void {
  if (el.length === UNDEFINED) {
    // Implicit VR "UN" sequences are encoded implicit LE whatever the syntax (PS3.5 6.2.2).
    const innerExplicit = el.vr === 'UN' ? false : explicit;
    skipUndefined(r, innerExplicit, depth);
    return;
  }
  r.need(el.length);
  r.pos += el.length;
}

/** Calls `readItem` for each item of the sequence `el` (defined or undefined length) with the item's end. */
function forEachItem(r: Reader, el: Element, explicit: boolean, depth: number, readItem: (itemEnd: number | null) => void): void {
  if (depth > 64) throw new DicomParseError('bad-encoding', 'sequences nested more than 64 deep');
  const end = el.length === UNDEFINED ? null : el.valueStart + el.length;
  for (;;) {
    if (end !== null && r.pos >= end) return;
    const item = readElementHeader(r, explicit);
    if (item.tag === SEQUENCE_END) return;
    if (item.tag !== ITEM) throw new DicomParseError('bad-encoding', `expected an item in a sequence, found ${tagText(item.tag)}`);
    const itemEnd = item.length === UNDEFINED ? null : item.valueStart + item.length;
    readItem(itemEnd);
    if (itemEnd !== null) r.pos = itemEnd;
  }
}

/** Calls `onElement` for each element of an item (up to `itemEnd`, or its delimiter); it must consume the value. */
function forEachElement(r: Reader, explicit: boolean, itemEnd: number | null, onElement: (el: Element) => void): void {
  for (;;) {
    if (itemEnd !== null && r.pos >= itemEnd) return;
    const el = readElementHeader(r, explicit);
    if (el.tag === ITEM_END) return;
    onElement(el);
  }
}

/** One functional-groups item: the plane values of its Plane Position / Orientation / Pixel Measures macros. */
function readFrameGeometry(r: Reader, explicit: boolean, itemEnd: number | null, depth: number): FrameGeometry {
  const geometry: FrameGeometry = {};
  forEachElement(r, explicit, itemEnd, (el) => {
    if (!PLANE_MACROS.has(el.tag) || el.vr === 'UN') return skipValue(r, el, explicit, depth);
    forEachItem(r, el, explicit, depth + 1, (macroEnd) =>
      forEachElement(r, explicit, macroEnd, (value) => {
        const wanted = FRAME_VALUES.get(value.tag);
        if (!wanted || value.length === UNDEFINED) return skipValue(r, value, explicit, depth + 2);
        const v = readValue(r, value, wanted, explicit);
        if (v !== undefined) (geometry as Record<string, unknown>)[wanted.key] = v;
        r.pos = value.valueStart + value.length;
      }),
    );
  });
  return geometry;
}

function readValue(r: Reader, el: Element, wanted: Wanted, explicit: boolean): unknown {
  r.need(el.length);
  const vr = explicit ? el.vr : wanted.vr;
  if (wanted.kind === 'us') {
    if (vr === 'US' && el.length >= 2) return r.view.getUint16(el.valueStart, r.littleEndian);
    if (vr === 'SS' && el.length >= 2) return r.view.getInt16(el.valueStart, r.littleEndian);
    return undefined;
  }
  // Trim on the bytes, before making a string: trailing NUL padding and whitespace at both ends (as
  // `.replace(/[\0 ]+$/, '').trim()` would on the Latin-1 text).
  const bytes = r.bytes;
  let start = el.valueStart;
  let end = start + el.length;
  while (end > start && (bytes[end - 1] === 0 || isLatin1Space(bytes[end - 1]!))) end--;
  while (start < end && isLatin1Space(bytes[start]!)) start++;
  if (start === end) return undefined;
  const text = decodeText(bytes, start, end - start);
  switch (wanted.kind) {
    case 'str':
      return text;
    case 'strs':
      return text.split('\\').map((s) => s.trim());
    case 'num': {
      const n = Number(firstValue(text));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'int': {
      const n = Number(firstValue(text));
      return Number.isFinite(n) ? Math.trunc(n) : undefined;
    }
    case 'nums': {
      const values = text.split('\\').map((s) => Number(s.trim()));
      return values.every(Number.isFinite) ? values : undefined;
    }
    default:
      return undefined;
  }
}

/** What `String.prototype.trim` removes, in Latin-1: tab..carriage return, space, no-break space. */
function isLatin1Space(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13) || b === 0xa0;
}

function firstValue(text: string): string {
  const backslash = text.indexOf('\\');
  return backslash < 0 ? text : text.slice(0, backslash);
}

function parseMeta(r: Reader): { transferSyntaxUid: string } {
  // The file meta group is always Explicit VR Little Endian.
  let transferSyntaxUid: string | undefined;
  for (;;) {
    if (r.pos + 4 > r.bytes.length) throw new NeedMoreBytes();
    const group = r.view.getUint16(r.pos, true);
    if (group !== 0x0002) break;
    const el = readElementHeader(r, true);
    if (el.length === UNDEFINED) throw new DicomParseError('bad-encoding', 'undefined length in file meta');
    r.need(el.length);
    if (el.tag === tag(0x0002, 0x0010))
      transferSyntaxUid = r
        .text(el.length)
        .replace(/[\0 ]+$/g, '')
        .trim();
    else r.pos += el.length;
  }
  if (!transferSyntaxUid) throw new DicomParseError('bad-encoding', 'file meta has no TransferSyntaxUID (0002,0010)');
  return { transferSyntaxUid };
}

export interface ParseOptions {
  /** Inflate raw-deflated bytes (Deflated Explicit VR LE). Without it such files are reported. */
  readonly inflateRaw?: (bytes: Uint8Array) => Uint8Array;
  /** True when `bytes` is the whole file: running out of bytes then means truncation. */
  readonly complete: boolean;
}

/**
 * Parse the header of a DICOM file from its first bytes.
 * Throws `NeedMoreBytes` (give more of the file) or `DicomParseError` (with a problem kind).
 */
export function parseDicomHeader(bytes: Uint8Array, options: ParseOptions): DicomHeader {
  try {
    return parseUnchecked(bytes, options);
  } catch (error) {
    if (error instanceof NeedMoreBytes && options.complete) {
      if (bytes.length === 0) throw new DicomParseError('empty-file', 'empty file (0 bytes)');
      throw new DicomParseError('truncated', `file ends early (${bytes.length} bytes) before the pixel data`);
    }
    throw error;
  }
}

function parseUnchecked(bytes: Uint8Array, options: ParseOptions): DicomHeader {
  const hasPreamble = bytes.length >= 132 && bytes[128] === 68 && bytes[129] === 73 && bytes[130] === 67 && bytes[131] === 77; // "DICM"
  let r: Reader;
  let transferSyntaxUid: string;
  if (hasPreamble) {
    r = new Reader(bytes, true);
    r.pos = 132;
    ({ transferSyntaxUid } = parseMeta(r));
  } else {
    if (bytes.length < 132 && !options.complete) throw new NeedMoreBytes();
    transferSyntaxUid = guessRawEncoding(bytes);
    r = new Reader(bytes, true);
  }
  const encoding = datasetEncoding(transferSyntaxUid);
  if (encoding.deflated) {
    if (!options.complete) throw new NeedMoreBytes();
    if (!options.inflateRaw) {
      throw new DicomParseError('unsupported-transfer-syntax', 'deflated dataset and no inflater available');
    }
    let inflated: Uint8Array;
    try {
      inflated = options.inflateRaw(bytes.subarray(r.pos));
    } catch {
      throw new DicomParseError('bad-encoding', 'deflated dataset cannot be inflated');
    }
    r = new Reader(inflated, true);
  }
  r.littleEndian = encoding.littleEndian;
  const header: DicomHeader = { transferSyntaxUid, hasFileMeta: hasPreamble, hasPixelData: false };
  const out = header as unknown as Record<string, unknown>;
  let lastTag = -1;
  while (r.pos < r.bytes.length) {
    const el = readElementHeader(r, encoding.explicit);
    if (el.tag < lastTag && el.tag >> 16 !== 0xfffe) {
      throw new DicomParseError('bad-encoding', `tags out of order at byte ${el.valueStart} (${tagText(el.tag)})`);
    }
    lastTag = el.tag;
    if (el.tag === PIXEL_DATA) {
      header.hasPixelData = true;
      break;
    }
    if ((el.tag === SHARED_FUNCTIONAL_GROUPS || el.tag === PER_FRAME_FUNCTIONAL_GROUPS) && el.vr !== 'UN') {
      const frames: FrameGeometry[] = [];
      forEachItem(r, el, encoding.explicit, 1, (itemEnd) => frames.push(readFrameGeometry(r, encoding.explicit, itemEnd, 2)));
      if (el.tag === SHARED_FUNCTIONAL_GROUPS) header.sharedFrameGeometry = frames[0];
      else header.frameGeometry = frames;
      if (el.length !== UNDEFINED) r.pos = el.valueStart + el.length;
      continue;
    }
    const wanted = WANTED.get(el.tag);
    if (wanted && el.length !== UNDEFINED) {
      const value = readValue(r, el, wanted, encoding.explicit);
      if (value !== undefined) out[wanted.key] = value;
      r.pos = el.valueStart + el.length;
    } else {
      skipValue(r, el, encoding.explicit, 0);
    }
  }
  if (!header.hasPixelData && !options.complete) throw new NeedMoreBytes();
  return header;
}

/** A file without preamble: accept it only when it starts like a raw group-0008 dataset. */
function guessRawEncoding(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new NeedMoreBytes();
  if (bytes.length < 8) throw new DicomParseError('not-dicom', 'not a DICOM file (too short, no DICM marker)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const group = view.getUint16(0, true);
  if (group !== 0x0008) throw new DicomParseError('not-dicom', 'not a DICOM file (no DICM marker at byte 128)');
  const vr = latin1.decode(bytes.subarray(4, 6));
  return isVrText(vr) ? EXPLICIT_VR_LE : IMPLICIT_VR_LE;
}
