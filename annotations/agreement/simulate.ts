/**
 * Seeded simulation of lumbar grading by several readers, for benchmarks and statistical tests:
 * a latent severity per study (labels of a study are correlated), per level (lower levels more
 * degenerate) and per label, read by each reader with a bias and a condition-dependent noise, cut into
 * the 3 grades (~80% Normal/Mild), with some ratings missing.
 *
 * Invariants: the same options give the same records; pure (no I/O).
 */
import { CONDITIONS, GRADES, LEVELS, type Grade } from '../domain/protocol.js';
import type { GradeRecord } from './lumbar.js';
import { createRng, type Rng } from './prng.js';

export interface LumbarSimulationOptions {
  readonly studies: number;
  readonly readers?: readonly string[];
  /** Additive bias of each reader on the latent scale (positive = over-calls). */
  readonly readerBias?: readonly number[];
  /** Probability that a reader leaves a label ungraded. */
  readonly missing?: number;
  readonly seed?: number;
}

function normal(rng: Rng): number {
  // Box-Muller; 1 - u avoids log(0).
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const LEVEL_SHIFT = [-1.2, -0.8, -0.3, 0.4, 0.2];
/** Reader noise per condition: central canal most reproducible, subarticular least. */
const CONDITION_NOISE = [0.35, 0.5, 0.5, 0.7, 0.7];

export function simulateLumbarGrades(options: LumbarSimulationOptions): GradeRecord[] {
  const readers = options.readers ?? ['R1', 'R2', 'R3'];
  const bias = options.readerBias ?? readers.map((_, g) => (g === 0 ? -0.15 : g === readers.length - 1 ? 0.2 : 0));
  const missing = options.missing ?? 0.03;
  const rng = createRng(options.seed ?? 1);
  const records: GradeRecord[] = [];
  for (let s = 0; s < options.studies; s++) {
    const study = String(4_000_000 + s * 97);
    const u = 0.6 * normal(rng);
    CONDITIONS.forEach((condition, c) => {
      LEVELS.forEach((level, l) => {
        const latent = u + LEVEL_SHIFT[l]! + 0.8 * normal(rng);
        readers.forEach((reader, g) => {
          const y = latent + bias[g]! + CONDITION_NOISE[c]! * normal(rng);
          const grade: Grade = GRADES[y < 0.7 ? 0 : y < 1.5 ? 1 : 2];
          records.push({ reader, study, condition, level, grade: rng.next() < missing ? null : grade });
        });
      });
    });
  }
  return records;
}
