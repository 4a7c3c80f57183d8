import { describe, expect, it, vi } from 'vitest';

vi.mock('../transport/transport', () => ({
  api: { getStudy: vi.fn(async ({ studyId }: { studyId: number }) => ({ id: studyId, series: [] })) },
}));

const { onStudyArriving, useAppStore } = await import('./app-store');

describe('opening a study', () => {
  it('tells arrival listeners before the store (and so React) has the study, until they unsubscribe', async () => {
    const seen: Array<{ id: number; openInStore: number | null }> = [];
    const off = onStudyArriving((study) => seen.push({ id: study.id, openInStore: useAppStore.getState().openStudy?.id ?? null }));
    await useAppStore.getState().selectStudy(7);
    expect(seen).toEqual([{ id: 7, openInStore: null }]);
    expect(useAppStore.getState().openStudy?.id).toBe(7);
    off();
    await useAppStore.getState().selectStudy(8);
    expect(seen).toHaveLength(1);
    expect(useAppStore.getState().openStudy?.id).toBe(8);
  });
});
