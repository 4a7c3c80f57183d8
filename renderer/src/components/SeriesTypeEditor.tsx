/** The series of the selected study with their types; the reader can override a wrong type. */
import type { StudySummary } from '../../../annotations/contract/types';
import { SERIES_TYPES, type SeriesType } from '../../../annotations/domain/protocol';
import { useAppStore } from '../store/app-store';

const CHOICES: readonly SeriesType[] = [...SERIES_TYPES, 'Other'];

export function SeriesTypeEditor({ study }: { study: StudySummary }) {
  const setSeriesType = useAppStore((s) => s.setSeriesType);
  return (
    <ul className="series-editor" aria-label={`Series of study ${study.studyKey}`}>
      {study.series.map((series) => (
        <li key={series.id} title={`${series.typeReason}${series.warnings.length ? ` · ${series.warnings.join('; ')}` : ''}`}>
          <span className="desc">
            {series.description ?? series.seriesKey} · {series.instances}
            {series.warnings.length > 0 && ' ⚠'}
          </span>
          <select
            aria-label={`Type of series ${series.description ?? series.seriesKey}`}
            className={series.typeOverridden ? 'overridden' : undefined}
            value={series.type}
            onChange={(e) => {
              const type = e.target.value as SeriesType;
              void setSeriesType(series.id, type === series.detectedType ? null : type);
            }}
          >
            {CHOICES.map((t) => (
              <option key={t} value={t}>
                {t}
                {t === series.detectedType && series.typeOverridden ? ' (detected)' : ''}
              </option>
            ))}
          </select>
        </li>
      ))}
    </ul>
  );
}
