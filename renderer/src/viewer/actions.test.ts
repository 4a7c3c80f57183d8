import { describe, expect, it } from 'vitest';
import { GRADING_ACTIONS } from '../grading/grading-actions';
import { displayShortcut, findAction, shortcutOf, VIEWER_ACTIONS, type ViewerCommands } from './actions';
import { autoWindow, MR_PRESETS, percentiles } from './display';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('keyboard action registry', () => {
  it('has unique ids and no shortcut bound twice', () => {
    expect(new Set(VIEWER_ACTIONS.map((a) => a.id)).size).toBe(VIEWER_ACTIONS.length);
    const all = VIEWER_ACTIONS.flatMap((a) => a.shortcuts);
    expect(new Set(all).size).toBe(all.length);
  });

  it('leaves the grading keys to the grading panel', () => {
    const grading = new Set(GRADING_ACTIONS.flatMap((a) => a.shortcuts));
    expect(VIEWER_ACTIONS.flatMap((a) => a.shortcuts).filter((s) => grading.has(s))).toEqual([]);
  });

  it('matches key events in the registry notation', () => {
    expect(shortcutOf(key('I', { shiftKey: true }))).toBe('i');
    expect(shortcutOf(key('?', { shiftKey: true }))).toBe('?');
    expect(shortcutOf(key('ArrowLeft', { ctrlKey: true }))).toBe('Ctrl+ArrowLeft');
    expect(shortcutOf(key('Tab', { shiftKey: true }))).toBe('Shift+Tab');
    expect(findAction(VIEWER_ACTIONS, '?')?.id).toBe('cheat-sheet');
    expect(findAction(VIEWER_ACTIONS, ' ')?.id).toBe('cine');
    expect(findAction(VIEWER_ACTIONS, 'ArrowDown')?.id).toBe('next-slice');
  });

  it('runs the command on the active viewport', () => {
    const calls: unknown[][] = [];
    const commands = new Proxy({} as ViewerCommands, {
      get:
        (_t, name) =>
        (...args: unknown[]) =>
          calls.push([name, ...args]),
    });
    findAction(VIEWER_ACTIONS, 'PageDown')!.run({ commands, viewportId: 'ax-t2' });
    findAction(VIEWER_ACTIONS, 'h')!.run({ commands, viewportId: 'sag-t1' });
    expect(calls).toEqual([
      ['scrollBy', 'ax-t2', 5],
      ['flip', 'sag-t1', 'horizontal'],
    ]);
  });

  it('prints shortcuts for the cheat sheet', () => {
    expect(displayShortcut('ArrowUp')).toBe('↑');
    expect(displayShortcut(' ')).toBe('Space');
    expect(displayShortcut('Ctrl+ArrowLeft')).toBe('Ctrl+←');
    expect(displayShortcut('+')).toBe('+');
    expect(displayShortcut('k')).toBe('K');
  });
});

describe('MR window/level', () => {
  it('takes the DICOM VOI when present, else the robust 0.5-99.5 percentile window', () => {
    const pixels = Uint16Array.from({ length: 1000 }, (_, i) => i); // 0..999
    const p = percentiles({ pixels });
    expect(p.p0).toBe(0);
    expect(p.p100).toBe(999);
    expect(p.p0_5).toBe(5);
    expect(p.p99_5).toBe(994);
    expect(autoWindow({ center: 300, width: 200 }, p)).toEqual({ lower: 200, upper: 400 });
    expect(autoWindow({ center: null, width: null }, p)).toEqual({ lower: 5, upper: 994 });
    expect(autoWindow({ center: null, width: null }, null)).toBeNull();
  });

  it('applies rescale and keeps presets at least 1 wide', () => {
    const p = percentiles({ pixels: [10, 10, 10], slope: 2, intercept: -5 });
    expect(p.p0).toBe(15);
    for (const preset of MR_PRESETS) {
      const w = preset.window(p, null);
      expect(w.upper - w.lower).toBeGreaterThanOrEqual(1);
    }
  });
});
