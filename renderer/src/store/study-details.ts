/**
 * Study details (series, slices, geometry) fetched ahead of an open: when the pointer or focus rests on a
 * study row, and for the study a reader is likely to open next. Opening a study then starts its first
 * images at once instead of after a backend round trip (and the parse of its details).
 *
 * Invariants: an entry is used for at most one open and only while fresh (`maxAgeMs`); a failed fetch
 * leaves no entry (the open fetches again and reports the error); `clear` drops everything, and is called
 * whenever the backend's studies may have changed (list reloaded, series type changed, import finished);
 * at most `limit` entries are kept (the oldest go first).
 */
import type { StudyDetail } from '../../../annotations/contract/types';

interface Entry {
  at: number;
  detail: Promise<StudyDetail>;
}

export class StudyDetailCache {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly fetchDetail: (studyId: number) => Promise<StudyDetail>,
    private readonly maxAgeMs = 30_000,
    private readonly limit = 8,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts fetching a study's details unless fresh ones are held or on their way. */
  prefetch(studyId: number): void {
    if (this.fresh(studyId)) return;
    const detail = this.fetchDetail(studyId);
    const entry: Entry = { at: this.now(), detail };
    this.entries.set(studyId, entry);
    detail.catch(() => {
      if (this.entries.get(studyId) === entry) this.entries.delete(studyId);
    });
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The study's details: the prefetched ones when fresh (used up by this call), else fetched now. */
  take(studyId: number): Promise<StudyDetail> {
    const entry = this.fresh(studyId);
    this.entries.delete(studyId);
    return entry ? entry.detail.catch(() => this.fetchDetail(studyId)) : this.fetchDetail(studyId);
  }

  /** Forgets every entry (the backend's studies may have changed). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The study's entry unless none is held or it is too old (then dropped). */
  private fresh(studyId: number): Entry | undefined {
    const entry = this.entries.get(studyId);
    if (!entry || this.now() - entry.at <= this.maxAgeMs) return entry;
    this.entries.delete(studyId);
    return undefined;
  }
}
