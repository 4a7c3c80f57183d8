/**
 * Assigning studies to readers. Pure and seeded: the same inputs and seed give the same assignment.
 *
 * 'all': every reader reads every study. 'random': each study drawn is read by `overlap` readers and each
 * reader gets `perReader` studies (as near as the numbers allow: the study count is
 * floor(readers x perReader / overlap), and loads differ by at most one).
 */
import { createRng } from '../agreement/prng.js';

export interface AssignmentRequest {
  readonly mode: 'all' | 'random';
  readonly readerIds: readonly number[];
  readonly studyIds: readonly number[];
  readonly perReader?: number;
  readonly overlap?: number;
  readonly seed?: number;
}

export type Assignment = ReadonlyArray<{ readonly readerId: number; readonly studyId: number }>;

export class AssignmentError extends Error {}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function assignStudies(request: AssignmentRequest): Assignment {
  const { readerIds, studyIds } = request;
  if (readerIds.length === 0) throw new AssignmentError('choose at least one reader');
  if (request.mode === 'all') return readerIds.flatMap((readerId) => studyIds.map((studyId) => ({ readerId, studyId })));
  const perReader = request.perReader ?? 0;
  const overlap = request.overlap ?? 1;
  if (!Number.isInteger(perReader) || perReader < 1) throw new AssignmentError('studies per reader must be a whole number >= 1');
  if (!Number.isInteger(overlap) || overlap < 1 || overlap > readerIds.length) {
    throw new AssignmentError(`readers per study must be between 1 and the number of readers (${readerIds.length})`);
  }
  const studyCount = Math.floor((readerIds.length * perReader) / overlap);
  if (studyCount > studyIds.length) {
    throw new AssignmentError(
      `${readerIds.length} readers x ${perReader} studies / ${overlap} readers per study needs ${studyCount} studies; only ${studyIds.length} are indexed`,
    );
  }
  const rng = createRng(request.seed ?? 1);
  const random = () => rng.next();
  const studies = shuffle(studyIds, random).slice(0, studyCount);
  const load = new Map(readerIds.map((id) => [id, 0]));
  const result: Array<{ readerId: number; studyId: number }> = [];
  for (const studyId of studies) {
    // The `overlap` least-loaded readers, ties broken randomly: balanced loads, no reader twice per study.
    const chosen = shuffle(readerIds, random)
      .sort((a, b) => load.get(a)! - load.get(b)!)
      .slice(0, overlap);
    for (const readerId of chosen) {
      load.set(readerId, load.get(readerId)! + 1);
      result.push({ readerId, studyId });
    }
  }
  return result;
}

/** Assignments as CSV (`reader,study_id`), sorted, for export. */
export function assignmentsToCsv(rows: ReadonlyArray<{ readerName: string; studyKey: string }>): string {
  const sorted = [...rows].sort(
    (a, b) => a.readerName.localeCompare(b.readerName) || a.studyKey.localeCompare(b.studyKey, 'en', { numeric: true }),
  );
  return (
    ['reader,study_id', ...sorted.map((r) => `${r.readerName.includes(',') ? `"${r.readerName}"` : r.readerName},${r.studyKey}`)].join(
      '\n',
    ) + '\n'
  );
}

/** Parse an assignments CSV; every error names its line. */
export function parseAssignmentsCsv(text: string): { rows: Array<{ readerName: string; studyKey: string }>; errors: string[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: string[] = [];
  const rows: Array<{ readerName: string; studyKey: string }> = [];
  if (lines[0]?.trim() !== 'reader,study_id') errors.push(`line 1: expected the header "reader,study_id"`);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const m = /^(?:"([^"]*)"|([^,]*)),(.+)$/.exec(line);
    if (!m || !(m[1] ?? m[2])?.trim() || !m[3]!.trim()) {
      errors.push(`line ${i + 1}: expected "reader,study_id"`);
      continue;
    }
    rows.push({ readerName: (m[1] ?? m[2]!).trim(), studyKey: m[3]!.trim() });
  }
  return { rows, errors };
}
