/**
 * Encodes a demo instance as a DICOM Part 10 file (Explicit VR Little Endian) with dcmjs.
 *
 * The only module of the demo that depends on dcmjs. Invariants: the output is a pure function of the
 * attributes and pixels (dcmjs adds nothing time- or random-dependent when the file meta is given), so
 * the same plan gives byte-identical files; PixelData is written as OW, little endian.
 */
import dcmjs from 'dcmjs';
import { fileMetaAttributes, type NaturalizedAttributes } from './dicom-dataset.js';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

/** The bytes of a Part 10 file holding `attributes` and 16-bit `pixels`. */
export function encodeInstance(attributes: NaturalizedAttributes, pixels: Uint16Array): Uint8Array {
  const sop = attributes.SOPInstanceUID;
  if (typeof sop !== 'string') throw new Error('encodeInstance: SOPInstanceUID missing');
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(fileMetaAttributes(sop)));
  // dcmjs reads the typed array's whole buffer: hand it an exactly sized copy when it is a view.
  const buffer = pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength ? pixels.buffer : pixels.slice().buffer;
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    ...attributes,
    PixelData: [buffer],
    _vrMap: { PixelData: 'OW' },
  });
  return new Uint8Array(dict.write());
}
