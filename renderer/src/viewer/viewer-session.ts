/**
 * A viewer session: one study in up to four stack viewports, from `enter` to `dispose`. It borrows the
 * rendering engine, tool group and viewports from the viewer's ViewportHost (they outlive a study), and
 * owns the point annotation adapter, the reference-line layers, cine and every listener it adds, and
 * tears all of them down on dispose (OHIF's onModeExit), leaving the viewports blank for the next study.
 * React never holds Cornerstone objects: it gets status through the viewer store and sends commands
 * (ViewerCommands).
 *
 * Invariants: one rendering engine per window; viewports move only by 3D position across orientations
 * (locate) or along the same orientation (linking), never by index; reference lines are recomputed from
 * the current slices after every render; all geometry is DICOM patient space, converted to Cornerstone's
 * world with `displayOffset` (CPU path); every listener has a disposer.
 */
import { cache, Enums, eventTarget, imageLoadPoolManager, type StackViewport, type Types } from '@cornerstonejs/core';
import type { StudyDetail } from '../../../annotations/contract/types';
import { pixelToPatient, type SlicePlane, type Vec3 } from '../../../annotations/domain/geometry';
import type { ViewerCommands } from './actions';
import { AnnotationAdapter } from './annotation-adapter';
import { Cine } from './cine';
import { registerStackPlanes, setCacheLimitMb, type RenderPath } from './cornerstone-setup';
import { ALL_VIEWPORT_IDS, initialChoices, missingMessage, VIEWPORT_COLORS, type ViewportId } from './hanging-protocol';
import { describeLoadError } from './load-errors';
import { linkedMoves, locateMoves, type Move } from './locate';
import { SliceIndex } from './point-mapping';
import { SpinePointTool } from './point-tool';
import { drawOverlays, type OverlayPane } from './reference-lines';
import { SessionPane } from './session-pane';
import { absoluteDicomBase, buildStack, seriesStack, stackKeyOf, type StackChoice } from './stacks';
import { uiCommands } from './ui-commands';
import { useViewerStore } from './viewer-store';
import * as ops from './viewport-ops';
import type { ViewportHost } from './viewport-host';

const SHORT_NAMES: Record<ViewportId, string> = { 'sag-t2': 'SAG T2', 'sag-t1': 'SAG T1', 'ax-t2': 'AX', loc: 'LOC' };

export class ViewerSession implements ViewerCommands {
  private readonly panes = new Map<ViewportId, SessionPane>();
  private readonly disposers: Array<() => void> = [];
  private readonly base: string;
  private readonly slices: SliceIndex;
  private readonly choices: Record<ViewportId, StackChoice | null>;
  private readonly cine = new Cine(useViewerStore.getState().settings.cineFps);
  /** Slice indices set by locate/linking, so the resulting events do not propagate again. */
  private readonly expected = new Map<string, number>();
  private adapter: AnnotationAdapter | null = null;
  private crosshair: Vec3 | null = null;
  private prefetchOnLoad = true;
  private disposed = false;
  private firstImagesShown: () => void = () => undefined;
  /** Settles once every viewport shows its first image (or says why it cannot), or the session ends. */
  readonly firstImages = new Promise<void>((resolve) => (this.firstImagesShown = resolve));

  constructor(
    readonly study: StudyDetail,
    private readonly elements: Partial<Record<ViewportId, HTMLDivElement>>,
    dicomBase: string,
    readonly renderPath: RenderPath,
    private readonly host: ViewportHost,
  ) {
    this.base = absoluteDicomBase(dicomBase, window.location.origin);
    const all = study.series.map((s) => seriesStack(s, study.datasetId, this.base));
    registerStackPlanes(all);
    this.slices = new SliceIndex(all.flatMap((s) => s.slices));
    this.choices = initialChoices(study);
  }

  /** Enable the viewports, bind tools, load the first images. Resolves when every viewport shows its image. */
  async enter(): Promise<void> {
    useViewerStore.getState().reset();
    this.setUpTools();
    const unsubscribe = useViewerStore.subscribe((s, prev) => {
      if (s.pointMode !== prev.pointMode) this.host.bindPrimary(s.pointMode);
      if (s.settings.ladder !== prev.settings.ladder) this.redrawOverlays();
      if (s.settings.cineFps !== prev.settings.cineFps) this.cine.setFps(s.settings.cineFps);
      if (s.settings.cacheLimitMb !== prev.settings.cacheLimitMb) setCacheLimitMb(s.settings.cacheLimitMb);
    });
    this.disposers.push(unsubscribe, () => this.cine.stop());
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_ERROR, this.onLoadError);
    this.disposers.push(() => eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_ERROR, this.onLoadError));
    this.prefetchOnLoad = false; // first images first: the background loads wait until every viewport shows one
    const shown = Promise.all(ALL_VIEWPORT_IDS.filter((id) => this.elements[id]).map((id) => this.attach(id, this.elements[id]!)));
    // `firstImages` settles once the frame that draws them has been painted (a task after its animation
    // callbacks, where Cornerstone renders): what waits for it (React's render of the study) comes after.
    const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    void shown.then(painted, painted).then(() => this.firstImagesShown());
    await shown;
    // After the frame that draws them: background loads would otherwise delay that frame (XHR and decode
    // callbacks of ~90 images queue ahead of it on a slow machine).
    for (let i = 0; i < 2 && !this.disposed; i++) await new Promise((r) => requestAnimationFrame(r));
    if (this.disposed) return;
    this.prefetchOnLoad = true;
    for (const pane of this.panes.values()) pane.startPrefetch();
    this.adapter = new AnnotationAdapter(this.pointTool(), {
      studyId: this.study.id,
      slices: this.slices,
      displayOffset: (plane) => ops.displayOffset(plane, this.renderPath.cpu),
      render: () => this.host.engine.render(),
    });
    this.adapter.start();
  }

  private pointTool(): SpinePointTool {
    return this.host.toolGroup.getToolInstance(SpinePointTool.toolName) as SpinePointTool;
  }

  private setUpTools(): void {
    this.pointTool().nextLabel = () => useViewerStore.getState().pointLabel;
    this.host.bindPrimary(useViewerStore.getState().pointMode);
  }

  /** Enables a viewport on `element` and loads its stack (also used for the 2x2 localizer pane). */
  async attach(id: ViewportId, element: HTMLDivElement): Promise<void> {
    if (this.disposed || this.panes.has(id)) return;
    const pane = new SessionPane(id, element, (vid) => this.viewport(vid), this.renderPath.cpu, this.host.laidOutSize(id));
    this.panes.set(id, pane);
    this.listen(pane);
    const choice = this.choices[id];
    if (!choice) {
      this.host.release(id); // nothing to show: no viewport (and no tools acting on a blank one)
      useViewerStore.getState().update(id, { seriesDescription: '', stackKey: '', count: 0, error: missingMessage(id) });
      return;
    }
    await this.show(pane, choice);
  }

  /**
   * Drops a pane whose element is going away (the 2x2 localizer): its viewport is disabled too. Only while
   * the pane is this session's: after a study change the old session's late detach must not take the
   * viewport the next session has already attached.
   */
  detach(id: ViewportId): void {
    if (!this.panes.has(id)) return;
    this.dropPane(id);
    this.host.release(id);
    this.redrawOverlays();
  }

  /** Ends this session's use of a pane (listeners, overlay, cine); its viewport stays for the next study. */
  private dropPane(id: ViewportId): void {
    const pane = this.panes.get(id);
    if (!pane) return;
    if (this.cine.viewportId === id) this.stopCine();
    pane.dispose();
    this.panes.delete(id);
  }

  private listen(pane: SessionPane): void {
    const { element, id } = pane;
    pane.on(element, Enums.Events.STACK_NEW_IMAGE, (e) =>
      this.onNewImage(pane, (e as CustomEvent<{ imageIdIndex: number }>).detail.imageIdIndex),
    );
    pane.on(element, Enums.Events.IMAGE_RENDERED, () => this.redrawOverlays());
    pane.on(element, Enums.Events.VOI_MODIFIED, (e) => {
      const range = (e as CustomEvent<{ range?: { lower: number; upper: number } }>).detail.range;
      if (range) pane.voi = { lower: range.lower, upper: range.upper };
      pane.publishDisplay();
    });
    pane.on(element, Enums.Events.CAMERA_MODIFIED, () => pane.publishDisplay());
    pane.on(element, 'dblclick', () => this.toggleMaximize(id));
    // Capture phase: a Shift+click never reaches Cornerstone's tools (no W/L drag, no point placed).
    const onMouse = (e: Event) => {
      const m = e as MouseEvent;
      if (m.type === 'mousedown') useViewerStore.getState().setActive(id);
      const locating = m.shiftKey && (m.type === 'mousedown' ? m.button === 0 : (m.buttons & 1) === 1);
      if (!locating) return;
      e.stopPropagation();
      e.preventDefault();
      const rect = element.getBoundingClientRect();
      this.locateFromCanvas(id, m.clientX - rect.left, m.clientY - rect.top);
    };
    pane.on(element, 'mousedown', onMouse, true);
    pane.on(element, 'mousemove', onMouse, true);
  }

  /** Enables the pane's viewport if needed and loads the chosen stack into it. */
  private async show(pane: SessionPane, choice: StackChoice): Promise<void> {
    const stack = buildStack(this.study, choice, this.base);
    if (!stack) {
      this.host.release(pane.id);
      useViewerStore.getState().update(pane.id, { count: 0, error: missingMessage(pane.id) });
      return;
    }
    this.host.viewportOn(pane.id, pane.element);
    if (!(await pane.load(stack, () => this.disposed))) return;
    if (this.prefetchOnLoad) pane.startPrefetch();
    this.redrawOverlays();
  }

  /** Shows another stack in a viewport (series picker, thumbnail drop). */
  async showStack(id: ViewportId, choice: StackChoice): Promise<void> {
    const pane = this.panes.get(id);
    if (!pane || pane.stack?.key === stackKeyOf(choice)) return;
    if (this.cine.viewportId === id) this.stopCine();
    this.choices[id] = choice;
    await this.show(pane, choice);
  }

  viewport(id: string): Types.IStackViewport | undefined {
    return this.host.viewport(id as ViewportId);
  }

  private readyPanes(): SessionPane[] {
    return [...this.panes.values()].filter((p) => p.ready && p.stack);
  }

  /**
   * A slice the reader asked for would not load (e.g. its file is gone). Cornerstone then counts it as the
   * current slice while the canvas still shows the one before, and points and reference lines follow the
   * current slice: so the viewport is pointed back at the slice it shows, says which one failed and why,
   * and the next step (key, wheel or cine) continues from the failed one, past it. Failures of background
   * loads (prefetch) stay quiet.
   */
  private readonly onLoadError = (e: Event): void => {
    const detail = (e as CustomEvent<{ imageId?: string; error?: unknown } | undefined>).detail;
    if (!detail?.imageId) return;
    for (const pane of this.panes.values()) {
      const vp = pane.viewport;
      if (!pane.ready || !vp) continue; // a stack's first image: the pane reports it as the series' error
      const ids = vp.getImageIds();
      const failed = ids.indexOf(detail.imageId);
      const shown = useViewerStore.getState().viewports[pane.id]?.index;
      if (failed < 0 || vp.getCurrentImageIdIndex() !== failed || shown === undefined || shown === failed) continue;
      const message = `Slice ${failed + 1} / ${ids.length} cannot be shown: ${describeLoadError(detail.error, detail.imageId)}`;
      void vp.setImageIdIndex(shown).then(() => {
        (vp as unknown as { targetImageIdIndex: number }).targetImageIdIndex = failed;
        useViewerStore.getState().update(pane.id, { sliceError: message });
      });
    }
  };

  private onNewImage(pane: SessionPane, index: number): void {
    if (!pane.stack) return;
    useViewerStore
      .getState()
      .update(pane.id, { index, sliceLocation: pane.stack.slices[index]?.instance.sliceLocation ?? null, sliceError: null });
    queueMicrotask(() => pane.keepWindow());
    const expected = this.expected.get(pane.id);
    this.expected.delete(pane.id);
    if (expected === index || !pane.ready || !useViewerStore.getState().settings.linked) return;
    const leader = { ...pane.geometry(), index };
    this.apply(
      linkedMoves(
        leader,
        this.readyPanes().map((p) => p.geometry()),
      ),
    );
  }

  private apply(moves: readonly Move[]): void {
    for (const move of moves) {
      this.expected.set(move.id, move.index);
      void this.viewport(move.id)?.setImageIdIndex(move.index);
    }
  }

  /** Redraws reference lines, ladder and crosshair on every viewport from the current slices. */
  redrawOverlays(): void {
    const panes: OverlayPane[] = this.readyPanes().map((pane) => {
      const slice = pane.currentSlice();
      return {
        id: pane.id,
        color: VIEWPORT_COLORS[pane.id],
        shortName: SHORT_NAMES[pane.id],
        plane: slice?.plane ?? null,
        frameOfReferenceUid: slice?.frameOfReferenceUid ?? null,
        stackPlanes: pane.planes,
        tolerance: pane.tolerance,
        overlay: pane.overlay,
        toCanvas: (p: Vec3) => pane.toCanvas(p) ?? [NaN, NaN],
      };
    });
    const notices = drawOverlays(panes, useViewerStore.getState().settings.ladder, this.crosshair);
    for (const [id, notice] of notices) this.panes.get(id as ViewportId)?.setNotice(notice);
  }

  /** DICOM patient point under a canvas position of a viewport (on its current slice). */
  patientAt(id: ViewportId, x: number, y: number): Vec3 | null {
    return this.panes.get(id)?.patientAt(x, y) ?? null;
  }

  /** Canvas position of a patient point (projected on the viewport's current slice). */
  canvasOf(id: ViewportId, point: Vec3): [number, number] | null {
    return this.panes.get(id)?.toCanvas(point) ?? null;
  }

  /** Canvas position of pixel (x = column, y = row) of the viewport's current slice. */
  canvasOfPixel(id: ViewportId, x: number, y: number): [number, number] | null {
    const plane = this.panes.get(id)?.currentSlice()?.plane;
    return plane ? this.canvasOf(id, pixelToPatient(plane, x, y)) : null;
  }

  locateFromCanvas(id: ViewportId, x: number, y: number): void {
    const point = this.patientAt(id, x, y);
    if (point) this.locate(point, id);
  }

  /** Moves every other viewport to its slice nearest `point` and marks it with a crosshair. */
  locate(point: Vec3, sourceId: ViewportId | null = null): void {
    this.crosshair = point;
    this.apply(
      locateMoves(
        point,
        this.readyPanes().map((p) => p.geometry()),
        sourceId ?? '',
      ),
    );
    this.redrawOverlays();
  }

  /**
   * Bring a label into view: the first viewport showing one of `seriesIds` becomes active and, when an
   * instance is given, scrolls to it. False when no viewport shows those series.
   */
  async reveal(seriesIds: readonly number[], instanceNumber: number | null): Promise<boolean> {
    for (const [id, pane] of this.panes) {
      const slices = pane.stack?.slices ?? [];
      const index = slices.findIndex(
        (s) => seriesIds.includes(s.seriesId) && (instanceNumber === null || s.instance.instanceNumber === instanceNumber),
      );
      if (index < 0) continue;
      useViewerStore.getState().setActive(id);
      if (instanceNumber !== null) await this.scrollTo(id, index);
      return true;
    }
    return false;
  }

  /** Slice index, count and current instance of a viewport (tests, benchmark). */
  state(
    id: ViewportId,
  ): { index: number; count: number; seriesId: number | null; instanceNumber: number | null; plane: SlicePlane | null } | null {
    const pane = this.panes.get(id);
    const vp = this.viewport(id);
    if (!pane?.stack || !vp) return null;
    const slice = pane.currentSlice();
    return {
      index: vp.getCurrentImageIdIndex(),
      count: pane.stack.slices.length,
      seriesId: slice?.seriesId ?? null,
      instanceNumber: slice?.instance.instanceNumber ?? null,
      plane: slice?.plane ?? null,
    };
  }

  /** How many of a viewport's images are decoded in the cache (benchmark: wait for the prefetch). */
  cachedCount(id: ViewportId): { cached: number; total: number } {
    const ids = this.viewport(id)?.getImageIds() ?? [];
    return { cached: ids.filter((imageId) => cache.isLoaded(imageId)).length, total: ids.length };
  }

  element(id: ViewportId): HTMLDivElement | undefined {
    return this.panes.get(id)?.element;
  }

  async scrollTo(id: string, index: number): Promise<void> {
    const vp = this.viewport(id);
    if (!vp) return;
    const count = vp.getImageIds().length;
    await vp.setImageIdIndex(Math.max(0, Math.min(count - 1, index)));
  }

  // ---- ViewerCommands (keyboard actions and toolbar) -------------------------------------------------
  scrollBy(id: string, delta: number): void {
    const vp = this.viewport(id);
    // From the slice last asked for, not the one shown: a slice that fails to load is stepped over.
    if (vp) void this.scrollTo(id, (targetIndex(vp) ?? vp.getCurrentImageIdIndex()) + delta);
  }
  scrollToEnd(id: string, end: 'first' | 'last'): void {
    void this.scrollTo(id, end === 'first' ? 0 : Number.MAX_SAFE_INTEGER);
  }
  applyPreset(id: string, presetId: 'auto' | 'soft' | 'full' | 'fluid'): void {
    this.display(id, (vp, pane) => {
      if (presetId === 'auto' && pane.autoWindow) return ops.setWindow(vp, pane.autoWindow);
      const p = ops.currentPercentiles(vp);
      if (p) ops.setWindow(vp, ops.presetWindow(presetId, p, pane.autoWindow));
    });
  }
  /** Runs a display operation on a ready viewport, then publishes its display state to the overlays. */
  private display(id: string, op: (vp: Types.IStackViewport, pane: SessionPane) => void): void {
    const pane = this.panes.get(id as ViewportId);
    const vp = this.viewport(id);
    if (!pane?.ready || !vp) return;
    op(vp, pane);
    pane.publishDisplay();
  }
  zoomBy(id: string, factor: number): void {
    this.display(id, (vp) => ops.zoomBy(vp, factor));
  }
  panBy(id: string, dx: number, dy: number): void {
    this.display(id, (vp) => ops.panBy(vp, dx, dy));
  }
  resetView(id: string): void {
    this.display(id, (vp, pane) => (pane.fitParallelScale = ops.resetView(vp, pane.autoWindow)));
  }
  toggleInvert(id: string): void {
    this.display(id, (vp) => ops.toggleInvert(vp));
  }
  flip(id: string, axis: 'horizontal' | 'vertical'): void {
    this.display(id, (vp) => ops.flip(vp, axis));
  }
  toggleCine(id: string): void {
    if (this.cine.viewportId === id) return this.stopCine();
    const vp = this.viewport(id);
    if (!vp || vp.getImageIds().length < 2) return;
    this.cine.start(id, () => this.scrollTo(id, ((targetIndex(vp) ?? vp.getCurrentImageIdIndex()) + 1) % vp.getImageIds().length));
    useViewerStore.getState().setCinePlaying(id);
  }
  private stopCine(): void {
    this.cine.stop();
    useViewerStore.getState().setCinePlaying(null);
  }
  readonly changeCineFps = uiCommands.changeCineFps;
  readonly toggleMaximize = uiCommands.toggleMaximize;
  readonly toggleLayout2x2 = uiCommands.toggleLayout2x2;
  readonly toggleLinked = uiCommands.toggleLinked;
  readonly toggleLadder = uiCommands.toggleLadder;
  readonly togglePointMode = uiCommands.togglePointMode;
  readonly toggleCheatSheet = uiCommands.toggleCheatSheet;
  clearCrosshair(): void {
    this.crosshair = null;
    this.redrawOverlays();
  }
  deleteSelectedPoint(): void {
    this.adapter?.deleteSelected();
  }
  cycleActive(delta: number): void {
    uiCommands.cycleActive(
      [...this.panes.keys()].filter((id) => this.viewport(id)),
      delta,
    );
  }

  resize(): void {
    if (this.disposed) return;
    const changed = [...this.panes.values()].filter((pane) => pane.sizeChanged());
    if (changed.length === 0) return;
    this.host.resize();
    for (const pane of changed) {
      if (!pane.ready) continue;
      pane.fitParallelScale = ops.refitAfterResize(pane.viewport!, pane.fitParallelScale);
      pane.publishDisplay();
    }
    this.redrawOverlays();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.firstImagesShown();
    this.adapter?.dispose();
    this.adapter = null;
    for (const id of [...this.panes.keys()]) this.dropPane(id);
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
    // Queued background loads of this study would only delay the next one.
    imageLoadPoolManager.clearRequestStack(Enums.RequestType.Prefetch);
    this.host.blank();
  }
}

/**
 * The slice index a stack viewport was last asked to show. It differs from the current one after a slice
 * failed to load: `onLoadError` points the viewport back at the shown slice and leaves this at the failed one.
 */
function targetIndex(vp: Types.IStackViewport | undefined): number | undefined {
  return (vp as StackViewport | undefined)?.getTargetImageIdIndex?.();
}
