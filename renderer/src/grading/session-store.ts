/**
 * The reading session: who is reading, their worklist, the read of the open study (the 25 labels as the
 * backend last confirmed them), and the selected cell.
 *
 * Invariants: the grid shows only what the backend acknowledged (every change is saved in its own
 * transaction before it appears); the current reader id persists in localStorage so a reload continues
 * where the reader was; a reader never receives anyone else's labels (the backend enforces it).
 */
import { create } from 'zustand';
import type { ReadState, ReaderInfo, Worklist, WorklistItem } from '../../../annotations/contract/types';
import { CONDITION_LEVELS, type ConditionLevel, type Grade } from '../../../annotations/domain/protocol';
import { NOT_GRADABLE_REASONS, type ReaderRole, type StudyFlag } from '../../../annotations/domain/reading';
import { api, BackendError, isConnectionLost } from '../transport/transport';
import { useAppStore } from '../store/app-store';

const READER_KEY = 'lumbar.readerId';

export interface PointInput {
  readonly seriesId: number;
  readonly instanceNumber: number;
  readonly x: number;
  readonly y: number;
  readonly override: boolean;
}

interface SessionState {
  readers: ReaderInfo[];
  reader: ReaderInfo | null;
  worklist: Worklist | null;
  read: ReadState | null;
  selected: ConditionLevel;
  /** A point refused because it is on an unusual series type, waiting for the reader's confirmation. */
  pendingOverride: { cell: ConditionLevel; point: PointInput; message: string } | null;
  message: string | null;
  /** Time of the last acknowledged save (for the "saved" indicator and the grading benchmark). */
  savedAt: number | null;
  /** The reason the "not gradable" key and button give (chosen beside the button). */
  notGradableReason: string;

  init(): Promise<void>;
  createReader(name: string, initials: string, role: ReaderRole): Promise<void>;
  chooseReader(readerId: number): Promise<void>;
  signOut(): void;
  refreshWorklist(): Promise<void>;
  openStudy(studyId: number): Promise<void>;
  nextStudy(): Promise<boolean>;
  select(cell: Partial<ConditionLevel>): void;
  grade(grade: Grade): Promise<void>;
  notGradable(reason: string): Promise<void>;
  setNotGradableReason(reason: string): void;
  clearCell(): Promise<void>;
  placePoint(cell: ConditionLevel, point: PointInput): Promise<boolean>;
  confirmOverride(accept: boolean): Promise<void>;
  deletePoint(cell: ConditionLevel): Promise<void>;
  setFlags(flags: StudyFlag[]): Promise<void>;
  setComment(comment: string): Promise<void>;
  markComplete(): Promise<boolean>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  dismissMessage(): void;
}

/** The unfinished study after `studyId` in the worklist's order (wrapping to the first unfinished one). */
export function nextUnfinished(worklist: Worklist, studyId: number | undefined): WorklistItem | undefined {
  const unfinished = worklist.items.filter((i) => i.status !== 'complete' && i.studyId !== studyId);
  const at = worklist.items.findIndex((x) => x.studyId === studyId);
  return unfinished.find((i) => worklist.items.indexOf(i) > at) ?? unfinished[0];
}

/** The worklist with one item's status and progress taken from an acknowledged read. */
function withRead(worklist: Worklist | null, read: ReadState): Worklist | null {
  if (!worklist) return worklist;
  // Unchanged for the worklist (most grade changes): the same object, so the list does not re-render.
  const item = worklist.items.find((i) => i.studyId === read.studyId);
  if (item && item.status === read.status && item.decided === read.decided && item.flags.join() === read.flags.join()) return worklist;
  const items = worklist.items.map((i) =>
    i.studyId === read.studyId ? { ...i, status: read.status, decided: read.decided, flags: read.flags } : i,
  );
  const count = (status: ReadState['status']) => items.filter((i) => i.status === status).length;
  return {
    ...worklist,
    items,
    counts: {
      not_started: count('not_started'),
      in_progress: count('in_progress'),
      complete: count('complete'),
      flagged: count('flagged'),
      total: items.length,
    },
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useSessionStore = create<SessionState>()((set, get) => {
  /**
   * Changes run one after another, in key order: a key pressed while the previous change is still being
   * saved applies to the cell selected after that change (fast typing keeps auto-advance right).
   */
  let queue: Promise<unknown> = Promise.resolve();
  function enqueue<T>(run: () => Promise<T>): Promise<T> {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  }

  /** Run one backend change for the open read; the grid updates only from the acknowledged state. */
  async function commit(run: (readerId: number, studyId: number) => Promise<ReadState>): Promise<ReadState | null> {
    const { reader, read } = get();
    if (!reader || !read) return null;
    try {
      const next = await run(reader.id, read.studyId);
      set((s) => ({ read: next, savedAt: performance.now(), message: null, worklist: withRead(s.worklist, next) }));
      return next;
    } catch (error) {
      set({ message: messageOf(error) });
      if (isConnectionLost(error)) await showSaved(reader.id, read.studyId);
      return null;
    }
  }

  /** After a change whose answer was lost: show what the backend has (the change may have been saved). */
  async function showSaved(readerId: number, studyId: number): Promise<void> {
    try {
      const saved = await api.getRead({ readerId, studyId });
      if (get().read?.studyId === studyId) set((s) => ({ read: saved, worklist: withRead(s.worklist, saved) }));
    } catch {
      /* the message already says the backend is unreachable */
    }
  }

  async function placePointNow(cell: ConditionLevel, point: PointInput): Promise<boolean> {
    const { reader, read } = get();
    if (!reader || !read) return false;
    try {
      const next = await api.setLabel({ readerId: reader.id, studyId: read.studyId, ...cell, point });
      set((s) => ({
        read: next,
        savedAt: performance.now(),
        selected: cell,
        message: null,
        pendingOverride: null,
        worklist: withRead(s.worklist, next),
      }));
      return true;
    } catch (error) {
      if (error instanceof BackendError && error.code === 'conflict' && !point.override) {
        set({ pendingOverride: { cell, point, message: error.message } });
      } else {
        set({ message: messageOf(error) });
        if (isConnectionLost(error)) await showSaved(reader.id, read.studyId);
      }
      return false;
    }
  }

  function nextCellAfter(state: ReadState, from: ConditionLevel): ConditionLevel {
    const start = CONDITION_LEVELS.findIndex((c) => c.condition === from.condition && c.level === from.level);
    for (let step = 1; step <= 25; step++) {
      const cell = state.labels[(start + step) % 25]!;
      if (cell.grade === null && cell.notGradable === null) return { condition: cell.condition, level: cell.level };
    }
    return from;
  }

  return {
    readers: [],
    reader: null,
    worklist: null,
    read: null,
    selected: CONDITION_LEVELS[0]!,
    pendingOverride: null,
    message: null,
    savedAt: null,
    notGradableReason: NOT_GRADABLE_REASONS[0],

    async init() {
      const readers = await api.listReaders({});
      set({ readers });
      const saved = Number(localStorage.getItem(READER_KEY));
      const reader = readers.find((r) => r.id === saved);
      if (reader) await get().chooseReader(reader.id);
    },

    async createReader(name, initials, role) {
      try {
        const reader = await api.createReader({ name, initials, role });
        set({ readers: await api.listReaders({}) });
        await get().chooseReader(reader.id);
      } catch (error) {
        set({ message: messageOf(error) });
      }
    },

    async chooseReader(readerId) {
      const reader = get().readers.find((r) => r.id === readerId) ?? null;
      if (!reader) return;
      localStorage.setItem(READER_KEY, String(readerId));
      set({ reader, read: null, worklist: null, message: null });
      useAppStore.getState().closeStudy();
      await get().refreshWorklist();
    },

    signOut() {
      localStorage.removeItem(READER_KEY);
      useAppStore.getState().closeStudy();
      set({ reader: null, worklist: null, read: null });
    },

    async refreshWorklist() {
      const reader = get().reader;
      if (!reader) return;
      try {
        set({ worklist: await api.getWorklist({ readerId: reader.id }) });
      } catch (error) {
        set({ message: messageOf(error) });
      }
    },

    async openStudy(studyId) {
      const reader = get().reader;
      if (!reader) return;
      let read: ReadState;
      try {
        // The study "Next study" would open after this one: its details are fetched while this one is read.
        const worklist = get().worklist;
        const next = worklist ? (nextUnfinished(worklist, studyId)?.studyId ?? null) : null;
        [read] = await Promise.all([api.getRead({ readerId: reader.id, studyId }), useAppStore.getState().selectStudy(studyId, next)]);
      } catch (error) {
        set({ message: messageOf(error) });
        return;
      }
      // Another study was chosen meanwhile (or this one did not open): its read is not the one to grade.
      if (useAppStore.getState().openStudy?.id !== studyId) return;
      const first = read.labels.find((l) => l.grade === null && l.notGradable === null) ?? read.labels[0]!;
      set({ read, selected: { condition: first.condition, level: first.level }, pendingOverride: null, message: null });
    },

    async nextStudy() {
      await get().refreshWorklist();
      const { worklist, read } = get();
      if (!worklist) return false;
      const after = nextUnfinished(worklist, read?.studyId);
      if (!after) {
        set({ message: 'Every study on your worklist is complete.' });
        return false;
      }
      await get().openStudy(after.studyId);
      return true;
    },

    select(cell) {
      // In the queue too, so a selection key pressed after a grade key applies after that grade's auto-advance.
      void enqueue(async () =>
        set((s) => ({ selected: { condition: cell.condition ?? s.selected.condition, level: cell.level ?? s.selected.level } })),
      );
    },

    grade(grade) {
      return enqueue(async () => {
        const cell = get().selected;
        const next = await commit((readerId, studyId) => api.setLabel({ readerId, studyId, ...cell, grade }));
        if (next) set({ selected: nextCellAfter(next, cell) });
      });
    },

    setNotGradableReason(reason) {
      set({ notGradableReason: reason });
    },

    notGradable(reason) {
      return enqueue(async () => {
        const cell = get().selected;
        const next = await commit((readerId, studyId) => api.setLabel({ readerId, studyId, ...cell, notGradable: reason }));
        if (next) set({ selected: nextCellAfter(next, cell) });
      });
    },

    clearCell() {
      return enqueue(async () => {
        const cell = get().selected;
        await commit((readerId, studyId) => api.setLabel({ readerId, studyId, ...cell, grade: null, notGradable: null, point: null }));
      });
    },

    placePoint(cell, point) {
      return enqueue(() => placePointNow(cell, point));
    },

    async confirmOverride(accept) {
      const pending = get().pendingOverride;
      set({ pendingOverride: null });
      if (accept && pending) await get().placePoint(pending.cell, { ...pending.point, override: true });
    },

    deletePoint(cell) {
      return enqueue(async () => {
        await commit((readerId, studyId) => api.setLabel({ readerId, studyId, ...cell, point: null }));
      });
    },

    setFlags(flags) {
      return enqueue(async () => {
        await commit((readerId, studyId) => api.setReadInfo({ readerId, studyId, flags }));
      });
    },

    setComment(comment) {
      return enqueue(async () => {
        await commit((readerId, studyId) => api.setReadInfo({ readerId, studyId, comment }));
      });
    },

    async markComplete() {
      const next = await commit((readerId, studyId) => api.setReadInfo({ readerId, studyId, status: 'complete' }));
      if (next) await get().refreshWorklist();
      return next !== null;
    },

    undo() {
      return enqueue(async () => {
        if (get().read?.canUndo) await commit((readerId, studyId) => api.undo({ readerId, studyId }));
      });
    },

    redo() {
      return enqueue(async () => {
        if (get().read?.canRedo) await commit((readerId, studyId) => api.redo({ readerId, studyId }));
      });
    },

    dismissMessage() {
      set({ message: null });
    },
  };
});
