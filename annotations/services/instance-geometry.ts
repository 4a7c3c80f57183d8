/**
 * Instance geometry from the index, by (series row id, instance number): what point distances in patient
 * space need. Each series' instances are read once per lookup object and kept in a map.
 */
import type { InstanceGeometry } from '../agreement/points.js';
import type { IndexRepository } from '../storage/index-repository.js';

export type InstanceGeometryLookup = (seriesId: number, instanceNumber: number) => InstanceGeometry | undefined;

export function createInstanceGeometryLookup(index: IndexRepository): InstanceGeometryLookup {
  const bySeries = new Map<number, Map<number, InstanceGeometry>>();
  return (seriesId, instanceNumber) => {
    let instances = bySeries.get(seriesId);
    if (!instances) {
      instances = new Map();
      // The first slice with a given instance number answers for it (frames of one file share the number),
      // as the lookups this replaces did.
      const seen = new Set<number>();
      for (const i of index.seriesInstances(seriesId)) {
        if (i.instance_number === null || seen.has(i.instance_number)) continue;
        seen.add(i.instance_number);
        if (!i.ipp || !i.iop || i.row_spacing === null || i.column_spacing === null) continue;
        instances.set(i.instance_number, {
          imagePositionPatient: JSON.parse(i.ipp) as InstanceGeometry['imagePositionPatient'],
          imageOrientationPatient: JSON.parse(i.iop) as InstanceGeometry['imageOrientationPatient'],
          pixelSpacing: [i.row_spacing, i.column_spacing],
        });
      }
      bySeries.set(seriesId, instances);
    }
    return instances.get(instanceNumber);
  };
}
