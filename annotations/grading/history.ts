/**
 * Undo/redo over the append-only event log of one read (reader x study). Pure.
 *
 * Every change is an event with `before` and `after`. Undo appends an 'undo' event that re-applies the
 * undone event's `before`; redo appends a 'redo' event re-applying its `after`. A new change after an
 * undo empties the redo stack, as in any editor. The stacks are derived from the log, never stored.
 */
export interface HistoryEvent {
  readonly id: number;
  readonly kind: string;
  readonly target: string;
  readonly before: string | null;
  readonly after: string | null;
  readonly reverts: number | null;
}

/** Event kinds that are user changes (undoable). */
export const CHANGE_KINDS = new Set(['label', 'read']);

export interface HistoryState {
  /** Changes that can be undone, most recent last. */
  readonly undo: readonly HistoryEvent[];
  /** Undone changes that can be redone, most recently undone last. */
  readonly redo: readonly HistoryEvent[];
}

export function historyState(events: readonly HistoryEvent[]): HistoryState {
  const undo: HistoryEvent[] = [];
  let redo: HistoryEvent[] = [];
  const byId = new Map(events.map((e) => [e.id, e]));
  for (const event of events) {
    if (CHANGE_KINDS.has(event.kind)) {
      undo.push(event);
      redo = [];
    } else if (event.kind === 'undo') {
      const undone = undo.pop();
      if (undone && undone.id === event.reverts) redo.push(undone);
    } else if (event.kind === 'redo') {
      const redone = redo.pop();
      const original = event.reverts === null ? undefined : byId.get(event.reverts);
      if (redone && original && redone.id === original.id) undo.push(redone);
    }
  }
  return { undo, redo };
}
