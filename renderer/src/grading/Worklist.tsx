/**
 * The reader's worklist: assigned studies with status and progress, counters, filters and search, and a
 * windowed list (only visible rows are rendered) that stays smooth at thousands of studies.
 */
import { useMemo, useState, type UIEvent } from 'react';
import type { WorklistItem } from '../../../annotations/contract/types';
import type { ReadStatus } from '../../../annotations/domain/reading';
import { studyRowIntent } from '../store/app-store';
import { useSessionStore } from './session-store';

const ROW_HEIGHT = 44;
const FILTERS: Array<{ id: ReadStatus | 'all' | 'open'; label: string }> = [
  { id: 'open', label: 'To do' },
  { id: 'all', label: 'All' },
  { id: 'complete', label: 'Complete' },
  { id: 'flagged', label: 'Flagged' },
];

export function Worklist() {
  const worklist = useSessionStore((s) => s.worklist);
  const openStudyId = useSessionStore((s) => s.read?.studyId);
  const openStudy = useSessionStore((s) => s.openStudy);
  const [filter, setFilter] = useState<(typeof FILTERS)[number]['id']>('all');
  const [query, setQuery] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  const items = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (worklist?.items ?? []).filter(
      (i: WorklistItem) =>
        (filter === 'all' || (filter === 'open' ? i.status !== 'complete' : i.status === filter)) &&
        (q === '' || i.studyKey.toLowerCase().includes(q) || (i.patientName ?? '').toLowerCase().includes(q)),
    );
  }, [worklist, filter, query]);

  if (!worklist) return <div className="study-list empty">Loading worklist…</div>;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 5);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + 5);
  const { counts } = worklist;

  return (
    <div className="worklist">
      <div className="worklist-counters" data-testid="worklist-counters">
        {counts.complete} / {counts.total} complete · {counts.in_progress} in progress
      </div>
      <div className="worklist-filters" role="group" aria-label="Filter">
        {FILTERS.map((f) => (
          <button key={f.id} type="button" aria-pressed={filter === f.id} onClick={() => setFilter(f.id)}>
            {f.label}
          </button>
        ))}
      </div>
      <input
        className="worklist-search"
        type="search"
        placeholder="Search study or patient"
        aria-label="Search worklist"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div
        className="worklist-scroll"
        role="list"
        aria-label="Worklist"
        onScroll={(e: UIEvent<HTMLDivElement>) => {
          setScrollTop(e.currentTarget.scrollTop);
          setHeight(e.currentTarget.clientHeight);
        }}
      >
        <div style={{ height: items.length * ROW_HEIGHT, position: 'relative' }}>
          {items.slice(first, last).map((item, i) => (
            <div
              role="listitem"
              key={item.studyId}
              style={{ position: 'absolute', top: (first + i) * ROW_HEIGHT, left: 0, right: 0, height: ROW_HEIGHT }}
            >
              <button
                type="button"
                className={`worklist-item${item.studyId === openStudyId ? ' selected' : ''}`}
                onClick={() => void openStudy(item.studyId)}
                {...studyRowIntent(item.studyId)}
                data-study-id={item.studyId}
              >
                <span className="study-key">{item.studyKey}</span>
                <span className={`status-badge status-${item.status}`}>{item.status.replace('_', ' ')}</span>
                <span className="worklist-progress">{item.decided}/25</span>
                {item.warnings.length > 0 && (
                  <span className="study-warnings" title={item.warnings.join('; ')}>
                    ⚠
                  </span>
                )}
              </button>
            </div>
          ))}
        </div>
        {items.length === 0 && <p className="muted pad">No studies match.</p>}
      </div>
    </div>
  );
}
