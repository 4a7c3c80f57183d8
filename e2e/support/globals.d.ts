// The renderer's test hooks, as seen from page.evaluate callbacks.
export {};
declare global {
  interface Window {
    __lumbarViewer?: { ready: boolean; readyAt: number | null; session: unknown };
  }
}
