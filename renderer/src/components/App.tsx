/** The window: a top bar, the study list, and the viewer of the open study. */
import { useEffect } from 'react';
import { useAppStore } from '../store/app-store';
import { selectError, selectInfo, selectOpenStudy } from '../store/selectors';
import { useImportStore } from '../store/import-store';
import { ImportDialog } from './ImportDialog';
import { StudyList } from './StudyList';
import { StudyViewer } from './StudyViewer';

export function App() {
  const info = useAppStore(selectInfo);
  const openStudy = useAppStore(selectOpenStudy);
  const error = useAppStore(selectError);
  const loadInitial = useAppStore((s) => s.loadInitial);
  const clearError = useAppStore((s) => s.clearError);

  const openImport = useImportStore((s) => s.open);

  useEffect(() => {
    void loadInitial();
  }, [loadInitial]);

  // File > Open dataset folder: Ctrl/Cmd+O here, and the native menu in Electron.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        void openImport();
      }
    };
    window.addEventListener('keydown', onKey);
    const unsubscribe = window.lumbarMenu?.onCommand((command) => {
      if (command.kind === 'open-dataset-folder') void openImport();
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      unsubscribe?.();
    };
  }, [openImport]);

  return (
    <div className="app">
      <header className="top-bar">
        <span className="app-name">Lumbar Grader</span>
        {openStudy && <span className="top-study">Study {openStudy.studyKey}</span>}
        <button type="button" className="toolbar-button" onClick={() => void openImport()} title="Open dataset folder (Ctrl+O)">
          Open dataset folder…
        </button>
        <span className="spacer" />
        {info && (
          <span className="top-info" title={info.databasePath}>
            {info.mode === 'browser' ? 'browser mode' : 'desktop'} · v{info.version}
          </span>
        )}
      </header>
      {error && (
        <div className="error-banner" role="alert">
          {error}
          <button type="button" onClick={clearError}>
            Dismiss
          </button>
        </div>
      )}
      <main className="main">
        <aside className="sidebar">
          <h2>Studies</h2>
          <StudyList />
        </aside>
        <div className="content">
          {openStudy && info ? (
            <StudyViewer study={openStudy} dicomBase={info.dicomBase} />
          ) : (
            <div className="placeholder-hint">Select a study on the left to open it.</div>
          )}
        </div>
      </main>
      <ImportDialog />
    </div>
  );
}
