/**
 * Hooks of the reading screen: the grading keyboard (dispatching GRADING_ACTIONS), and active reading
 * time (idle > 60 s and hidden windows excluded), flushed to the backend every few seconds.
 */
import { useEffect } from 'react';
import { useAppStore } from '../store/app-store';
import { api } from '../transport/transport';
import { shortcutOf } from '../viewer/actions';
import { GRADING_ACTIONS, type GradingCommands } from './grading-actions';
import { useSessionStore } from './session-store';

export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function useGradingKeys(onToggleAtlas: () => void, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const s = () => useSessionStore.getState();
    const commands: GradingCommands = {
      selectLevel: (level) => s().select({ level }),
      selectCondition: (condition) => s().select({ condition }),
      grade: (grade) => void s().grade(grade),
      notGradable: () => void s().notGradable(s().notGradableReason),
      clearCell: () => void s().clearCell(),
      undo: () => void s().undo(),
      redo: () => void s().redo(),
      nextStudy: () => void s().nextStudy(),
      markComplete: () => void s().markComplete(),
      toggleAtlas: onToggleAtlas,
    };
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const shortcut = shortcutOf(e);
      const action = GRADING_ACTIONS.find((a) => a.shortcuts.includes(shortcut));
      if (!action || (!s().read && action.id !== 'next-study')) return;
      e.preventDefault();
      // Grading keys win over the viewer's (registered on window in the capture phase).
      e.stopImmediatePropagation();
      // A study is opening: its images may already show while the panel still has the previous study's
      // read (the window takes the study once its first images are on screen), so no key may grade.
      if (useAppStore.getState().openStudyLoading) return;
      action.run(commands);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [onToggleAtlas, enabled]);
}

const IDLE_MS = 60_000;
const FLUSH_MS = 5_000;

/** Count active time on the open study: visible window and input within the last minute. */
export function useActiveTime(readerId: number | undefined, studyId: number | undefined): void {
  useEffect(() => {
    if (readerId === undefined || studyId === undefined) return;
    let lastInput = performance.now();
    let lastTick = performance.now();
    let pending = 0;
    const onInput = () => (lastInput = performance.now());
    const tick = () => {
      const now = performance.now();
      if (document.visibilityState === 'visible' && now - lastInput < IDLE_MS) pending += now - lastTick;
      lastTick = now;
    };
    const flush = () => {
      tick();
      const ms = Math.round(pending);
      pending = 0;
      if (ms > 0) void api.addActiveTime({ readerId, studyId, ms: Math.min(ms, 3_600_000) }).catch(() => {});
    };
    const events = ['keydown', 'mousedown', 'mousemove', 'wheel'] as const;
    for (const ev of events) window.addEventListener(ev, onInput, { passive: true });
    document.addEventListener('visibilitychange', tick);
    const ticker = setInterval(tick, 1000);
    const flusher = setInterval(flush, FLUSH_MS);
    return () => {
      for (const ev of events) window.removeEventListener(ev, onInput);
      document.removeEventListener('visibilitychange', tick);
      clearInterval(ticker);
      clearInterval(flusher);
      flush();
    };
  }, [readerId, studyId]);
}
