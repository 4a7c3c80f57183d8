import { describe, expect, it } from 'vitest';
import type { StudyDetail } from '../../../annotations/contract/types';
import { StudyDetailCache } from './study-details';

/** A fake backend: counts fetches per study; `fail` makes the next fetch of a study reject. */
function backend() {
  const calls: number[] = [];
  const failing = new Set<number>();
  let version = 0;
  const fetchDetail = (studyId: number) => {
    calls.push(studyId);
    if (failing.delete(studyId)) return Promise.reject(new Error(`study ${studyId} is gone`));
    return Promise.resolve({ id: studyId, studyKey: `v${version}` } as unknown as StudyDetail);
  };
  return { calls, fail: (id: number) => failing.add(id), bump: () => version++, fetchDetail };
}

describe('StudyDetailCache', () => {
  it('serves a prefetched study once, without fetching it again', async () => {
    const b = backend();
    const cache = new StudyDetailCache(b.fetchDetail);
    cache.prefetch(7);
    cache.prefetch(7); // already on its way
    expect(b.calls).toEqual([7]);
    expect((await cache.take(7)).id).toBe(7);
    expect(b.calls).toEqual([7]);
    // Used up: the next open of the same study asks the backend again.
    await cache.take(7);
    expect(b.calls).toEqual([7, 7]);
  });

  it('fetches a study that was not prefetched', async () => {
    const b = backend();
    const cache = new StudyDetailCache(b.fetchDetail);
    cache.prefetch(1);
    expect((await cache.take(2)).id).toBe(2);
    expect(b.calls).toEqual([1, 2]);
  });

  it('does not serve details older than maxAgeMs', async () => {
    const b = backend();
    let now = 0;
    const cache = new StudyDetailCache(b.fetchDetail, 1000, 8, () => now);
    cache.prefetch(3);
    b.bump();
    now = 1001;
    expect((await cache.take(3)).studyKey).toBe('v1');
    expect(b.calls).toEqual([3, 3]);
    // A stale entry is fetched again by prefetch too.
    cache.prefetch(4);
    now = 2500;
    cache.prefetch(4);
    expect(b.calls).toEqual([3, 3, 4, 4]);
  });

  it('forgets everything on clear (the studies may have changed)', async () => {
    const b = backend();
    const cache = new StudyDetailCache(b.fetchDetail);
    cache.prefetch(5);
    b.bump();
    cache.clear();
    expect(cache.size).toBe(0);
    expect((await cache.take(5)).studyKey).toBe('v1');
  });

  it('a failed prefetch leaves no entry, and the open fetches again', async () => {
    const b = backend();
    const cache = new StudyDetailCache(b.fetchDetail);
    b.fail(9);
    cache.prefetch(9);
    await Promise.resolve();
    await Promise.resolve();
    expect(cache.size).toBe(0);
    expect((await cache.take(9)).id).toBe(9);
    expect(b.calls).toEqual([9, 9]);
  });

  it('an open that takes a prefetch still on its way and then failing fetches again', async () => {
    const b = backend();
    const cache = new StudyDetailCache(b.fetchDetail);
    b.fail(6);
    cache.prefetch(6);
    expect((await cache.take(6)).id).toBe(6);
    expect(b.calls).toEqual([6, 6]);
  });

  it('an open whose fetch fails reports the error', async () => {
    const b = backend();
    const cache = new StudyDetailCache(b.fetchDetail);
    b.fail(2);
    await expect(cache.take(2)).rejects.toThrow('study 2 is gone');
  });

  it('keeps at most `limit` entries, dropping the oldest', () => {
    const b = backend();
    const cache = new StudyDetailCache(b.fetchDetail, 30_000, 2);
    cache.prefetch(1);
    cache.prefetch(2);
    cache.prefetch(3);
    expect(cache.size).toBe(2);
    void cache.take(1);
    expect(b.calls).toEqual([1, 2, 3, 1]);
  });
});
