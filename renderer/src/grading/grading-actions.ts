/**
 * The grading keyboard, as data (one entry per action: id, label, shortcuts, run), listed in the cheat
 * sheet beside the viewer's actions. A key per level, a key per condition, a key per grade.
 */
import { CONDITIONS, LEVELS, type Condition, type Grade } from '../../../annotations/domain/protocol';

export interface GradingCommands {
  selectLevel(level: (typeof LEVELS)[number]): void;
  selectCondition(condition: Condition): void;
  grade(grade: Grade): void;
  notGradable(): void;
  clearCell(): void;
  undo(): void;
  redo(): void;
  nextStudy(): void;
  markComplete(): void;
  toggleAtlas(): void;
}

export interface GradingAction {
  readonly id: string;
  readonly label: string;
  readonly group: 'Grading';
  readonly shortcuts: readonly string[];
  run(commands: GradingCommands): void;
}

/** Condition keys, in grid-row order (shown on the grid's row headers). */
export const CONDITION_KEYS: Readonly<Record<Condition, string>> = {
  'Spinal Canal Stenosis': 'q',
  'Left Neural Foraminal Narrowing': 'w',
  'Right Neural Foraminal Narrowing': 'e',
  'Left Subarticular Stenosis': 'a',
  'Right Subarticular Stenosis': 's',
};

export const GRADE_KEYS: Readonly<Record<Grade, string>> = { 'Normal/Mild': 'z', Moderate: 'x', Severe: 'c' };

const g = (id: string, label: string, shortcuts: string[], run: (c: GradingCommands) => void): GradingAction => ({
  id,
  label,
  group: 'Grading',
  shortcuts,
  run,
});

export const GRADING_ACTIONS: readonly GradingAction[] = [
  ...LEVELS.map((level, i) => g(`level-${i + 1}`, `Level ${level}`, [String(i + 1)], (c) => c.selectLevel(level))),
  ...CONDITIONS.map((condition) =>
    g(`condition-${CONDITION_KEYS[condition]}`, condition, [CONDITION_KEYS[condition]], (c) => c.selectCondition(condition)),
  ),
  g('grade-normal', 'Grade Normal/Mild, then next empty cell', [GRADE_KEYS['Normal/Mild']], (c) => c.grade('Normal/Mild')),
  g('grade-moderate', 'Grade Moderate, then next empty cell', [GRADE_KEYS.Moderate], (c) => c.grade('Moderate')),
  g('grade-severe', 'Grade Severe, then next empty cell', [GRADE_KEYS.Severe], (c) => c.grade('Severe')),
  g('not-gradable', 'Not gradable (with a reason)', ['u'], (c) => c.notGradable()),
  g('clear-cell', 'Clear the selected cell', ['Ctrl+Backspace'], (c) => c.clearCell()),
  g('undo', 'Undo', ['Ctrl+z'], (c) => c.undo()),
  g('redo', 'Redo', ['Ctrl+Shift+z', 'Ctrl+y'], (c) => c.redo()),
  g('complete', 'Mark the study complete', ['Ctrl+Enter'], (c) => c.markComplete()),
  g('next-study', 'Next unfinished study', ['n'], (c) => c.nextStudy()),
  g('atlas', 'Grading atlas for the selected cell', ['b'], (c) => c.toggleAtlas()),
];
