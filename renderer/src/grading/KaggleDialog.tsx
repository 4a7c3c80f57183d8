/**
 * Kaggle files, from the app (QA lead): export the three competition files (consensus or one reader,
 * optionally with the train_images tree) and import a set of files as a named reader's grades.
 */
import { useEffect, useState } from 'react';
import type { KaggleExportResult, KaggleImportResult, ReaderInfo } from '../../../annotations/contract/types';
import { api } from '../transport/transport';
import { useSessionStore } from './session-store';
import { plural } from '../plural';

export function KaggleDialog({ onClose }: { onClose(): void }) {
  const qa = useSessionStore((s) => s.reader)!;
  const [readers, setReaders] = useState<ReaderInfo[]>([]);
  const [source, setSource] = useState('final');
  const [outDir, setOutDir] = useState('');
  const [images, setImages] = useState(false);
  const [importDir, setImportDir] = useState('');
  const [readerName, setReaderName] = useState('');
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [exported, setExported] = useState<(KaggleExportResult & { source: string }) | null>(null);
  const [imported, setImported] = useState<KaggleImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api.listReaders({}).then((all) => setReaders(all.filter((r) => r.role === 'reader')));
  }, []);

  const choose = async (set: (folder: string) => void) => {
    const choice = await api.pickFolder({ title: 'Choose a folder' });
    if (choice.folder) set(choice.folder);
  };
  const run = async (kind: 'export' | 'import') => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'export') setExported({ ...(await api.exportKaggle({ viewerId: qa.id, outDir, source, images })), source });
      else {
        setImported(await api.importKaggle({ viewerId: qa.id, dir: importDir, readerName }));
        await useSessionStore.getState().refreshWorklist();
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="modal-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="kaggle-title">
        <h2 id="kaggle-title">Kaggle files</h2>
        <form
          className="kaggle-form"
          aria-label="Export Kaggle files"
          onSubmit={(e) => {
            e.preventDefault();
            void run('export');
          }}
        >
          <h3>Export</h3>
          <label>
            Labels
            <select aria-label="Source" value={source} onChange={(e) => setSource(e.target.value)}>
              <option value="final">Final labels (adjudicated + auto-final; studies with open disagreements left out)</option>
              <option value="final:partial">Final labels, including the decided cells of studies still open</option>
              <option value="consensus:majority">Consensus of all readers: majority (ties left empty)</option>
              <option value="consensus:unanimous">Consensus of all readers: unanimous only</option>
              {readers.map((r) => (
                <option key={r.id} value={`reader:${r.name}`}>
                  One reader: {r.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Folder
            <span className="row">
              <input
                aria-label="Export folder"
                value={outDir}
                onChange={(e) => setOutDir(e.target.value)}
                placeholder="/data/export"
                spellCheck={false}
              />
              <button type="button" onClick={() => void choose(setOutDir)}>
                Choose…
              </button>
            </span>
          </label>
          <label className="inline">
            <input type="checkbox" checked={images} onChange={(e) => setImages(e.target.checked)} /> also write train_images/ (hard links)
          </label>
          <button type="submit" className="primary" disabled={!outDir.trim() || busy !== null}>
            {busy === 'export' ? 'Exporting…' : 'Export'}
          </button>
          {exported && (
            <div data-testid="export-summary" className="export-summary">
              <p>
                {plural(exported.studies, 'study', 'studies')} → {exported.outDir} · {exported.rows.coordinates} points ·{' '}
                {exported.missingCells} empty cells
                {exported.ties > 0 && ` · ${exported.ties} ties left empty`}
                {exported.images > 0 && ` · ${exported.images} images`}
              </p>
              {exported.openStudies && exported.openStudies.length > 0 && (
                <p data-testid="export-open-studies">
                  {exported.source === 'final:partial'
                    ? 'With open disagreements, their decided cells only'
                    : 'Left out, open disagreements'}{' '}
                  ({exported.openStudies.length}): {exported.openStudies.join(', ')}
                </p>
              )}
              <pre>{exported.summaryText}</pre>
            </div>
          )}
        </form>
        <form
          className="kaggle-form"
          aria-label="Import Kaggle files"
          onSubmit={(e) => {
            e.preventDefault();
            void run('import');
          }}
        >
          <h3>Import as a reader</h3>
          <label>
            Folder with train.csv, train_label_coordinates.csv, train_series_descriptions.csv
            <span className="row">
              <input aria-label="Import folder" value={importDir} onChange={(e) => setImportDir(e.target.value)} spellCheck={false} />
              <button type="button" onClick={() => void choose(setImportDir)}>
                Choose…
              </button>
            </span>
          </label>
          <label>
            Reader name
            <input aria-label="Reader name" value={readerName} onChange={(e) => setReaderName(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={!importDir.trim() || !readerName.trim() || busy !== null}>
            {busy === 'import' ? 'Importing…' : 'Import'}
          </button>
          {imported && (
            <p data-testid="import-result">
              Imported {imported.labels} labels ({imported.points} points) of {plural(imported.studies, 'study', 'studies')} as reader “
              {imported.reader}”.
            </p>
          )}
        </form>
        {error && (
          <pre className="dialog-error" role="alert">
            {error}
          </pre>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
