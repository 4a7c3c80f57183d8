/**
 * Ground-truth grades of the demo studies: one grade per condition and level (25 per study).
 *
 * Pure and deterministic from (seed, study index). Invariants:
 * - for every condition there is a "showcase" level (chosen from the seed) where studies 0, 1 and 2 carry
 *   Normal/Mild, Moderate and Severe in some seed-dependent order, so any dataset of >= 3 studies contains
 *   all three grades of every condition at a comparable level;
 * - the other levels follow a realistic skew (mostly Normal/Mild, more disease at L4/L5 and L5/S1).
 */
import { CONDITIONS, GRADES, LEVELS, type Condition, type Grade, type Level } from '../domain/protocol.js';
import { rngFor } from './random.js';

/** Grade per condition and level. */
export type StudyGrades = Readonly<Record<Condition, Readonly<Record<Level, Grade>>>>;

/** [Normal/Mild, Moderate, Severe] weights per level (index in LEVELS). */
const LEVEL_WEIGHTS: readonly (readonly [number, number, number])[] = [
  [0.93, 0.05, 0.02],
  [0.88, 0.09, 0.03],
  [0.8, 0.14, 0.06],
  [0.66, 0.21, 0.13],
  [0.72, 0.18, 0.1],
];

/** The showcase level index of each condition for a seed. */
export function showcaseLevels(seed: number): Readonly<Record<Condition, Level>> {
  const out = {} as Record<Condition, Level>;
  for (const condition of CONDITIONS) {
    const rng = rngFor(seed, 'showcase-level', condition);
    // Mostly the lower levels, where disease is common and the anatomy is largest.
    out[condition] = LEVELS[rng.pick([0.5, 1, 2, 3, 2])] as Level;
  }
  return out;
}

/** The grades of study `studyIndex` (0-based) of the dataset generated with `seed`. */
export function studyGrades(seed: number, studyIndex: number): StudyGrades {
  const showcase = showcaseLevels(seed);
  const rng = rngFor(seed, 'grades', studyIndex);
  // A per-study degeneration tendency shifts weight from Normal/Mild to the worse grades.
  const tendency = rng.range(0.6, 1.5);
  const out = {} as Record<Condition, Record<Level, Grade>>;
  for (const condition of CONDITIONS) {
    const perm = rngFor(seed, 'showcase-order', condition).permutation(3);
    const row = {} as Record<Level, Grade>;
    LEVELS.forEach((level, li) => {
      if (studyIndex < 3 && level === showcase[condition]) {
        row[level] = GRADES[perm[studyIndex] as number] as Grade;
        return;
      }
      const [n, m, s] = LEVEL_WEIGHTS[li] as readonly [number, number, number];
      row[level] = GRADES[rng.pick([n, m * tendency, s * tendency])] as Grade;
    });
    out[condition] = row;
  }
  return out;
}
