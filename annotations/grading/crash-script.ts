/** The crash test's scripted grading: change n sets one cell to one grade, deterministically. */
import { CONDITION_LEVELS, GRADES, type ConditionLevel, type Grade } from '../domain/protocol.js';

export function scriptedChange(n: number): { cell: ConditionLevel; grade: Grade } {
  return { cell: CONDITION_LEVELS[(n * 7) % 25]!, grade: GRADES[(n * 5 + Math.floor(n / 25)) % 3]! };
}
