/**
 * The viewer session of the open study, for the parts of the window outside the viewer (the grading
 * panel): reveal a label's series and slice, and hear which point the reader selected. Set by StudyViewer
 * for the session's lifetime; null when no study is shown.
 */
import { eventTarget } from '@cornerstonejs/core';
import { Enums as ToolEnums } from '@cornerstonejs/tools';
import type { ViewerSession } from './viewer-session';

let active: ViewerSession | null = null;

export function setActiveSession(session: ViewerSession | null): void {
  active = session;
}

export function activeSession(): ViewerSession | null {
  return active;
}

/** Calls back with the annotation UIDs (= point record ids) the reader selects in any viewport. */
export function onPointSelection(callback: (ids: string[]) => void): () => void {
  const listener = (event: Event) => {
    const detail = (event as CustomEvent<{ selection?: string[] }>).detail;
    if (detail?.selection && detail.selection.length > 0) callback(detail.selection);
  };
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_SELECTION_CHANGE, listener);
  return () => eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_SELECTION_CHANGE, listener);
}
