/** The 25-cell grid (conditions x levels, Kaggle order): grade, point and selection at a glance. */
import { CONDITIONS, CONDITION_ABBREVIATIONS, LEVELS, type Grade } from '../../../annotations/domain/protocol';
import type { LabelInfo } from '../../../annotations/contract/types';
import { CONDITION_KEYS } from './grading-actions';
import { useSessionStore } from './session-store';

const GRADE_SHORT: Record<Grade, string> = { 'Normal/Mild': 'N', Moderate: 'M', Severe: 'S' };

function cellText(label: LabelInfo): string {
  if (label.grade) return GRADE_SHORT[label.grade];
  if (label.notGradable) return '∅';
  return '';
}

export function GradingGrid() {
  const read = useSessionStore((s) => s.read);
  const selected = useSessionStore((s) => s.selected);
  const select = useSessionStore((s) => s.select);
  if (!read) return null;
  const label = (condition: string, level: string) => read.labels.find((l) => l.condition === condition && l.level === level)!;
  return (
    <table className="grading-grid" aria-label="Grading grid">
      <thead>
        <tr>
          <th />
          {LEVELS.map((level, i) => (
            <th key={level} scope="col" title={`key ${i + 1}`}>
              {level}
              <kbd>{i + 1}</kbd>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {CONDITIONS.map((condition) => (
          <tr key={condition}>
            <th scope="row" title={`${condition} (key ${CONDITION_KEYS[condition].toUpperCase()})`}>
              {CONDITION_ABBREVIATIONS[condition]}
              <kbd>{CONDITION_KEYS[condition].toUpperCase()}</kbd>
            </th>
            {LEVELS.map((level) => {
              const l = label(condition, level);
              const isSelected = selected.condition === condition && selected.level === level;
              const grade = l.grade ? l.grade.replace('/', '-').toLowerCase() : l.notGradable ? 'ungradable' : 'empty';
              return (
                <td key={level}>
                  <button
                    type="button"
                    className={`cell grade-${grade}${isSelected ? ' selected' : ''}`}
                    aria-label={`${condition} ${level}: ${l.grade ?? (l.notGradable ? `not gradable (${l.notGradable})` : 'empty')}${l.point ? ', point placed' : ''}`}
                    aria-pressed={isSelected}
                    data-cell={`${condition}|${level}`}
                    onClick={() => select({ condition, level })}
                  >
                    {cellText(l)}
                    {l.point && <span className="point-dot" aria-hidden="true" />}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
