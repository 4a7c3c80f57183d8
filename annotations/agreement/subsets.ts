/**
 * The breakdowns of a report: `overall`, `condition=<c>`, `level=<l>` and `condition=<c>|level=<l>`,
 * each a union of cells (a cell = one condition x level combination present in the items).
 *
 * Invariants: only the breakdowns the items' fields allow exist (no condition field, no condition
 * subsets); order: overall, conditions, levels, then condition x level, each in order of first
 * appearance in the items; a subset's sufficient vector is the sum of its cells' vectors.
 */
import type { IndexedDataset } from './dataset.js';
import type { StudyTable } from './sufficient.js';

export interface SubsetDefinition {
  readonly key: string;
  readonly condition?: string;
  readonly level?: string;
  /** Cell indices (StudyTable.cells) the subset is made of. */
  readonly cells: readonly number[];
}

export function defineSubsets(data: IndexedDataset, table: StudyTable): SubsetDefinition[] {
  const all = table.cells.map((_, c) => c);
  const subsets: SubsetDefinition[] = [{ key: 'overall', cells: all }];
  data.conditions.forEach((condition, ci) => {
    subsets.push({ key: `condition=${condition}`, condition, cells: all.filter((c) => table.cells[c]![0] === ci) });
  });
  data.levels.forEach((level, li) => {
    subsets.push({ key: `level=${level}`, level, cells: all.filter((c) => table.cells[c]![1] === li) });
  });
  data.conditions.forEach((condition, ci) => {
    data.levels.forEach((level, li) => {
      const cells = all.filter((c) => table.cells[c]![0] === ci && table.cells[c]![1] === li);
      if (cells.length > 0) subsets.push({ key: `condition=${condition}|level=${level}`, condition, level, cells });
    });
  });
  return subsets;
}

/**
 * Where each subset's sufficient vector lives after `sumSubsetVectors`: single-cell subsets read the
 * cell vector in place, the others a slot of the subset buffer.
 */
export interface SubsetSources {
  readonly array: ('cell' | 'subset')[];
  readonly offset: Int32Array;
}

export function subsetSources(subsets: readonly SubsetDefinition[], size: number): SubsetSources {
  const array: ('cell' | 'subset')[] = [];
  const offset = new Int32Array(subsets.length);
  subsets.forEach((s, j) => {
    if (s.cells.length === 1) {
      array.push('cell');
      offset[j] = s.cells[0]! * size;
    } else {
      array.push('subset');
      offset[j] = j * size;
    }
  });
  return { array, offset };
}

/** Sums the cell vectors of every multi-cell subset into subsetVectors[j * size ..]. */
export function sumSubsetVectors(
  subsets: readonly SubsetDefinition[],
  size: number,
  cellVectors: Float64Array,
  subsetVectors: Float64Array,
): void {
  for (let j = 0; j < subsets.length; j++) {
    const cells = subsets[j]!.cells;
    if (cells.length === 1) continue;
    const base = j * size;
    subsetVectors.fill(0, base, base + size);
    for (const c of cells) {
      const cb = c * size;
      for (let i = 0; i < size; i++) subsetVectors[base + i]! += cellVectors[cb + i]!;
    }
  }
}
