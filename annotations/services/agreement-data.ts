/**
 * The app's own grades as agreement-engine input: every reader's current label per study, condition and
 * level ("not gradable" and empty cells are missing ratings). QA leads' own grades are not a reader's.
 */
import type { Db } from '../storage/database.js';
import { createGradingRepository } from '../storage/grading-repository.js';
import { createIndexRepository } from '../storage/index-repository.js';
import type { GradeRecord } from '../agreement/lumbar.js';
import type { Condition, Grade, Level } from '../domain/protocol.js';

export function gradeRecordsOf(db: Db): { records: GradeRecord[]; readers: string[]; studies: string[] } {
  const grading = createGradingRepository(db);
  const index = createIndexRepository(db);
  const readers = grading.readers().filter((r) => r.role === 'reader');
  const names = new Map(readers.map((r) => [r.id, r.name]));
  const studyKeys = new Map(index.studies().map((s) => [s.id, s.study_key]));
  const records: GradeRecord[] = grading
    .allLabels()
    .filter((l) => names.has(l.reader_id) && studyKeys.has(l.study_id))
    .map((l) => ({
      reader: names.get(l.reader_id)!,
      study: studyKeys.get(l.study_id)!,
      condition: l.condition as Condition,
      level: l.level as Level,
      grade: (l.grade as Grade | null) ?? null,
    }));
  const studies = [...new Set(records.map((r) => r.study))];
  return { records, readers: readers.map((r) => r.name), studies };
}
