/** Who may do what: the role checks the services share (blinding and QA-only actions live in the backend). */
import { ApiError } from '../contract/contract.js';
import type { GradingRepository, ReaderRow } from '../storage/grading-repository.js';

/** The reader `readerId`, or a not-found error. */
export function readerOf(repo: GradingRepository, readerId: number): ReaderRow {
  const reader = repo.reader(readerId);
  if (!reader) throw new ApiError('not-found', `no reader with id ${readerId}`);
  return reader;
}

/** The QA lead `viewerId`; a reader is refused with what only a QA lead can do (`action`, e.g. "adjudicate"). */
export function qaLeadOf(repo: GradingRepository, viewerId: number, action: string): ReaderRow {
  const viewer = readerOf(repo, viewerId);
  if (viewer.role !== 'qa_lead') throw new ApiError('bad-request', `${viewer.name} is a reader: only a QA lead can ${action}`);
  return viewer;
}
