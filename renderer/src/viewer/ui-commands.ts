/**
 * The viewer commands that only change preferences in the viewer store (layout, toggles, cine rate, the
 * cheat sheet): shared by the session's ViewerCommands and testable without Cornerstone.
 */
import { useViewerStore } from './viewer-store';

const store = () => useViewerStore.getState();

export const uiCommands = {
  changeCineFps(delta: number): void {
    store().updateSettings({ cineFps: Math.max(1, Math.min(60, store().settings.cineFps + delta)) });
  },
  toggleMaximize(id: string): void {
    store().setMaximized(store().maximized === id ? null : id);
  },
  toggleLayout2x2(): void {
    store().setLayout(store().layout === '2x2' ? '1x3' : '2x2');
  },
  toggleLinked(): void {
    store().updateSettings({ linked: !store().settings.linked });
  },
  toggleLadder(): void {
    store().updateSettings({ ladder: !store().settings.ladder });
  },
  togglePointMode(): void {
    store().setPointMode(!store().pointMode);
  },
  toggleCheatSheet(): void {
    store().setCheatSheetOpen(!store().cheatSheetOpen);
  },
  /** Makes the next (delta 1) or previous (-1) of `ids` active. */
  cycleActive(ids: readonly string[], delta: number): void {
    const at = ids.indexOf(store().activeViewportId);
    if (ids.length) store().setActive(ids[(at + delta + ids.length) % ids.length]!);
  },
};
