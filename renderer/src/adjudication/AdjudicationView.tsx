/**
 * The QA lead's adjudication screen: the queue of studies with open disagreements (by priority, with
 * counters and a kind filter) and the chosen study's disputed cells, each reader's grade and point (as
 * A/B/C; names on request). The QA lead takes one reader's label or sets a grade of their own, with an
 * optional rationale; a decision can be reopened.
 *
 * Data: `getAdjudicationQueue`, `getAdjudicationStudy`, `decideCell`, `reopenCell`; every decision is
 * saved by the backend before the screen shows it (the answer is the new study state), then the queue
 * reloads.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AdjudicationCell, AdjudicationQueue, AdjudicationStudy, DisagreementKindName } from '../../../annotations/contract/types';
import { CONDITION_ABBREVIATIONS, GRADES, type Grade } from '../../../annotations/domain/protocol';
import { api } from '../transport/transport';
import { useSessionStore } from '../grading/session-store';
import './adjudication.css';

const KIND_NAMES: readonly DisagreementKindName[] = ['grade', 'gap', 'severe', 'gradability', 'distance', 'level'];
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function reading(r: AdjudicationCell['readings'][number]): string {
  const grade = r.grade ?? (r.notGradable ? `not gradable (${r.notGradable})` : '—');
  const point = r.point ? ` @ ${r.point.instanceNumber}: ${r.point.x.toFixed(1)}, ${r.point.y.toFixed(1)}` : '';
  return `${r.alias}: ${grade}${point}`;
}

export function AdjudicationView() {
  const qa = useSessionStore((s) => s.reader)!;
  const [kind, setKind] = useState<DisagreementKindName | ''>('');
  const [queue, setQueue] = useState<AdjudicationQueue | null>(null);
  const [studyId, setStudyId] = useState<number | null>(null);
  const [study, setStudy] = useState<AdjudicationStudy | null>(null);
  const [reveal, setReveal] = useState(false);
  const [rationale, setRationale] = useState('');
  const [error, setError] = useState<string | null>(null);

  const reloadQueue = useCallback(() => {
    api.getAdjudicationQueue({ viewerId: qa.id, ...(kind ? { kind } : {}) }).then(setQueue, (e: unknown) => setError(message(e)));
  }, [qa.id, kind]);
  useEffect(reloadQueue, [reloadQueue]);

  const reloadStudy = useCallback(() => {
    if (studyId === null) return;
    api.getAdjudicationStudy({ viewerId: qa.id, studyId, reveal }).then(setStudy, (e: unknown) => setError(message(e)));
  }, [qa.id, studyId, reveal]);
  useEffect(reloadStudy, [reloadStudy]);

  const run = (call: Promise<AdjudicationStudy>) => {
    setError(null);
    call.then(
      () => {
        setRationale('');
        reloadQueue();
        reloadStudy();
      },
      (e: unknown) => setError(message(e)),
    );
  };
  const target = (c: AdjudicationCell) => ({ viewerId: qa.id, studyId: studyId!, condition: c.condition, level: c.level });
  const take = (c: AdjudicationCell, readerId: number) => run(api.decideCell({ ...target(c), chosenReaderId: readerId, rationale }));
  const own = (c: AdjudicationCell, grade: Grade) => run(api.decideCell({ ...target(c), grade, rationale }));
  const reopen = (c: AdjudicationCell) => run(api.reopenCell({ ...target(c), rationale }));

  const disputed = study?.cells.filter((c) => c.kinds.length > 0 || c.decision !== null) ?? [];

  return (
    <div className="adj-view">
      <section className="adj-queue" aria-label="Adjudication queue">
        <h2>Adjudication</h2>
        {queue && (
          <p className="adj-counters" data-testid="adjudication-counters">
            {queue.counters.studies} studies · {queue.counters.openCells} open cells · {queue.counters.adjudicatedCells} adjudicated ·{' '}
            {queue.counters.autoFinalCells} auto-final
          </p>
        )}
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as DisagreementKindName | '')}>
            <option value="">all</option>
            {KIND_NAMES.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        {queue && queue.items.length === 0 && <p className="placeholder-hint">No open disagreements.</p>}
        <ul aria-label="Studies to adjudicate">
          {queue?.items.map((item) => (
            <li key={item.studyId}>
              <button type="button" aria-pressed={item.studyId === studyId} onClick={() => setStudyId(item.studyId)}>
                Study {item.studyKey} · priority {item.priority} · {item.openCells} open
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="adj-study" aria-label="Adjudication study">
        {error && (
          <p className="dialog-error" role="alert">
            {error}
          </p>
        )}
        {!study ? (
          <p className="placeholder-hint">Select a study in the queue.</p>
        ) : (
          <>
            <header className="adj-study-header">
              <h3>
                Study {study.studyKey} · {study.open} open
              </h3>
              <label>
                <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> Reveal reader names
              </label>
              <span>{study.readers.map((r) => `${r.alias}${r.name ? ` = ${r.name}` : ''}`).join(', ')}</span>
              <label>
                Rationale <input value={rationale} onChange={(e) => setRationale(e.target.value)} maxLength={4000} />
              </label>
            </header>
            <table aria-label="Disputed cells" className="adj-cells">
              <tbody>
                {disputed.map((c) => (
                  <tr key={`${c.condition}|${c.level}`} data-cell={`${c.condition}|${c.level}`} data-status={c.status}>
                    <th scope="row">
                      {c.level} {CONDITION_ABBREVIATIONS[c.condition]}
                    </th>
                    <td>{c.kinds.join(', ')}</td>
                    <td>{c.readings.map(reading).join(' · ')}</td>
                    <td className="adj-status">
                      {c.status}
                      {c.final ? `: ${c.final.grade ?? 'not gradable'}` : ''}
                      {c.decision?.rationale ? ` (${c.decision.rationale})` : ''}
                    </td>
                    <td className="adj-actions">
                      {c.status === 'adjudicated' ? (
                        <button type="button" onClick={() => reopen(c)}>
                          Reopen
                        </button>
                      ) : (
                        <>
                          {c.readings.map((r) => (
                            <button key={r.readerId} type="button" onClick={() => take(c, r.readerId)}>
                              Take {r.alias}
                            </button>
                          ))}
                          {GRADES.map((g) => (
                            <button key={g} type="button" onClick={() => own(c, g)} title="The QA lead's own grade">
                              {g}
                            </button>
                          ))}
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}
