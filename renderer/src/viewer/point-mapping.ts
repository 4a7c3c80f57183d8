/**
 * The pure half of the annotation adapter: point records (series, instance number, x = column, y = row in
 * image pixels) <-> patient-space positions on a known slice. No Cornerstone: the adapter feeds it image
 * ids and world points (Cornerstone's world = DICOM patient LPS mm for stack viewports).
 *
 * Invariant: pixelToPatient and patientToPixel use the same convention as the demo ground truth and the
 * Kaggle labels (pixel centre at integer coordinates), so a record survives record -> world -> record.
 */
import { patientToPixel, pixelToPatient, type Vec3 } from '../../../annotations/domain/geometry';
import type { PointPosition } from './point-store';
import type { StackSlice } from './stacks';

/** Finds the slices of the open study by image id and by (series, instance number). */
export class SliceIndex {
  private readonly byImageId = new Map<string, StackSlice>();
  private readonly byInstance = new Map<string, StackSlice>();

  constructor(slices: Iterable<StackSlice>) {
    for (const slice of slices) {
      this.byImageId.set(slice.imageId, slice);
      if (slice.instance.instanceNumber !== null) this.byInstance.set(`${slice.seriesId}/${slice.instance.instanceNumber}`, slice);
    }
  }

  byImage(imageId: string): StackSlice | undefined {
    return this.byImageId.get(imageId);
  }

  byPosition(seriesId: number, instanceNumber: number): StackSlice | undefined {
    return this.byInstance.get(`${seriesId}/${instanceNumber}`);
  }
}

/** World point of a record, with the slice it lives on; null when the slice is unknown or has no geometry. */
export function recordToWorld(index: SliceIndex, position: PointPosition): { world: Vec3; slice: StackSlice } | null {
  const slice = index.byPosition(position.seriesId, position.instanceNumber);
  if (!slice?.plane) return null;
  return { world: pixelToPatient(slice.plane, position.x, position.y), slice };
}

/** Record position of a world point placed on the image `imageId`; null when that image is unknown. */
export function worldToRecord(index: SliceIndex, imageId: string, world: Vec3): PointPosition | null {
  const slice = index.byImage(imageId);
  if (!slice?.plane || slice.instance.instanceNumber === null) return null;
  const { x, y } = patientToPixel(slice.plane, world);
  return { seriesId: slice.seriesId, instanceNumber: slice.instance.instanceNumber, x, y };
}
