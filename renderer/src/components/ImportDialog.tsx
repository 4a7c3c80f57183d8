/** File > Open dataset folder: a path field (browser mode), progress with files/s and ETA, cancel, summary, problems. */
import { useState } from 'react';
import { useImportStore } from '../store/import-store';
import { plural } from '../plural';

function formatEta(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `${seconds} s left`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s left`;
}

export function ImportDialog() {
  const { dialogOpen, pathFieldNeeded, job, error, close, start, cancel } = useImportStore();
  const [folder, setFolder] = useState('');
  if (!dialogOpen) return null;
  const running = job?.state === 'running';
  const ratio = job && job.filesSeen > 0 ? job.filesRead / job.filesSeen : 0;
  const summary = job?.summary;

  return (
    <div className="modal-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && !running && close()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="import-title">
        <h2 id="import-title">Open dataset folder</h2>
        {pathFieldNeeded && !job && (
          <form
            className="path-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (folder.trim()) void start(folder.trim());
            }}
          >
            <label htmlFor="dataset-path">Folder on this computer (Kaggle layout, DICOMDIR CD, or any tree of DICOM files)</label>
            <div className="row">
              <input
                id="dataset-path"
                autoFocus
                value={folder}
                onChange={(e) => setFolder(e.target.value)}
                placeholder="/data/rsna/train_images"
                spellCheck={false}
              />
              <button type="submit" className="primary" disabled={!folder.trim()}>
                Import
              </button>
            </div>
          </form>
        )}
        {error && (
          <p className="dialog-error" role="alert">
            {error}
          </p>
        )}
        {job && (
          <div className="import-progress" aria-live="polite">
            <div className="import-folder" title={job.folder}>
              {job.folder}
            </div>
            <progress max={1} value={job.phase === 'done' ? 1 : ratio} aria-label="Import progress" />
            <div className="import-counters" data-testid="import-counters">
              {job.phase} · {job.filesRead} / {job.filesSeen} files
              {job.filesPerSecond > 0 && ` · ${job.filesPerSecond} files/s`} {running && formatEta(job.etaSeconds)}
              {job.state !== 'running' && ` · ${job.state}`}
            </div>
            {job.error && <p className="dialog-error">{job.error}</p>}
          </div>
        )}
        {summary && (
          <div className="import-summary" data-testid="import-summary">
            <p>
              {plural(summary.studies, 'study', 'studies')}, {summary.series} series, {summary.instances} images ({summary.layout} layout) ·{' '}
              {summary.read} files read, {summary.skipped} unchanged{summary.missing > 0 && `, ${summary.missing} missing`} ·{' '}
              {(summary.elapsedMs / 1000).toFixed(1)} s
            </p>
            {summary.problems.length > 0 && (
              <details open className="problems">
                <summary>
                  {summary.problems.length} problem{summary.problems.length === 1 ? '' : 's'}:{' '}
                  {Object.entries(summary.problemsByKind)
                    .map(([kind, n]) => `${kind} ${n}`)
                    .join(', ')}
                </summary>
                <ul aria-label="Import problems">
                  {summary.problems.map((p) => (
                    <li key={`${p.path}:${p.kind}`}>
                      <code>{p.path}</code> <span className="problem-kind">{p.kind}</span> {p.reason}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
        <div className="dialog-buttons">
          {running ? (
            <button type="button" onClick={() => void cancel()}>
              Cancel import
            </button>
          ) : (
            <button type="button" onClick={close}>
              Close
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
