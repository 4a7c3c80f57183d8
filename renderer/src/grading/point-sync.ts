/**
 * Joins the viewer's point layer to the grading session:
 * - the grid's selected cell is the label the point tool places next;
 * - the open read's points (as the backend acknowledged them) are the viewer's points (origin 'backend');
 * - a point the reader places, moves or deletes in a viewport (origin 'viewer') is saved as that cell's point,
 *   and the viewer is re-synchronised from the acknowledged read whatever the outcome (a refused point
 *   disappears; a point on an unusual series waits for the reader's confirmation), once no save of the
 *   reader's is on its way (an earlier acknowledgement must not move back a point dragged on since).
 * - selecting a cell brings its series into view (the series type its condition is graded on), at the
 *   slice of its point when it has one; selecting a point in a viewport selects its cell.
 * The origin flags keep it free of echo loops. Returns a disposer.
 */
import type { ReadState } from '../../../annotations/contract/types';
import { USUAL_SERIES_TYPE, type ConditionLevel } from '../../../annotations/domain/protocol';
import { useAppStore } from '../store/app-store';
import { activeSession, onPointSelection } from '../viewer/active-session';
import { samePosition, usePointStore, type PointRecord } from '../viewer/point-store';
import { useViewerStore } from '../viewer/viewer-store';
import { useSessionStore } from './session-store';

export const pointIdOf = (studyId: number, condition: string, level: string): string => `${studyId}|${condition}|${level}`;

export function pointRecordsOf(read: ReadState | null): Array<Omit<PointRecord, 'origin'>> {
  if (!read) return [];
  return read.labels.flatMap((l) =>
    l.point
      ? [
          {
            id: pointIdOf(read.studyId, l.condition, l.level),
            studyId: read.studyId,
            seriesId: l.point.seriesId,
            instanceNumber: l.point.instanceNumber,
            x: l.point.x,
            y: l.point.y,
            condition: l.condition,
            level: l.level,
          },
        ]
      : [],
  );
}

/** Show the selected cell in the viewer: its point's slice, else its condition's usual series. */
export function revealCell(cell: ConditionLevel): void {
  const session = activeSession();
  const study = useAppStore.getState().openStudy;
  const read = useSessionStore.getState().read;
  if (!session || !study || !read || read.studyId !== study.id) return;
  const point = read.labels.find((l) => l.condition === cell.condition && l.level === cell.level)?.point;
  if (point) {
    void session.reveal([point.seriesId], point.instanceNumber);
    return;
  }
  const usual = study.series.filter((s) => s.type === USUAL_SERIES_TYPE[cell.condition]).map((s) => s.id);
  void session.reveal(usual, null);
}

export function startPointSync(): () => void {
  // Replace the viewer's points only when they differ from the acknowledged ones: a point the reader just
  // placed and the backend saved as is stays as it is (no echo, no redraw).
  const syncFromRead = () => {
    const wanted = pointRecordsOf(useSessionStore.getState().read);
    const current = usePointStore.getState().points;
    const same =
      wanted.length === current.length &&
      wanted.every((w) =>
        current.some((c) => c.studyId === w.studyId && c.condition === w.condition && c.level === w.level && samePosition(c, w)),
      );
    if (!same) usePointStore.getState().replaceAll(wanted, 'backend');
  };
  // Saves of the reader's own point changes still on their way: a read acknowledged meanwhile is older
  // than the viewer's points (e.g. the place of a point already dragged on), so the viewer is synchronised
  // only once every save has settled, from the read they left (a refused point then disappears), unless a
  // placement waits for the reader's confirmation.
  let saving = 0;
  const save = (request: Promise<unknown>) => {
    saving++;
    void request.finally(() => {
      saving--;
      if (saving === 0 && !useSessionStore.getState().pendingOverride) syncFromRead();
    });
  };
  syncFromRead();
  useViewerStore.getState().setPointLabel(useSessionStore.getState().selected);

  const unsubscribeSession = useSessionStore.subscribe((state, previous) => {
    if (state.selected !== previous.selected) {
      useViewerStore.getState().setPointLabel(state.selected);
      revealCell(state.selected);
    }
    if (state.read !== previous.read && saving === 0) syncFromRead();
    // A refused or cancelled placement: show the acknowledged points again.
    if (previous.pendingOverride && !state.pendingOverride && state.read === previous.read) syncFromRead();
  });

  const unsubscribePoints = usePointStore.subscribe((state, previous) => {
    const change = state.lastChange;
    if (state.changes === previous.changes || !change || change.origin !== 'viewer') return;
    const session = useSessionStore.getState();
    if (change.kind === 'add' || change.kind === 'move') {
      const record = state.points.find((p) => p.id === change.id);
      if (!record) return;
      save(
        session.placePoint(
          { condition: record.condition, level: record.level },
          { seriesId: record.seriesId, instanceNumber: record.instanceNumber, x: record.x, y: record.y, override: false },
        ),
      );
    } else if (change.kind === 'delete') {
      const record = previous.points.find((p) => p.id === change.id);
      if (record) save(session.deletePoint({ condition: record.condition, level: record.level }));
    }
  });

  const unsubscribeSelection = onPointSelection((ids) => {
    const record = usePointStore.getState().points.find((p) => ids.includes(p.id));
    if (record) useSessionStore.getState().select({ condition: record.condition, level: record.level });
  });

  return () => {
    unsubscribeSession();
    unsubscribePoints();
    unsubscribeSelection();
  };
}
