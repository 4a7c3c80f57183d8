/** The study list: every indexed study with its series types and warnings. */
import { useAppStore } from '../store/app-store';
import { selectOpenStudy, selectStudies } from '../store/selectors';
import { SeriesTypeEditor } from './SeriesTypeEditor';

export function StudyList() {
  const studies = useAppStore(selectStudies);
  const openStudy = useAppStore(selectOpenStudy);
  const selectStudy = useAppStore((s) => s.selectStudy);
  const loading = useAppStore((s) => s.studiesLoading);

  if (loading && studies.length === 0) return <div className="study-list empty">Loading studies…</div>;
  if (studies.length === 0) return <div className="study-list empty">No studies yet. Open a dataset folder.</div>;
  return (
    <ul className="study-list" aria-label="Studies">
      {studies.map((study) => (
        <li key={study.id}>
          <button
            type="button"
            className={`study-item${openStudy?.id === study.id ? ' selected' : ''}`}
            onClick={() => void selectStudy(study.id)}
            data-study-id={study.id}
          >
            <span className="study-key">
              {study.studyKey}
              {study.isDemo && <span className="badge">demo</span>}
            </span>
            <span className="study-patient">{study.patientName ?? '—'}</span>
            <span className="study-series">
              {study.series
                .filter((s) => s.type !== 'Other')
                .map((s) => (
                  <span key={s.id} className="series-chip" title={s.typeReason}>
                    {s.type} · {s.instances}
                  </span>
                ))}
            </span>
            {study.warnings.length > 0 && <span className="study-warnings">⚠ {study.warnings.join('; ')}</span>}
          </button>
          {openStudy?.id === study.id && <SeriesTypeEditor study={study} />}
        </li>
      ))}
    </ul>
  );
}
