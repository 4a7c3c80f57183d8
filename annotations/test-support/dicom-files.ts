/**
 * Test support: small synthetic DICOM files written with dcmjs (never real patient data), and helpers to
 * damage them in the ways real folders are damaged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dcmjs from 'dcmjs';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

export interface SliceOptions {
  /** Frames in the pixel data (NumberOfFrames and the functional groups come through `extra`). */
  readonly frames?: number;
  studyUid?: string;
  seriesUid?: string;
  sopUid?: string;
  frameOfReferenceUid?: string;
  seriesDescription?: string;
  instanceNumber?: number;
  ipp?: [number, number, number] | null;
  iop?: [number, number, number, number, number, number] | null;
  rows?: number;
  columns?: number;
  pixelSpacing?: [number, number];
  repetitionTime?: number;
  echoTime?: number;
  inversionTime?: number;
  transferSyntaxUid?: string;
  extra?: Record<string, unknown>;
}

/** A 16-bit MONOCHROME2 MR slice as Part 10 bytes (Explicit VR LE unless told otherwise). */
export function makeMrSlice(options: SliceOptions = {}): Buffer {
  const rows = options.rows ?? 8;
  const columns = options.columns ?? 8;
  const frames = options.frames ?? 1;
  const pixels = new Uint16Array(rows * columns * frames);
  if (frames === 1) for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + (options.instanceNumber ?? 1) * 101) % 4096;
  // Several frames: frame k is uniform at (k + 1) x 300, so which frame is shown can be told from its brightness.
  else for (let f = 0; f < frames; f++) pixels.fill((f + 1) * 300, f * rows * columns, (f + 1) * rows * columns);
  const sopUid = options.sopUid ?? DicomMetaDictionary.uid();
  const transferSyntax = options.transferSyntaxUid ?? '1.2.840.10008.1.2.1';
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
    MediaStorageSOPInstanceUID: sopUid,
    TransferSyntaxUID: transferSyntax,
    ImplementationClassUID: '2.25.1234567',
    ImplementationVersionName: 'LUMBAR_TEST',
  };
  const dataset: Record<string, unknown> = {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
    SOPInstanceUID: sopUid,
    Modality: 'MR',
    StudyInstanceUID: options.studyUid ?? '2.25.100',
    SeriesInstanceUID: options.seriesUid ?? '2.25.200',
    SeriesDescription: options.seriesDescription ?? 'SAG T2',
    PatientName: 'Test^Spine',
    PatientID: 'TEST1',
    InstanceNumber: String(options.instanceNumber ?? 1),
    SeriesNumber: '1',
    FrameOfReferenceUID: options.frameOfReferenceUid ?? '2.25.300',
    Rows: rows,
    Columns: columns,
    PixelSpacing: (options.pixelSpacing ?? [0.5, 0.5]).map(String),
    SliceThickness: '4',
    RepetitionTime: String(options.repetitionTime ?? 3000),
    EchoTime: String(options.echoTime ?? 100),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    WindowCenter: '1000',
    WindowWidth: '2000',
    ...options.extra,
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  };
  if (options.inversionTime !== undefined) dataset['InversionTime'] = String(options.inversionTime);
  if (options.ipp !== null) dataset['ImagePositionPatient'] = (options.ipp ?? [0, -100, 100]).map(String);
  if (options.iop !== null) dataset['ImageOrientationPatient'] = (options.iop ?? [0, 1, 0, 0, 0, -1]).map(String);
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return Buffer.from(dict.write());
}

export function tempDir(prefix = 'lumbar-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFile(root: string, relativePath: string, bytes: Buffer | string): string {
  const file = path.join(root, relativePath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return file;
}

/** A sagittal series of `count` slices stepping 4 mm in x (a patient's left). */
export function writeSagittalSeries(root: string, folder: string, count: number, options: SliceOptions = {}): void {
  const seriesUid = options.seriesUid ?? DicomMetaDictionary.uid();
  for (let i = 0; i < count; i++) {
    writeFile(
      root,
      `${folder}/IM${String(i + 1).padStart(4, '0')}.dcm`,
      makeMrSlice({ ...options, seriesUid, instanceNumber: count - i, ipp: [(i - count / 2) * 4, -100, 100] }),
    );
  }
}
