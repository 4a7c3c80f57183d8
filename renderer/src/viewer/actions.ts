/**
 * The viewer's keyboard actions as data: one registry of {id, label, group, shortcuts, run} that drives
 * both the key handling and the `?` cheat sheet (and the toolbar buttons, which run actions by id).
 *
 * Pure: actions call an abstract `ViewerCommands` (the ViewerSession implements it), so the registry and
 * the key matching are unit-tested without Cornerstone. Invariants: ids are unique; no two actions share a
 * shortcut; a shortcut is `[Ctrl+][Alt+][Shift+]Key` where Key is `KeyboardEvent.key` (single characters
 * lower-cased, Shift implied by the character itself, e.g. `?` or `+`). The grading keyboard
 * (renderer/src/grading: digits 1-5, q w e a s, z x c, u n b, Ctrl+...) owns its keys and wins on window
 * capture, so the viewer avoids them: W/L presets are 6-9 and cine is Space.
 */

export interface ViewerCommands {
  scrollBy(viewportId: string, delta: number): void;
  scrollToEnd(viewportId: string, end: 'first' | 'last'): void;
  applyPreset(viewportId: string, presetId: 'auto' | 'soft' | 'full' | 'fluid'): void;
  zoomBy(viewportId: string, factor: number): void;
  panBy(viewportId: string, dx: number, dy: number): void;
  resetView(viewportId: string): void;
  toggleInvert(viewportId: string): void;
  flip(viewportId: string, axis: 'horizontal' | 'vertical'): void;
  toggleCine(viewportId: string): void;
  changeCineFps(delta: number): void;
  toggleMaximize(viewportId: string): void;
  toggleLayout2x2(): void;
  toggleLinked(): void;
  toggleLadder(): void;
  clearCrosshair(): void;
  togglePointMode(): void;
  deleteSelectedPoint(): void;
  cycleActive(delta: number): void;
  toggleCheatSheet(): void;
}

export interface ActionContext {
  readonly commands: ViewerCommands;
  /** The active viewport: the one keyboard actions apply to. */
  readonly viewportId: string;
}

export type ActionGroup = 'Navigate' | 'Display' | 'Cine' | 'Layout' | 'Reference' | 'Points' | 'Help';

export interface ViewerAction {
  readonly id: string;
  readonly label: string;
  readonly group: ActionGroup;
  readonly shortcuts: readonly string[];
  run(ctx: ActionContext): void;
}

const a = (id: string, group: ActionGroup, label: string, shortcuts: string[], run: (ctx: ActionContext) => void): ViewerAction => ({
  id,
  group,
  label,
  shortcuts,
  run,
});

export const VIEWER_ACTIONS: readonly ViewerAction[] = [
  a('next-slice', 'Navigate', 'Next slice', ['ArrowDown', 'ArrowRight'], ({ commands, viewportId }) => commands.scrollBy(viewportId, 1)),
  a('previous-slice', 'Navigate', 'Previous slice', ['ArrowUp', 'ArrowLeft'], ({ commands, viewportId }) =>
    commands.scrollBy(viewportId, -1),
  ),
  a('page-down', 'Navigate', 'Forward 5 slices', ['PageDown'], ({ commands, viewportId }) => commands.scrollBy(viewportId, 5)),
  a('page-up', 'Navigate', 'Back 5 slices', ['PageUp'], ({ commands, viewportId }) => commands.scrollBy(viewportId, -5)),
  a('first-slice', 'Navigate', 'First slice', ['Home'], ({ commands, viewportId }) => commands.scrollToEnd(viewportId, 'first')),
  a('last-slice', 'Navigate', 'Last slice', ['End'], ({ commands, viewportId }) => commands.scrollToEnd(viewportId, 'last')),
  a('next-viewport', 'Navigate', 'Next viewport', ['Tab'], ({ commands }) => commands.cycleActive(1)),
  a('previous-viewport', 'Navigate', 'Previous viewport', ['Shift+Tab'], ({ commands }) => commands.cycleActive(-1)),
  a('preset-auto', 'Display', 'W/L: auto (DICOM VOI / histogram)', ['6'], ({ commands, viewportId }) =>
    commands.applyPreset(viewportId, 'auto'),
  ),
  a('preset-soft', 'Display', 'W/L: soft tissue', ['7'], ({ commands, viewportId }) => commands.applyPreset(viewportId, 'soft')),
  a('preset-full', 'Display', 'W/L: full range', ['8'], ({ commands, viewportId }) => commands.applyPreset(viewportId, 'full')),
  a('preset-fluid', 'Display', 'W/L: fluid / CSF', ['9'], ({ commands, viewportId }) => commands.applyPreset(viewportId, 'fluid')),
  a('zoom-in', 'Display', 'Zoom in', ['+', '='], ({ commands, viewportId }) => commands.zoomBy(viewportId, 1.25)),
  a('zoom-out', 'Display', 'Zoom out', ['-'], ({ commands, viewportId }) => commands.zoomBy(viewportId, 0.8)),
  a('pan-left', 'Display', 'Pan left', ['Ctrl+ArrowLeft'], ({ commands, viewportId }) => commands.panBy(viewportId, -40, 0)),
  a('pan-right', 'Display', 'Pan right', ['Ctrl+ArrowRight'], ({ commands, viewportId }) => commands.panBy(viewportId, 40, 0)),
  a('pan-up', 'Display', 'Pan up', ['Ctrl+ArrowUp'], ({ commands, viewportId }) => commands.panBy(viewportId, 0, -40)),
  a('pan-down', 'Display', 'Pan down', ['Ctrl+ArrowDown'], ({ commands, viewportId }) => commands.panBy(viewportId, 0, 40)),
  a('reset', 'Display', 'Reset view (zoom, pan, flip, invert, W/L)', ['r'], ({ commands, viewportId }) => commands.resetView(viewportId)),
  a('invert', 'Display', 'Invert', ['i'], ({ commands, viewportId }) => commands.toggleInvert(viewportId)),
  a('flip-h', 'Display', 'Flip horizontally', ['h'], ({ commands, viewportId }) => commands.flip(viewportId, 'horizontal')),
  a('flip-v', 'Display', 'Flip vertically', ['v'], ({ commands, viewportId }) => commands.flip(viewportId, 'vertical')),
  a('cine', 'Cine', 'Play / stop cine', [' '], ({ commands, viewportId }) => commands.toggleCine(viewportId)),
  a('cine-faster', 'Cine', 'Cine faster (+2 fps)', [']'], ({ commands }) => commands.changeCineFps(2)),
  a('cine-slower', 'Cine', 'Cine slower (-2 fps)', ['['], ({ commands }) => commands.changeCineFps(-2)),
  a('maximize', 'Layout', 'Maximise / restore viewport (or double-click)', ['m', 'Enter'], ({ commands, viewportId }) =>
    commands.toggleMaximize(viewportId),
  ),
  a('layout-2x2', 'Layout', '2x2 layout with localizer / back to 1x3', ['g'], ({ commands }) => commands.toggleLayout2x2()),
  a('link', 'Reference', 'Link scrolling of same-orientation viewports', ['l'], ({ commands }) => commands.toggleLinked()),
  a('ladder', 'Reference', 'Show all axial positions on the sagittals (ladder)', ['k'], ({ commands }) => commands.toggleLadder()),
  a('clear-crosshair', 'Reference', 'Clear the locate crosshair (Shift+click places it)', ['Escape'], ({ commands }) =>
    commands.clearCrosshair(),
  ),
  a('point-mode', 'Points', 'Point mode: left-click places the selected label', ['p'], ({ commands }) => commands.togglePointMode()),
  a('delete-point', 'Points', 'Delete the selected point', ['Delete', 'Backspace'], ({ commands }) => commands.deleteSelectedPoint()),
  a('cheat-sheet', 'Help', 'Show / hide this cheat sheet', ['?'], ({ commands }) => commands.toggleCheatSheet()),
];

/** Mouse gestures, listed in the cheat sheet beside the keys (not actions: Cornerstone tools do them). */
export const MOUSE_GESTURES: ReadonlyArray<readonly [string, string]> = [
  ['Wheel', 'Scroll slices'],
  ['Left-drag', 'Window / level (point mode: place / move a point)'],
  ['Right-drag', 'Zoom'],
  ['Middle-drag or Ctrl+left-drag', 'Pan'],
  ['Shift+click', 'Locate: move the other viewports to that point'],
  ['Drag a point', 'Move it (any mode)'],
  ['Double-click', 'Maximise / restore'],
  ['Drag a series thumbnail onto a viewport', 'Show that series there'],
];

/** The shortcut string of a key event, in the registry's notation. */
export function shortcutOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  const single = event.key.length === 1;
  const key = single ? event.key.toLowerCase() : event.key;
  // Shift is implied by a printable character (`?`, `+`), except with Ctrl, where Ctrl+Shift+Z is not Ctrl+Z.
  const ctrl = event.ctrlKey || event.metaKey;
  return `${ctrl ? 'Ctrl+' : ''}${event.altKey ? 'Alt+' : ''}${event.shiftKey && (!single || ctrl) ? 'Shift+' : ''}${key}`;
}

export function findAction(actions: readonly ViewerAction[], shortcut: string): ViewerAction | undefined {
  return actions.find((action) => action.shortcuts.includes(shortcut));
}

export function actionById(id: string): ViewerAction | undefined {
  return VIEWER_ACTIONS.find((action) => action.id === id);
}

/** How a shortcut is printed in the cheat sheet. */
export function displayShortcut(shortcut: string): string {
  const names: Record<string, string> = { ' ': 'Space', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc' };
  return shortcut
    .split('+')
    .map((part, i, all) => (part === '' && i === all.length - 1 ? '+' : (names[part] ?? (part.length === 1 ? part.toUpperCase() : part))))
    .filter((part, i, all) => !(part === '' && i === all.length - 2 && all[all.length - 1] === '+'))
    .join('+');
}
