import { describe, expect, it } from 'vitest';
import { makeMrSlice } from '../test-support/dicom-files.js';
import { DicomParseError, NeedMoreBytes, parseDicomHeader } from './header-parser.js';

const whole = { complete: true } as const;

describe('parseDicomHeader', () => {
  it('reads the attributes the index needs from an Explicit VR LE file', () => {
    const header = parseDicomHeader(
      makeMrSlice({ instanceNumber: 7, ipp: [1.5, -2, 3], rows: 16, columns: 12, pixelSpacing: [0.8, 0.7], inversionTime: 150 }),
      whole,
    );
    expect(header.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(header.modality).toBe('MR');
    expect(header.instanceNumber).toBe(7);
    expect(header.imagePositionPatient).toEqual([1.5, -2, 3]);
    expect(header.imageOrientationPatient).toEqual([0, 1, 0, 0, 0, -1]);
    expect(header.rows).toBe(16);
    expect(header.columns).toBe(12);
    expect(header.pixelSpacing).toEqual([0.8, 0.7]);
    expect(header.bitsStored).toBe(12);
    expect(header.inversionTime).toBe(150);
    expect(header.patientName).toBe('Test^Spine');
    expect(header.windowCenter).toBe(1000);
    expect(header.hasPixelData).toBe(true);
  });

  it('asks for more bytes when given only the start of a long header', () => {
    const bytes = makeMrSlice();
    expect(() => parseDicomHeader(bytes.subarray(0, 300), { complete: false })).toThrow(NeedMoreBytes);
  });

  it('reports truncation, emptiness and non-DICOM text with a kind', () => {
    const bytes = makeMrSlice();
    const kindOf = (b: Uint8Array) => {
      try {
        parseDicomHeader(b, whole);
        return 'parsed';
      } catch (error) {
        return error instanceof DicomParseError ? error.kind : 'other';
      }
    };
    expect(kindOf(bytes.subarray(0, 400))).toBe('truncated');
    expect(kindOf(new Uint8Array(0))).toBe('empty-file');
    expect(kindOf(Buffer.from('hello, this is not an image at all'.repeat(10)))).toBe('not-dicom');
  });

  it('trims padding and whitespace around values (NUL, space, tab, no-break space), not inside them', () => {
    const bytes = Buffer.from(makeMrSlice());
    const at = bytes.indexOf(Buffer.from('SAG T2', 'latin1'), 132); // SeriesDescription, 6 bytes
    bytes.write('\tA X\xa0\0', at, 'latin1');
    expect(parseDicomHeader(bytes, whole).seriesDescription).toBe('A X');
    bytes.write('  \0\0 \0', at, 'latin1'); // nothing but padding: absent
    expect(parseDicomHeader(bytes, whole).seriesDescription).toBeUndefined();
  });

  it('reports a corrupted VR as bad encoding', () => {
    const bytes = Buffer.from(makeMrSlice());
    const at = bytes.indexOf(Buffer.from('MR', 'latin1'), 200); // Modality value: corrupt the element before it
    bytes.write('\x01\x02', at - 4, 'latin1');
    expect(() => parseDicomHeader(bytes, whole)).toThrow(DicomParseError);
  });

  it('reads a file without preamble/meta as a raw dataset', () => {
    const bytes = makeMrSlice({ instanceNumber: 3 });
    // Strip preamble + meta group: find the first group-0008 tag after the meta.
    let offset = 132;
    while (bytes.readUInt16LE(offset) === 0x0002) {
      const vr = bytes.toString('latin1', offset + 4, offset + 6);
      offset += ['OB', 'OW', 'UN', 'SQ', 'UT'].includes(vr) ? 12 + bytes.readUInt32LE(offset + 8) : 8 + bytes.readUInt16LE(offset + 6);
    }
    const header = parseDicomHeader(bytes.subarray(offset), whole);
    expect(header.hasFileMeta).toBe(false);
    expect(header.instanceNumber).toBe(3);
  });
});
