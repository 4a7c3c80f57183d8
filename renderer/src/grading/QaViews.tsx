/**
 * QA lead screens: the assignment matrix (assign all / N random per reader with overlap and seed, CSV
 * export/import), time on task, and every reader's grades for the open study.
 */
import { useEffect, useState } from 'react';
import type { AssignmentMatrix, ReadState, ReaderInfo, TimeOnTask } from '../../../annotations/contract/types';
import { CONDITIONS, CONDITION_ABBREVIATIONS, LEVELS } from '../../../annotations/domain/protocol';
import { api } from '../transport/transport';
import { useViewerStore } from '../viewer/viewer-store';
import { useSessionStore } from './session-store';

const formatMinutes = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.round((ms % 60000) / 1000)).padStart(2, '0')}`;

export function AssignmentView() {
  const qa = useSessionStore((s) => s.reader)!;
  const [matrix, setMatrix] = useState<AssignmentMatrix | null>(null);
  const [mode, setMode] = useState<'all' | 'random'>('all');
  const [perReader, setPerReader] = useState(10);
  const [overlap, setOverlap] = useState(2);
  const [seed, setSeed] = useState(1);
  const [csv, setCsv] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [time, setTime] = useState<TimeOnTask[]>([]);

  useEffect(() => {
    void api.getAssignments({ viewerId: qa.id }).then(setMatrix);
    void api.getTimeOnTask({ viewerId: qa.id }).then(setTime);
  }, [qa.id]);

  if (!matrix) return <div className="placeholder-hint">Loading assignments…</div>;
  const readers = matrix.readers.filter((r) => r.role === 'reader');
  const assigned = new Map(matrix.cells.map((c) => [`${c.readerId}/${c.studyId}`, c.status]));
  const run = async (action: () => Promise<AssignmentMatrix>) => {
    try {
      setError(null);
      setMatrix(await action());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="qa-view">
      <h2>Assignments</h2>
      <form
        className="assign-form"
        aria-label="Assign studies"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() =>
            api.assignStudies({
              viewerId: qa.id,
              mode,
              readerIds: readers.map((r) => r.id),
              replace: true,
              ...(mode === 'random' ? { perReader, overlap, seed } : {}),
            }),
          );
        }}
      >
        <label>
          <input type="radio" checked={mode === 'all'} onChange={() => setMode('all')} /> every study to every reader
        </label>
        <label>
          <input type="radio" checked={mode === 'random'} onChange={() => setMode('random')} /> random:
        </label>
        <label>
          studies per reader <input type="number" min={1} value={perReader} onChange={(e) => setPerReader(Number(e.target.value))} />
        </label>
        <label>
          readers per study <input type="number" min={1} value={overlap} onChange={(e) => setOverlap(Number(e.target.value))} />
        </label>
        <label>
          seed <input type="number" value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        </label>
        <button type="submit" className="primary" disabled={readers.length === 0}>
          Assign ({readers.length} readers)
        </button>
      </form>
      {error && (
        <p className="dialog-error" role="alert">
          {error}
        </p>
      )}
      <div className="matrix-scroll">
        <table className="assignment-matrix" aria-label="Assignment matrix">
          <thead>
            <tr>
              <th>Study</th>
              {matrix.readers.map((r) => (
                <th key={r.id} title={r.name}>
                  {r.initials}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.studies.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.studyKey}</th>
                {matrix.readers.map((r) => {
                  const status = assigned.get(`${r.id}/${s.id}`);
                  return (
                    <td key={r.id} className={status ? `assigned status-${status}` : ''} title={status ?? 'not assigned'}>
                      {status ? (status === 'complete' ? '✓' : status === 'not_started' ? '•' : '◐') : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="csv-tools">
        <button type="button" onClick={() => void api.exportAssignments({ viewerId: qa.id }).then((r) => setCsv(r.csv))}>
          Export CSV
        </button>
        <button type="button" disabled={!csv.trim()} onClick={() => void run(() => api.importAssignments({ viewerId: qa.id, csv }))}>
          Import CSV
        </button>
        <textarea
          aria-label="Assignments CSV"
          value={csv}
          onChange={(e) => setCsv(e.target.value)}
          placeholder="reader,study_id"
          rows={4}
        />
      </div>
      <h2>Time on task</h2>
      <table className="time-table" aria-label="Time on task">
        <thead>
          <tr>
            <th>Reader</th>
            <th>Study</th>
            <th>Status</th>
            <th>Active time</th>
          </tr>
        </thead>
        <tbody>
          {time.map((t) => (
            <tr key={`${t.readerId}/${t.studyId}`}>
              <td>{t.readerName}</td>
              <td>{t.studyKey}</td>
              <td>{t.status.replace('_', ' ')}</td>
              <td>{formatMinutes(t.activeMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Every reader's grades for the open study, side by side (QA leads only). Mounted once per study (keyed by
 * its id), so another study's grades are never shown; fetched once the viewer shows the study's first
 * images, so the request does not compete with them; its width is the same while loading.
 */
export function StudyReadsPanel({ studyId }: { studyId: number }) {
  const qa = useSessionStore((s) => s.reader)!;
  const imagesShown = useViewerStore((s) => s.sessionReady);
  const [reads, setReads] = useState<Array<{ reader: ReaderInfo; read: ReadState }> | null>(null);
  useEffect(() => {
    if (!imagesShown) return;
    let current = true;
    void api.getStudyReads({ viewerId: qa.id, studyId }).then((r) => current && setReads(r));
    return () => {
      current = false;
    };
  }, [qa.id, studyId, imagesShown]);
  // The panel keeps its place while the grades load: the viewports beside it must not change size (a resize
  // re-renders every viewport) in the middle of opening a study.
  return (
    <aside className="grading-panel" aria-label="Readers' grades">
      <h3>Readers' grades</h3>
      {!reads && <p className="muted">Loading…</p>}
      {reads?.length === 0 && <p className="muted">Nobody has graded this study yet.</p>}
      {reads?.map(({ reader, read }) => (
        <table key={reader.id} className="grading-grid compact" aria-label={`Grades of ${reader.name}`}>
          <caption>
            {reader.name} · {read.decided}/25 · {read.status.replace('_', ' ')}
          </caption>
          <tbody>
            {CONDITIONS.map((condition) => (
              <tr key={condition}>
                <th scope="row">{CONDITION_ABBREVIATIONS[condition]}</th>
                {LEVELS.map((level) => {
                  const l = read.labels.find((x) => x.condition === condition && x.level === level)!;
                  return (
                    <td key={level} className={`grade-${l.grade ? l.grade.replace('/', '-').toLowerCase() : 'empty'}`}>
                      {l.grade ? l.grade[0] : l.notGradable ? '∅' : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </aside>
  );
}
