/**
 * The DICOM attributes of one demo instance (MR Image Storage), as a dcmjs "naturalized" dataset.
 *
 * Pure: no dcmjs import, no I/O; the writer adds the pixel data and encodes the file. Invariants: the
 * attribute set passes dciodvfy's MR Image IOD checks; every value is a deterministic function of the plan
 * (no clock, no random UID); decimal strings (DS) are short decimals (at most 16 characters); the file meta
 * describes Explicit VR Little Endian.
 */
import { sliceNormal, dot, type SlicePlane } from './geometry.js';
import type { PlannedSeries, StudyPlan } from './manifest.js';
import { FULL_SCALE } from './render.js';

export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Implementation Class UID of the demo writer (fixed, under the 2.25 root). */
export const IMPLEMENTATION_CLASS_UID = '2.25.229573482016744981712904628761813395727';
export const IMPLEMENTATION_VERSION_NAME = 'LUMBAR_DEMO_1';

export type NaturalizedAttributes = Record<string, unknown>;

/** A DS-safe number (short decimal, no -0). */
function ds(value: number, decimals = 4): number {
  const r = Number(value.toFixed(decimals));
  return Object.is(r, -0) ? 0 : r;
}

/** Series time of the n-th series of a study: 09:30 + 4 min per series number. */
function seriesTime(series: PlannedSeries): string {
  const minutes = 9 * 60 + 30 + series.seriesNumber * 4;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}00`;
}

export function fileMetaAttributes(sopInstanceUid: string): NaturalizedAttributes {
  return {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: MR_IMAGE_STORAGE,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
    _vrMap: { FileMetaInformationVersion: 'OB' },
  };
}

/** Attributes of one instance, without PixelData. */
export function instanceAttributes(
  study: StudyPlan,
  series: PlannedSeries,
  instanceNumber: number,
  plane: SlicePlane,
  sopInstanceUid: string,
): NaturalizedAttributes {
  const time = seriesTime(series);
  const normal = sliceNormal(plane);
  const full = FULL_SCALE[series.contrast];
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
    SOPClassUID: MR_IMAGE_STORAGE,
    SOPInstanceUID: sopInstanceUid,
    StudyDate: study.studyDate,
    SeriesDate: study.studyDate,
    AcquisitionDate: study.studyDate,
    ContentDate: study.studyDate,
    StudyTime: '093000',
    SeriesTime: time,
    AcquisitionTime: time,
    ContentTime: time,
    AccessionNumber: `DEMO${study.index + 1}`,
    Modality: 'MR',
    Manufacturer: 'lumbar-grader',
    InstitutionName: 'Lumbar Grader Demo',
    ReferringPhysicianName: '',
    StudyDescription: 'MR LUMBAR SPINE (SYNTHETIC DEMO)',
    SeriesDescription: series.description,
    ManufacturerModelName: 'Synthetic lumbar phantom',
    PatientName: study.patientName,
    PatientID: study.patientId,
    PatientBirthDate: '',
    PatientSex: study.patientSex,
    PatientAge: study.patientAge,
    BodyPartExamined: 'LSPINE',
    ScanningSequence: 'SE',
    SequenceVariant: ['SK', 'SP'],
    ScanOptions: '',
    MRAcquisitionType: '2D',
    SequenceName: series.sequenceName,
    AngioFlag: 'N',
    SliceThickness: ds(series.sliceThickness),
    RepetitionTime: series.repetitionTime,
    EchoTime: series.echoTime,
    NumberOfAverages: 1,
    ImagingFrequency: 63.87,
    ImagedNucleus: '1H',
    EchoNumbers: 1,
    MagneticFieldStrength: 1.5,
    SpacingBetweenSlices: ds(series.spacingBetweenSlices),
    EchoTrainLength: series.echoTrainLength,
    PercentSampling: 100,
    PercentPhaseFieldOfView: 100,
    PixelBandwidth: 200,
    SoftwareVersions: 'lumbar-grader demo 1',
    ProtocolName: `L-SPINE ${series.description}`,
    AcquisitionMatrix: series.phaseEncoding === 'ROW' ? [0, plane.columns, plane.rows, 0] : [plane.columns, 0, 0, plane.rows],
    InPlanePhaseEncodingDirection: series.phaseEncoding,
    FlipAngle: series.flipAngle,
    PatientPosition: 'HFS',
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: series.seriesInstanceUid,
    StudyID: '1',
    SeriesNumber: series.seriesNumber,
    AcquisitionNumber: 1,
    InstanceNumber: instanceNumber,
    ImagePositionPatient: plane.position.map((v) => ds(v)),
    ImageOrientationPatient: [...plane.rowDirection, ...plane.columnDirection].map((v) => ds(v, 6)),
    FrameOfReferenceUID: study.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    SliceLocation: ds(dot(plane.position, normal)),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: plane.rows,
    Columns: plane.columns,
    PixelSpacing: [ds(plane.rowSpacing), ds(plane.columnSpacing)],
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    WindowCenter: Math.round(full * 0.45),
    WindowWidth: Math.round(full * 0.9),
    WindowCenterWidthExplanation: 'DEMO',
    LossyImageCompression: '00',
  };
}
