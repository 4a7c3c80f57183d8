/**
 * The QA lead's adjudication screen, two tabs: Queue and Report (`ReaderReport`: each reader against the
 * final labels). The queue tab (`AdjudicationWorkbench`): the open study in the viewer with every reader's
 * point of the selected cell (one colour and letter per reader: "A · L4/L5 SCS"), and a panel with the
 * queue of studies with open disagreements (by priority, with counters and filters by condition, level,
 * reader and kind), the study's agreement so far and its disputed cells, each reader's grade side by side
 * (as A/B/C; names on request). The QA lead takes one reader's label (grade and point), sets a grade of
 * their own or marks the cell not gradable (with a reason), with an optional rationale; a decision can be
 * reopened. The filters and the open study stay while the Report tab is shown.
 *
 * Keys (`ADJUDICATION_KEYS`, active only while the queue tab is mounted, i.e. on the Adjudication tab's
 * Queue, and not while typing): j/k (ArrowDown/ArrowUp with the focus in the panel) next/previous disputed
 * cell, 1/2/3 take reader A/B/C, z/x/c the QA lead's own grade, u not gradable (the reason chosen beside
 * the button), r reopen, n the next study of the queue. An own grade keeps the point of the first reader (A, B, C order) who gave that
 * grade, else the first reader's point there is (a final label then still has a point for the Kaggle
 * coordinates); no point when no reader placed one. A not-gradable decision has no point.
 *
 * Data: `getAdjudicationQueue` (with the filters; only the latest answer is shown), `getAdjudicationStudy`,
 * `decideCell`, `reopenCell`; every decision is saved by the backend before the screen shows it (then the
 * study and the queue reload, and the selection moves on to the next open cell). Reader points are shown
 * with origin 'backend'; a point moved or placed in the viewer here is put back (adjudication does not
 * edit readers' points).
 */
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { AdjudicationCell, AdjudicationQueue, AdjudicationStudy } from '../../../annotations/contract/types';
import { CONDITION_ABBREVIATIONS, GRADES, type Grade } from '../../../annotations/domain/protocol';
import { NOT_GRADABLE_REASONS } from '../../../annotations/domain/reading';
import { api } from '../transport/transport';
import { useSessionStore } from '../grading/session-store';
import { isTyping } from '../grading/use-grading';
import { studyRowIntent, useAppStore } from '../store/app-store';
import { selectInfo, selectOpenStudy } from '../store/selectors';
import { activeSession } from '../viewer/active-session';
import { pointLabel, usePointStore, type PointRecord } from '../viewer/point-store';
import { useViewerStore } from '../viewer/viewer-store';
import { isFiltered, KIND_NAMES, QueueFilters, type QueueFilter } from './QueueFilters';
import { ReaderReport } from './ReaderReport';
import './adjudication.css';
import { plural } from '../plural';

const StudyViewer = lazy(() => import('../components/StudyViewer').then((m) => ({ default: m.StudyViewer })));

/** One colour per reader alias (A, B, C, ...), in the viewer and in the panel. */
export const READER_COLOURS: readonly string[] = ['#4ea1ff', '#ff8c42', '#c77dff', '#3ddc97', '#ffd166'];
const colourOf = (index: number) => READER_COLOURS[index % READER_COLOURS.length]!;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const cellKey = (c: Pick<AdjudicationCell, 'condition' | 'level'>) => `${c.condition}|${c.level}`;

export type AdjudicationCommand =
  | { kind: 'move'; step: 1 | -1 }
  | { kind: 'take'; index: number }
  | { kind: 'own'; grade: Grade }
  | { kind: 'notGradable' }
  | { kind: 'reopen' }
  | { kind: 'nextStudy' };

/** The keyboard of the adjudication view, as data: drives the key handler and the help line. */
export const ADJUDICATION_KEYS: ReadonlyArray<{ keys: readonly string[]; label: string; command: AdjudicationCommand }> = [
  { keys: ['j', 'ArrowDown'], label: 'next cell', command: { kind: 'move', step: 1 } },
  { keys: ['k', 'ArrowUp'], label: 'previous', command: { kind: 'move', step: -1 } },
  { keys: ['1'], label: 'take A', command: { kind: 'take', index: 0 } },
  { keys: ['2'], label: 'take B', command: { kind: 'take', index: 1 } },
  { keys: ['3'], label: 'take C', command: { kind: 'take', index: 2 } },
  { keys: ['z'], label: 'own Normal/Mild', command: { kind: 'own', grade: 'Normal/Mild' } },
  { keys: ['x'], label: 'own Moderate', command: { kind: 'own', grade: 'Moderate' } },
  { keys: ['c'], label: 'own Severe', command: { kind: 'own', grade: 'Severe' } },
  { keys: ['u'], label: 'not gradable', command: { kind: 'notGradable' } },
  { keys: ['r'], label: 'reopen', command: { kind: 'reopen' } },
  { keys: ['n'], label: 'next study', command: { kind: 'nextStudy' } },
];

function gradeText(r: { grade: Grade | null; notGradable: string | null }): string {
  return r.grade ?? (r.notGradable ? `not gradable (${r.notGradable})` : '—');
}

/** Disputed cells: with a disagreement or a decision, open ones first, each group by priority. */
function disputedOf(study: AdjudicationStudy | null): AdjudicationCell[] {
  const cells = study?.cells.filter((c) => c.kinds.length > 0 || c.decision !== null) ?? [];
  const rank = (c: AdjudicationCell) => (c.status === 'open' ? 0 : 1);
  return [...cells].sort((a, b) => rank(a) - rank(b) || b.priority - a.priority);
}

/** The point an own grade keeps: the first reader with that grade and a point, else the first point. */
function ownPoint(cell: AdjudicationCell, grade: Grade) {
  return (cell.readings.find((r) => r.grade === grade && r.point) ?? cell.readings.find((r) => r.point))?.point ?? null;
}

type AdjudicationTab = 'queue' | 'report';

/** The Adjudication tab: Queue (the workbench) or Report; the queue's filters and open study outlive a visit to Report. */
export function AdjudicationView() {
  const [tab, setTab] = useState<AdjudicationTab>('queue');
  const [filter, setFilter] = useState<QueueFilter>({});
  const [studyId, setStudyId] = useState<number | null>(null);
  return (
    <div className="adj-screen">
      <nav className="adj-tabs" aria-label="Adjudication views">
        <button type="button" aria-pressed={tab === 'queue'} onClick={() => setTab('queue')}>
          Queue
        </button>
        <button type="button" aria-pressed={tab === 'report'} onClick={() => setTab('report')}>
          Report
        </button>
      </nav>
      {tab === 'queue' ? (
        <AdjudicationWorkbench filter={filter} onFilter={setFilter} studyId={studyId} onStudy={setStudyId} />
      ) : (
        <ReaderReport />
      )}
    </div>
  );
}

interface WorkbenchProps {
  readonly filter: QueueFilter;
  readonly onFilter: (next: QueueFilter) => void;
  /** The study open for adjudication. */
  readonly studyId: number | null;
  readonly onStudy: (studyId: number) => void;
}

function AdjudicationWorkbench({ filter, onFilter, studyId, onStudy: setStudyId }: WorkbenchProps) {
  const qa = useSessionStore((s) => s.reader)!;
  const info = useAppStore(selectInfo);
  const openStudy = useAppStore(selectOpenStudy);
  const sessionReady = useViewerStore((s) => s.sessionReady);
  const [queue, setQueue] = useState<AdjudicationQueue | null>(null);
  const [study, setStudy] = useState<AdjudicationStudy | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [reveal, setReveal] = useState(false);
  const [rationale, setRationale] = useState('');
  const [reason, setReason] = useState<string>(NOT_GRADABLE_REASONS[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panel = useRef<HTMLElement | null>(null);

  // Only the answer to the latest request is shown (filters can change faster than the queue computes).
  const queueRequest = useRef(0);
  const reloadQueue = useCallback(() => {
    const request = ++queueRequest.current;
    api.getAdjudicationQueue({ viewerId: qa.id, ...filter }).then(
      (next) => {
        if (request === queueRequest.current) setQueue(next);
      },
      (e: unknown) => {
        if (request === queueRequest.current) setError(message(e));
      },
    );
  }, [qa.id, filter]);
  useEffect(reloadQueue, [reloadQueue]);
  const filtered = isFiltered(filter);

  // Only the answer to the latest request is shown: a reload of the study left behind (another study opened
  // while a decision was saving) must not come back over the one now open.
  const studyRequest = useRef(0);
  const reloadStudy = useCallback((): Promise<AdjudicationStudy | null> => {
    const request = ++studyRequest.current;
    if (studyId === null) return Promise.resolve(null);
    return api.getAdjudicationStudy({ viewerId: qa.id, studyId, reveal }).then(
      (next) => {
        if (request !== studyRequest.current) return null;
        setStudy(next);
        return next;
      },
      (e: unknown) => {
        setError(message(e));
        return null;
      },
    );
  }, [qa.id, studyId, reveal]);
  useEffect(() => {
    void reloadStudy();
  }, [reloadStudy]);

  // A study opened elsewhere (the study list beside the screen) is the one adjudicated.
  useEffect(
    () =>
      useAppStore.subscribe((s, prev) => {
        const id = s.openStudy?.id;
        if (id === undefined || id === prev.openStudy?.id || id === studyId) return;
        setStudy(null);
        setSelected(null);
        setStudyId(id);
      }),
    [studyId, setStudyId],
  );

  const openFromQueue = useCallback(
    (id: number) => {
      if (id !== studyId) {
        setStudy(null);
        setSelected(null);
      }
      setStudyId(id);
      // The queue's next study (by priority) is the likeliest one after it.
      const items = queue?.items ?? [];
      const at = items.findIndex((i) => i.studyId === id);
      void useAppStore.getState().selectStudy(id, at >= 0 ? (items[at + 1]?.studyId ?? null) : null);
    },
    [studyId, setStudyId, queue],
  );

  const disputed = useMemo(() => disputedOf(study), [study]);
  // The selected cell (the first one until the QA lead moves).
  const current = disputed.find((c) => cellKey(c) === selected) ?? disputed[0] ?? null;
  const currentKey = current ? cellKey(current) : null;

  // The readers' points of the selected cell in the viewer, one colour and letter per reader.
  const wanted = useMemo((): Array<Omit<PointRecord, 'origin'>> => {
    if (!current || !study || openStudy?.id !== study.studyId) return [];
    return current.readings.flatMap((r, i) =>
      r.point
        ? [
            {
              id: `adj|${r.alias}|${current.condition}|${current.level}`,
              studyId: study.studyId,
              ...r.point,
              condition: current.condition,
              level: current.level,
              label: `${r.alias} · ${pointLabel(current.condition, current.level)}`,
              color: colourOf(i),
            },
          ]
        : [],
    );
  }, [current, study, openStudy]);
  useEffect(() => {
    usePointStore.getState().replaceAll(wanted, 'backend');
    // Points are read-only here: a viewer change is put back.
    const unsubscribe = usePointStore.subscribe((s, prev) => {
      if (s.changes !== prev.changes && s.lastChange?.origin === 'viewer') usePointStore.getState().replaceAll(wanted, 'backend');
    });
    return unsubscribe;
  }, [wanted]);
  useEffect(() => () => usePointStore.getState().replaceAll([], 'backend'), []);
  useEffect(() => {
    const first = wanted[0];
    if (sessionReady && first) void activeSession()?.reveal([first.seriesId], first.instanceNumber);
  }, [wanted, sessionReady]);

  const run = useCallback(
    (call: Promise<AdjudicationStudy>, advance: boolean) => {
      setError(null);
      setBusy(true);
      call
        .then(async () => {
          setRationale('');
          reloadQueue();
          const next = await reloadStudy();
          // After a decision, on to the open cell of highest priority.
          const open = disputedOf(next).find((c) => c.status === 'open');
          if (advance && open) setSelected(cellKey(open));
        })
        .catch((e: unknown) => setError(message(e)))
        .finally(() => setBusy(false));
    },
    [reloadQueue, reloadStudy],
  );
  // A decision goes to the study its cell was shown with.
  const target = useCallback(
    (c: AdjudicationCell) => ({ viewerId: qa.id, studyId: study!.studyId, condition: c.condition, level: c.level }),
    [qa.id, study],
  );
  const take = useCallback(
    (c: AdjudicationCell, readerId: number) => run(api.decideCell({ ...target(c), chosenReaderId: readerId, rationale }), true),
    [run, target, rationale],
  );
  const own = useCallback(
    (c: AdjudicationCell, grade: Grade) => run(api.decideCell({ ...target(c), grade, point: ownPoint(c, grade), rationale }), true),
    [run, target, rationale],
  );
  const notGradable = useCallback(
    (c: AdjudicationCell) => run(api.decideCell({ ...target(c), notGradable: reason, point: null, rationale }), true),
    [run, target, reason, rationale],
  );
  const reopen = useCallback((c: AdjudicationCell) => run(api.reopenCell({ ...target(c), rationale }), false), [run, target, rationale]);

  const execute = useCallback(
    (command: AdjudicationCommand) => {
      if (command.kind === 'nextStudy') {
        if (busy) return; // not while a decision is being saved
        // The next study of the queue (by priority) after the open one; the first when none is open.
        const items = queue?.items ?? [];
        const next = items[(items.findIndex((i) => i.studyId === studyId) + 1) % Math.max(1, items.length)];
        if (next && next.studyId !== studyId) openFromQueue(next.studyId);
        return;
      }
      if (command.kind === 'move') {
        if (disputed.length === 0) return;
        const index = disputed.findIndex((c) => cellKey(c) === currentKey);
        const next = disputed[(index + command.step + disputed.length) % disputed.length]!;
        setSelected(cellKey(next));
        return;
      }
      if (!current || busy) return;
      if (command.kind === 'reopen') {
        if (current.status === 'adjudicated') reopen(current);
        return;
      }
      if (current.status !== 'open') return;
      if (command.kind === 'take') {
        const reading = current.readings[command.index];
        if (reading) take(current, reading.readerId);
      } else if (command.kind === 'notGradable') notGradable(current);
      else own(current, command.grade);
    },
    [disputed, currentKey, current, busy, reopen, take, own, notGradable, queue, studyId, openFromQueue],
  );

  // The key listener reads the command of the last commit (set before paint), so a key pressed as soon as
  // the screen shows a new state acts on that state, not on the one before it.
  const executeRef = useRef(execute);
  useLayoutEffect(() => {
    executeRef.current = execute;
  }, [execute]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      // Not while a dialog (Kaggle files, import) is open over the view.
      if (document.querySelector('.modal:not(.cheat-sheet)')) return;
      const arrow = e.key === 'ArrowDown' || e.key === 'ArrowUp';
      if (arrow && !(panel.current && e.target instanceof Node && panel.current.contains(e.target))) return;
      const entry = ADJUDICATION_KEYS.find((k) => k.keys.includes(e.key));
      if (!entry) return;
      e.preventDefault();
      // Adjudication keys win over the viewer's (r, k, arrows).
      e.stopImmediatePropagation();
      executeRef.current(entry.command);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);

  const tally = useMemo(() => {
    const t = { unanimous: 0, majority: 0, adjudicated: 0, open: 0 };
    for (const c of study?.cells ?? []) t[c.status] += 1;
    return t;
  }, [study]);

  return (
    <div className="adj-view">
      <div className="adj-viewer">
        {study && openStudy?.id === study.studyId && info ? (
          <Suspense fallback={<div className="placeholder-hint">Loading the viewer…</div>}>
            <StudyViewer study={openStudy} dicomBase={info.dicomBase} />
          </Suspense>
        ) : (
          <div className="placeholder-hint">{studyId === null ? 'Open a study from the adjudication queue.' : 'Opening the study…'}</div>
        )}
      </div>
      <aside className="adj-panel" ref={panel} tabIndex={-1} aria-label="Adjudication panel">
        <section className="adj-queue" aria-label="Adjudication queue">
          <div className="adj-queue-head">
            <h2>Adjudication queue</h2>
            {filtered && (
              <button type="button" className="adj-link" onClick={() => onFilter({})}>
                Clear filters
              </button>
            )}
          </div>
          <QueueFilters filter={filter} onChange={onFilter} />
          {queue && (
            <p className="adj-counters" data-testid="adjudication-counters">
              {filtered ? (
                <>
                  {plural(queue.counters.studies, 'study', 'studies')} · {plural(queue.counters.openCells, 'open cell', 'open cells')} match
                  the filters{' '}
                  <span className="adj-counters-all" title="Decided and auto-final cells are counted over all studies, not filtered">
                    · all studies: {queue.counters.adjudicatedCells} adjudicated · {queue.counters.autoFinalCells} auto-final
                  </span>
                </>
              ) : (
                <>
                  {plural(queue.counters.studies, 'study', 'studies')} · {plural(queue.counters.openCells, 'open cell', 'open cells')} ·{' '}
                  {queue.counters.adjudicatedCells} adjudicated · {queue.counters.autoFinalCells} auto-final
                </>
              )}
            </p>
          )}
          {queue && queue.items.length === 0 && (
            <p className="adj-empty">{filtered ? 'No open disagreement matches these filters.' : 'No open disagreements.'}</p>
          )}
          <ol aria-label="Studies to adjudicate">
            {queue?.items.map((item) => (
              <li key={item.studyId}>
                <button
                  type="button"
                  aria-pressed={item.studyId === studyId}
                  disabled={busy}
                  onClick={() => openFromQueue(item.studyId)}
                  {...studyRowIntent(item.studyId)}
                >
                  <span className="adj-q-study">Study {item.studyKey}</span>
                  <span className="adj-q-meta">
                    {' '}
                    · priority {item.priority} · {item.openCells} open
                  </span>
                  <span className="adj-q-kinds">
                    {KIND_NAMES.filter((k) => item.kinds[k] > 0)
                      .map((k) => `${k} ${item.kinds[k]}`)
                      .join(' · ')}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </section>
        <section className="adj-study" aria-label="Adjudication study">
          {error && (
            <p className="dialog-error" role="alert">
              {error}
            </p>
          )}
          {!study ? (
            <p className="adj-empty">Select a study in the queue.</p>
          ) : (
            <>
              <header className="adj-study-header">
                <h3>
                  Study {study.studyKey} · {study.open} open
                </h3>
                <p className="adj-agreement" data-testid="adjudication-agreement">
                  Agreement so far: {tally.unanimous} unanimous · {tally.majority} majority · {tally.adjudicated} adjudicated · {tally.open}{' '}
                  open
                </p>
                <div className="adj-readers">
                  <span className="adj-reader-list">
                    {study.readers.map((r, i) => (
                      <span key={r.readerId} className="adj-reader" style={{ color: colourOf(i) }}>
                        {r.alias}
                      </span>
                    ))}
                  </span>
                  <span className="adj-reader-names">
                    {study.readers.map((r) => `${r.alias}${r.name ? ` = ${r.name}` : ''}`).join(', ')}
                  </span>
                  <label>
                    <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> Reveal reader names
                  </label>
                </div>
              </header>
              <table aria-label="Disputed cells" className="adj-cells">
                <thead>
                  <tr>
                    <th scope="col">Cell</th>
                    {study.readers.map((r, i) => (
                      <th key={r.readerId} scope="col" style={{ color: colourOf(i) }}>
                        {r.alias}
                      </th>
                    ))}
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {disputed.map((c) => (
                    <tr
                      key={cellKey(c)}
                      data-cell={cellKey(c)}
                      data-status={c.status}
                      aria-selected={cellKey(c) === currentKey}
                      onClick={() => setSelected(cellKey(c))}
                    >
                      <th scope="row">
                        {c.level} {CONDITION_ABBREVIATIONS[c.condition]}
                        <span className="adj-kinds">{c.kinds.join(', ')}</span>
                      </th>
                      {study.readers.map((reader, i) => {
                        const r = c.readings.find((x) => x.readerId === reader.readerId);
                        const chosen = c.decision?.chosenAlias === reader.alias && c.status === 'adjudicated';
                        return (
                          <td key={reader.readerId} className={chosen ? 'adj-chosen' : undefined} style={{ borderLeftColor: colourOf(i) }}>
                            {r ? `${r.alias}: ${gradeText(r)}` : '—'}
                            {r?.point && <span className="adj-point">slice {r.point.instanceNumber}</span>}
                          </td>
                        );
                      })}
                      <td className="adj-status">
                        {c.status}
                        {c.final ? `: ${gradeText(c.final)}` : ''}
                        {c.decision?.rationale ? ` (${c.decision.rationale})` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {current && (
                <div className="adj-decide" aria-label="Decision">
                  <h4>
                    {current.level} {current.condition}
                  </h4>
                  <label className="adj-rationale">
                    Rationale{' '}
                    <input
                      value={rationale}
                      onChange={(e) => setRationale(e.target.value)}
                      maxLength={4000}
                      placeholder="optional"
                      onKeyDown={(e) => {
                        if (e.key === 'Escape') e.currentTarget.blur();
                      }}
                    />
                  </label>
                  <div className="adj-actions">
                    {current.status === 'adjudicated' ? (
                      <button type="button" disabled={busy} onClick={() => reopen(current)}>
                        <kbd>r</kbd> Reopen
                      </button>
                    ) : current.status === 'open' ? (
                      <>
                        {current.readings.map((r, i) => (
                          <button
                            key={r.readerId}
                            type="button"
                            disabled={busy}
                            onClick={() => take(current, r.readerId)}
                            style={{ borderColor: colourOf(i) }}
                          >
                            <kbd>{i + 1}</kbd> Take {r.alias}
                          </button>
                        ))}
                        {GRADES.map((g, i) => (
                          <button key={g} type="button" disabled={busy} onClick={() => own(current, g)} title="The QA lead's own grade">
                            <kbd>{'zxc'[i]}</kbd> {g}
                          </button>
                        ))}
                        <span className="adj-not-gradable">
                          <button
                            type="button"
                            disabled={busy}
                            onClick={() => notGradable(current)}
                            title="The QA lead's decision: not gradable, for the reason beside"
                          >
                            <kbd>u</kbd> Not gradable
                          </button>
                          <select
                            aria-label="Not gradable reason"
                            value={reason}
                            onChange={(e) => setReason(e.target.value)}
                            onKeyDown={(e) => {
                              if (e.key === 'Escape') e.currentTarget.blur();
                            }}
                          >
                            {NOT_GRADABLE_REASONS.map((r) => (
                              <option key={r}>{r}</option>
                            ))}
                          </select>
                        </span>
                      </>
                    ) : null}
                  </div>
                </div>
              )}
            </>
          )}
        </section>
        <p className="adj-help" data-testid="adjudication-help">
          {ADJUDICATION_KEYS.map((k) => (
            <span key={k.label}>
              <kbd>{k.keys[0]}</kbd>
              {k.label}
            </span>
          ))}
        </p>
      </aside>
    </div>
  );
}
