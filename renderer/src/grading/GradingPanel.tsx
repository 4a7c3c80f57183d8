/**
 * The grading side panel of the reading screen: the grid, the selected cell, study flags and comment,
 * undo/redo, complete, and the atlas for the selected cell.
 */
import { GRADES } from '../../../annotations/domain/protocol';
import { NOT_GRADABLE_REASONS, STUDY_FLAGS, type StudyFlag } from '../../../annotations/domain/reading';
import { ATLAS } from './atlas';
import { GRADE_KEYS } from './grading-actions';
import { GradingGrid } from './GradingGrid';
import { useSessionStore } from './session-store';

export function GradingPanel({ atlasOpen, onToggleAtlas }: { atlasOpen: boolean; onToggleAtlas(): void }) {
  const read = useSessionStore((s) => s.read);
  const selected = useSessionStore((s) => s.selected);
  const message = useSessionStore((s) => s.message);
  const pendingOverride = useSessionStore((s) => s.pendingOverride);
  const actions = useSessionStore.getState();
  const reason = useSessionStore((s) => s.notGradableReason);
  if (!read) return null;
  const label = read.labels.find((l) => l.condition === selected.condition && l.level === selected.level)!;
  const entry = ATLAS[selected.condition];

  return (
    <aside className="grading-panel" aria-label="Grading">
      <div className="grading-head">
        <span className="progress-count" data-testid="decided-count">
          {read.decided} / 25
        </span>
        <span className={`status-badge status-${read.status}`}>{read.status.replace('_', ' ')}</span>
        <span className="spacer" />
        <button type="button" onClick={() => void actions.undo()} disabled={!read.canUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={() => void actions.redo()} disabled={!read.canRedo} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
      </div>
      <GradingGrid />
      <section className="cell-detail" aria-label="Selected cell">
        <h3>
          {selected.condition} · {selected.level}
        </h3>
        <div className="grade-buttons">
          {GRADES.map((grade) => (
            <button key={grade} type="button" className={label.grade === grade ? 'active' : ''} onClick={() => void actions.grade(grade)}>
              {grade} <kbd>{GRADE_KEYS[grade].toUpperCase()}</kbd>
            </button>
          ))}
        </div>
        <div className="not-gradable-row">
          <select aria-label="Not gradable reason" value={reason} onChange={(e) => actions.setNotGradableReason(e.target.value)}>
            {NOT_GRADABLE_REASONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <button type="button" className={label.notGradable ? 'active' : ''} onClick={() => void actions.notGradable(reason)}>
            Not gradable <kbd>U</kbd>
          </button>
        </div>
        <p className="point-line">
          {label.point
            ? `Point: series ${label.point.seriesId}, image ${label.point.instanceNumber}, x ${label.point.x.toFixed(1)}, y ${label.point.y.toFixed(1)}${label.point.override ? ' (unusual series, confirmed)' : ''}`
            : 'No point yet: click on the image (point mode, P) to place it.'}
          {label.point && (
            <button type="button" className="link" onClick={() => void actions.deletePoint(selected)}>
              remove
            </button>
          )}
        </p>
      </section>
      {pendingOverride && (
        <div className="override-prompt" role="alertdialog" aria-label="Confirm point on another series">
          <p>{pendingOverride.message}</p>
          <button type="button" className="primary" onClick={() => void actions.confirmOverride(true)}>
            Place it there
          </button>
          <button type="button" onClick={() => void actions.confirmOverride(false)}>
            Cancel
          </button>
        </div>
      )}
      {message && (
        <p className="grading-message" role="alert">
          {message}
        </p>
      )}
      <section className="study-flags" aria-label="Study flags">
        <h3>Study</h3>
        {STUDY_FLAGS.map((flag) => (
          <label key={flag}>
            <input
              type="checkbox"
              checked={read.flags.includes(flag)}
              onChange={(e) => {
                const flags: StudyFlag[] = e.target.checked ? [...read.flags, flag] : read.flags.filter((f) => f !== flag);
                void actions.setFlags(flags);
              }}
            />
            {flag}
          </label>
        ))}
        <textarea
          aria-label="Comment"
          placeholder="Comment"
          defaultValue={read.comment}
          key={`${read.studyId}-${read.comment}`}
          onBlur={(e) => {
            if (e.target.value !== read.comment) void actions.setComment(e.target.value);
          }}
        />
        <button
          type="button"
          className="primary complete-button"
          disabled={read.decided < 25 || read.status === 'complete'}
          onClick={() => void actions.markComplete()}
        >
          {read.status === 'complete' ? 'Complete ✓' : `Mark complete (${25 - read.decided} left)`}
        </button>
        <button type="button" onClick={onToggleAtlas} aria-expanded={atlasOpen}>
          Grading atlas <kbd>B</kbd>
        </button>
      </section>
      {atlasOpen && (
        <section className="atlas" aria-label="Grading atlas">
          <h3>{selected.condition}</h3>
          <p className="atlas-where">{entry.where}</p>
          <dl>
            {GRADES.map((grade) => (
              <div key={grade} className={label.grade === grade ? 'current' : ''}>
                <dt>{grade}</dt>
                <dd>{entry.grades[grade]}</dd>
              </div>
            ))}
          </dl>
          <p className="atlas-source">{entry.source}</p>
        </section>
      )}
    </aside>
  );
}
