import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabelPointInfo, ReadState } from '../../../annotations/contract/types';
import { CONDITION_LEVELS } from '../../../annotations/domain/protocol';

// The backend's answers to setLabel, released by the test one at a time (the session store sends one
// change after the other).
const answers: Array<(read: ReadState) => void> = [];
vi.mock('../transport/transport', () => ({
  api: { setLabel: () => new Promise<ReadState>((resolve) => answers.push(resolve)) },
  BackendError: class extends Error {},
  isConnectionLost: () => false,
}));
vi.mock('../viewer/active-session', () => ({ activeSession: () => null, onPointSelection: () => () => undefined }));

const { pointIdOf, startPointSync } = await import('./point-sync');
const { useSessionStore } = await import('./session-store');
const { usePointStore } = await import('../viewer/point-store');

const CELL = { condition: 'Spinal Canal Stenosis', level: 'L4/L5' } as const;
const at = (y: number) => ({ seriesId: 3, instanceNumber: 8, x: 100, y });
const readWith = (position: ReturnType<typeof at> | null): ReadState =>
  ({
    readerId: 1,
    studyId: 7,
    status: 'in_progress',
    flags: [],
    comment: '',
    activeMs: 0,
    decided: 0,
    canUndo: true,
    canRedo: false,
    labels: CONDITION_LEVELS.map((cl) => ({
      ...cl,
      grade: null,
      notGradable: null,
      point:
        cl.condition === CELL.condition && cl.level === CELL.level && position
          ? ({ ...position, override: false } as LabelPointInfo)
          : null,
    })),
  }) as ReadState;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('points between the viewer and the read', () => {
  beforeEach(() => {
    answers.length = 0;
    usePointStore.setState({ points: [], lastChange: null, changes: 0 });
    useSessionStore.setState({ reader: { id: 1, name: 'Dr Ada', initials: 'AA', role: 'reader' }, read: readWith(null) } as never);
  });

  it('an earlier acknowledgement does not move back a point dragged on since; the last one leaves it in place', async () => {
    const stop = startPointSync();
    const id = pointIdOf(7, CELL.condition, CELL.level);
    usePointStore.getState().add({ id, studyId: 7, ...CELL, ...at(50) }, 'viewer');
    usePointStore.getState().move(id, at(60), 'viewer'); // dragged before the placement is acknowledged
    expect(usePointStore.getState().changes).toBe(2);
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    answers[0]!(readWith(at(50))); // the placement, acknowledged: the read now has the point at y 50
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    expect(usePointStore.getState().points[0]).toMatchObject({ y: 60, origin: 'viewer' });
    answers[1]!(readWith(at(60)));
    await settle();
    expect(usePointStore.getState().points[0]).toMatchObject({ y: 60 });
    expect(usePointStore.getState().changes).toBe(2); // no write back from the acknowledged read: no echo
    stop();
  });

  it('a placement the backend refuses disappears once it has answered', async () => {
    const stop = startPointSync();
    const id = pointIdOf(7, CELL.condition, CELL.level);
    usePointStore.getState().add({ id, studyId: 7, ...CELL, ...at(50) }, 'viewer');
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    answers[0]!(Promise.reject(new Error('refused')) as never);
    await vi.waitFor(() => expect(usePointStore.getState().points).toEqual([]));
    expect(usePointStore.getState().lastChange).toMatchObject({ kind: 'replace', origin: 'backend' });
    stop();
  });
});
