/** Transfer syntaxes: which ones the header parser reads, and which ones the viewer can decode. */

export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
export const DEFLATED_EXPLICIT_VR_LE = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_VR_BE = '1.2.840.10008.1.2.2';

/** Cornerstone3D 5.14's dicom-image-loader decodes these (Deflated is known not to render: STACK-NOTES). */
const VIEWER_DECODABLE: ReadonlyMap<string, string> = new Map([
  [IMPLICIT_VR_LE, 'Implicit VR Little Endian'],
  [EXPLICIT_VR_LE, 'Explicit VR Little Endian'],
  [EXPLICIT_VR_BE, 'Explicit VR Big Endian'],
  ['1.2.840.10008.1.2.4.50', 'JPEG Baseline'],
  ['1.2.840.10008.1.2.4.51', 'JPEG Extended'],
  ['1.2.840.10008.1.2.4.57', 'JPEG Lossless'],
  ['1.2.840.10008.1.2.4.70', 'JPEG Lossless SV1'],
  ['1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless'],
  ['1.2.840.10008.1.2.4.81', 'JPEG-LS Near-Lossless'],
  ['1.2.840.10008.1.2.4.90', 'JPEG 2000 Lossless'],
  ['1.2.840.10008.1.2.4.91', 'JPEG 2000'],
  ['1.2.840.10008.1.2.4.201', 'HTJ2K Lossless'],
  ['1.2.840.10008.1.2.4.202', 'HTJ2K Lossless RPCL'],
  ['1.2.840.10008.1.2.4.203', 'HTJ2K'],
  ['1.2.840.10008.1.2.5', 'RLE Lossless'],
]);

const OTHER_KNOWN: ReadonlyMap<string, string> = new Map([
  [DEFLATED_EXPLICIT_VR_LE, 'Deflated Explicit VR Little Endian'],
  ['1.2.840.10008.1.2.4.100', 'MPEG2'],
  ['1.2.840.10008.1.2.4.102', 'MPEG-4'],
  ['1.2.840.10008.1.2.4.110', 'JPEG XL Lossless'],
  ['1.2.840.10008.1.2.4.112', 'JPEG XL'],
]);

export function isViewerDecodable(uid: string): boolean {
  return VIEWER_DECODABLE.has(uid);
}

export function transferSyntaxName(uid: string): string {
  return VIEWER_DECODABLE.get(uid) ?? OTHER_KNOWN.get(uid) ?? `unknown transfer syntax ${uid}`;
}

/** The syntaxes whose dataset encoding the header parser itself can walk. */
export function datasetEncoding(uid: string): { explicit: boolean; littleEndian: boolean; deflated: boolean } {
  if (uid === IMPLICIT_VR_LE) return { explicit: false, littleEndian: true, deflated: false };
  if (uid === EXPLICIT_VR_BE) return { explicit: true, littleEndian: false, deflated: false };
  if (uid === DEFLATED_EXPLICIT_VR_LE) return { explicit: true, littleEndian: true, deflated: true };
  // Every other standard syntax (all compressed ones) encodes the dataset as Explicit VR Little Endian.
  return { explicit: true, littleEndian: true, deflated: false };
}
