import { afterEach, describe, expect, it, vi } from 'vitest';

const getStudy = vi.fn(async ({ studyId }: { studyId: number }) => ({ id: studyId, series: [] }));
const listStudies = vi.fn(async () => [] as unknown[]);
vi.mock('../transport/transport', () => ({
  api: { getStudy: (req: { studyId: number }) => getStudy(req), listStudies: () => listStudies() },
}));

const { ARRIVAL_HOLD_LIMIT_MS, onStudyArriving, ROW_REST_MS, studyRowIntent, useAppStore } = await import('./app-store');

const openId = () => useAppStore.getState().openStudy?.id ?? null;

describe('opening a study', () => {
  afterEach(() => {
    vi.useRealTimers();
    getStudy.mockImplementation(async ({ studyId }) => ({ id: studyId, series: [] }));
  });

  it('tells arrival listeners before the store (and so React) has the study, until they unsubscribe', async () => {
    const seen: Array<{ id: number; openInStore: number | null }> = [];
    const off = onStudyArriving((study) => {
      seen.push({ id: study.id, openInStore: openId() });
    });
    await useAppStore.getState().selectStudy(7);
    expect(seen).toEqual([{ id: 7, openInStore: null }]);
    expect(openId()).toBe(7);
    off();
    await useAppStore.getState().selectStudy(8);
    expect(seen).toHaveLength(1);
    expect(openId()).toBe(8);
  });

  it("takes the study once a listener's hold settles (the viewer's first images), even when it fails", async () => {
    let release: () => void = () => undefined;
    const off = onStudyArriving(() => new Promise<void>((resolve) => (release = resolve)));
    const opening = useAppStore.getState().selectStudy(9);
    await vi.waitFor(() => expect(getStudy).toHaveBeenLastCalledWith({ studyId: 9 }));
    await new Promise((r) => setTimeout(r, 20));
    expect(openId()).toBe(8);
    expect(useAppStore.getState().openStudyLoading).toBe(true);
    release();
    await opening;
    expect(openId()).toBe(9);
    expect(useAppStore.getState().openStudyLoading).toBe(false);
    off();

    const offFailing = onStudyArriving(() => Promise.reject(new Error('no images')));
    await useAppStore.getState().selectStudy(10);
    expect(openId()).toBe(10);
    offFailing();
  });

  it('waits for a hold at most ARRIVAL_HOLD_LIMIT_MS', async () => {
    vi.useFakeTimers();
    const off = onStudyArriving(() => new Promise(() => undefined)); // never settles
    const opening = useAppStore.getState().selectStudy(11);
    await vi.advanceTimersByTimeAsync(ARRIVAL_HOLD_LIMIT_MS - 1);
    expect(openId()).toBe(10);
    await vi.advanceTimersByTimeAsync(1);
    await opening;
    expect(openId()).toBe(11);
    off();
  });

  it('takes only the latest choice when an earlier one arrives or settles later', async () => {
    const arrived: number[] = [];
    const off = onStudyArriving((study) => {
      arrived.push(study.id);
    });
    let slow: (v: { id: number; series: [] }) => void = () => undefined;
    getStudy.mockImplementationOnce(() => new Promise((resolve) => (slow = resolve)));
    const first = useAppStore.getState().selectStudy(12);
    await useAppStore.getState().selectStudy(13);
    slow({ id: 12, series: [] });
    await first;
    expect(openId()).toBe(13);
    expect(arrived).toEqual([13]); // the superseded study never reached the viewer
    off();
  });

  it('closing the study drops a choice still on its way', async () => {
    let slow: (v: { id: number; series: [] }) => void = () => undefined;
    getStudy.mockImplementationOnce(() => new Promise((resolve) => (slow = resolve)));
    const opening = useAppStore.getState().selectStudy(14);
    useAppStore.getState().closeStudy();
    slow({ id: 14, series: [] });
    await opening;
    expect(openId()).toBeNull();
    expect(useAppStore.getState().openStudyLoading).toBe(false);
  });
});

describe('study details fetched ahead of the open', () => {
  const listed = (...ids: number[]) => ids.map((id) => ({ id, series: [] })) as never;
  /** The pointer rests on a study's row long enough for its details to be fetched. */
  const rest = async (studyId: number) => {
    studyRowIntent(studyId).onPointerEnter();
    await new Promise((r) => setTimeout(r, ROW_REST_MS + 5));
  };

  it('opens a prefetched study without asking again, then prefetches the likely next one when idle', async () => {
    getStudy.mockClear();
    await rest(21);
    expect(getStudy).toHaveBeenCalledTimes(1);
    await useAppStore.getState().selectStudy(21, 22);
    expect(openId()).toBe(21);
    expect(getStudy).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(getStudy).toHaveBeenLastCalledWith({ studyId: 22 })); // once the window is idle
    getStudy.mockClear();
    await useAppStore.getState().selectStudy(22);
    expect(openId()).toBe(22);
    expect(getStudy).not.toHaveBeenCalled();
    // No likely next: nothing more is fetched.
    await new Promise((r) => setTimeout(r, 300));
    expect(getStudy).not.toHaveBeenCalled();
  });

  it('forgets prefetched details when the list is reloaded (they may be stale)', async () => {
    await rest(31);
    listStudies.mockResolvedValueOnce(listed(30, 31));
    await useAppStore.getState().refreshStudies();
    getStudy.mockClear();
    await useAppStore.getState().selectStudy(31);
    expect(getStudy).toHaveBeenCalledWith({ studyId: 31 });
  });

  it('a failed prefetch does not fail the open: the open asks again', async () => {
    getStudy.mockRejectedValueOnce(new Error('backend busy'));
    await rest(40);
    getStudy.mockClear();
    await useAppStore.getState().selectStudy(40);
    expect(getStudy).toHaveBeenCalledWith({ studyId: 40 });
    expect(openId()).toBe(40);
    expect(useAppStore.getState().error).toBeNull();
  });

  it("fetches a row's study once the pointer or focus rests on it, not when it only passes over", async () => {
    vi.useFakeTimers();
    getStudy.mockClear();
    const row = (id: number) => studyRowIntent(id);
    row(50).onPointerEnter();
    vi.advanceTimersByTime(ROW_REST_MS - 1);
    row(50).onPointerLeave(); // swept past
    row(51).onPointerEnter();
    vi.advanceTimersByTime(ROW_REST_MS - 1);
    expect(getStudy).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(getStudy).toHaveBeenCalledTimes(1);
    expect(getStudy).toHaveBeenLastCalledWith({ studyId: 51 });
    // Focus (keyboard) too; a click before the rest ends fetches once, for the open.
    row(52).onFocus();
    const opening = useAppStore.getState().selectStudy(52);
    await vi.advanceTimersByTimeAsync(ROW_REST_MS * 2);
    await opening;
    expect(getStudy.mock.calls.filter(([req]) => req.studyId === 52)).toHaveLength(1);
  });
});
