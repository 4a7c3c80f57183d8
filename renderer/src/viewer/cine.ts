/**
 * Cine: steps one viewport through its stack at a frame rate, looping, on requestAnimationFrame (so it
 * never runs faster than the display and stops with the page).
 *
 * Invariants: at most one viewport plays; `stop()` (and the session's dispose) cancels the frame request;
 * a step is skipped while the previous one is still loading (no request pile-up on slow decode).
 */
export class Cine {
  private frame: number | null = null;
  private last = 0;
  private busy = false;
  viewportId: string | null = null;

  constructor(private fps: number) {}

  start(viewportId: string, step: () => Promise<void>): void {
    this.stop();
    this.viewportId = viewportId;
    this.last = performance.now();
    const tick = (now: number) => {
      if (this.viewportId !== viewportId) return;
      if (!this.busy && now - this.last >= 1000 / this.fps - 1) {
        this.last = now;
        this.busy = true;
        step().finally(() => (this.busy = false));
      }
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  setFps(fps: number): void {
    this.fps = fps;
  }

  stop(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.viewportId = null;
    this.busy = false;
  }
}
