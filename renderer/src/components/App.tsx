/**
 * The window: a top bar, then either the reader picker (first start) or the reading screen: worklist (or,
 * for a QA lead, the study list and the assignment screen), the viewer, and the grading panel.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useAppStore } from '../store/app-store';
import { selectError, selectInfo, selectOpenStudy } from '../store/selectors';
import { useImportStore } from '../store/import-store';
import { GradingPanel } from '../grading/GradingPanel';
import { KaggleDialog } from '../grading/KaggleDialog';
import { AssignmentView, StudyReadsPanel } from '../grading/QaViews';
import { ReaderPicker } from '../grading/ReaderPicker';
import { useSessionStore } from '../grading/session-store';
import { useActiveTime, useGradingKeys } from '../grading/use-grading';
import { startPointSync } from '../grading/point-sync';
import { Worklist } from '../grading/Worklist';
import { ImportDialog } from './ImportDialog';
import { StudyList } from './StudyList';

// The viewer (Cornerstone3D, vtk.js, codecs: most of the bundle) loads only when a study is opened, so the
// first screen and the worklist appear without waiting for it.
const StudyViewer = lazy(() => import('./StudyViewer').then((m) => ({ default: m.StudyViewer })));
// The agreement dashboard (echarts) likewise loads on first use.
const AgreementView = lazy(() => import('../agreement/AgreementView').then((m) => ({ default: m.AgreementView })));
const AdjudicationView = lazy(() => import('../adjudication/AdjudicationView').then((m) => ({ default: m.AdjudicationView })));

export function App() {
  const info = useAppStore(selectInfo);
  const openStudy = useAppStore(selectOpenStudy);
  const error = useAppStore(selectError);
  const loadInitial = useAppStore((s) => s.loadInitial);
  const clearError = useAppStore((s) => s.clearError);
  const openImport = useImportStore((s) => s.open);
  const reader = useSessionStore((s) => s.reader);
  // Only the open read's study id: the whole window must not re-render on every saved grade.
  const readStudyId = useSessionStore((s) => s.read?.studyId);
  const [ready, setReady] = useState(false);
  const [view, setView] = useState<'read' | 'assign' | 'agreement' | 'adjudication'>('read');
  const [atlasOpen, setAtlasOpen] = useState(false);
  const [kaggleOpen, setKaggleOpen] = useState(false);
  const toggleAtlas = useCallback(() => setAtlasOpen((open) => !open), []);
  const isQa = reader?.role === 'qa_lead';

  useEffect(() => {
    void (async () => {
      await loadInitial();
      await useSessionStore.getState().init();
      setReady(true);
      // Warm the viewer chunk while the reader looks at the first screen.
      void import('./StudyViewer');
    })();
  }, [loadInitial]);

  useGradingKeys(toggleAtlas, reader !== null && !isQa);
  // A reader's points live in the viewer and are saved as the grid's cells.
  useEffect(() => (reader && !isQa ? startPointSync() : undefined), [reader, isQa]);
  useActiveTime(reader && !isQa ? reader.id : undefined, readStudyId);

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
        {isQa && (
          <nav className="top-tabs" aria-label="QA views">
            <button type="button" aria-pressed={view === 'read'} onClick={() => setView('read')}>
              Studies
            </button>
            <button type="button" aria-pressed={view === 'assign'} onClick={() => setView('assign')}>
              Assignments
            </button>
            <button type="button" aria-pressed={view === 'agreement'} onClick={() => setView('agreement')}>
              Agreement
            </button>
            <button type="button" aria-pressed={view === 'adjudication'} onClick={() => setView('adjudication')}>
              Adjudication
            </button>
          </nav>
        )}
        <button type="button" className="toolbar-button" onClick={() => void openImport()} title="Open dataset folder (Ctrl+O)">
          Open dataset folder…
        </button>
        {isQa && (
          <button type="button" className="toolbar-button" onClick={() => setKaggleOpen(true)}>
            Kaggle files…
          </button>
        )}
        <span className="spacer" />
        {reader && (
          <span className="reader-chip" data-testid="current-reader">
            <span className="initials">{reader.initials}</span>
            <span className="reader-name" title={reader.name}>
              {reader.name}
            </span>{' '}
            · {isQa ? 'QA lead' : 'reader'}
            <button type="button" className="link" onClick={() => useSessionStore.getState().signOut()}>
              switch
            </button>
          </span>
        )}
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
      {ready && !reader ? (
        <main className="main">
          <ReaderPicker />
        </main>
      ) : (
        <main className="main">
          <aside className="sidebar">
            <h2>{isQa ? 'Studies' : 'Worklist'}</h2>
            {isQa ? <StudyList /> : <Worklist />}
          </aside>
          <div className="content">
            {isQa && view === 'assign' ? (
              <AssignmentView />
            ) : isQa && view === 'agreement' ? (
              <Suspense fallback={<div className="placeholder-hint">Loading the agreement dashboard…</div>}>
                <AgreementView />
              </Suspense>
            ) : isQa && view === 'adjudication' ? (
              <Suspense fallback={<div className="placeholder-hint">Loading adjudication…</div>}>
                <AdjudicationView />
              </Suspense>
            ) : openStudy && info ? (
              <Suspense fallback={<div className="placeholder-hint">Loading the viewer…</div>}>
                <StudyViewer study={openStudy} dicomBase={info.dicomBase} />
              </Suspense>
            ) : (
              <div className="placeholder-hint">
                {isQa ? 'Select a study on the left to open it.' : 'Open a study from your worklist (or press N for the next one).'}
              </div>
            )}
          </div>
          {!isQa && readStudyId !== undefined && openStudy && <GradingPanel atlasOpen={atlasOpen} onToggleAtlas={toggleAtlas} />}
          {isQa && view === 'read' && openStudy && <StudyReadsPanel key={openStudy.id} studyId={openStudy.id} />}
        </main>
      )}
      <ImportDialog />
      {kaggleOpen && isQa && <KaggleDialog onClose={() => setKaggleOpen(false)} />}
    </div>
  );
}
