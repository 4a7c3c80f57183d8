/**
 * One viewport of a ViewerSession: its element, SVG overlay, stack, display defaults, listeners, and the
 * loading of a stack into its Cornerstone viewport (first image, initial window, background prefetch).
 *
 * Invariants: `ready` is true only while the viewport shows an image of `stack`; `planes` and `tolerance`
 * always describe `stack`; every listener added through `on` is removed by `dispose`; the overlays' store
 * status is written only when it changed (a scroll step costs no React work beyond the slice number).
 */
import type { Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import { add, sub, type SlicePlane, type Vec3 } from '../../../annotations/domain/geometry';
import type { VoiWindow } from './display';
import type { ViewportId } from './hanging-protocol';
import { onSliceTolerance, type PaneGeometry } from './locate';
import { LineOverlay } from './reference-lines';
import type { StackSlice, ViewStack } from './stacks';
import { useViewerStore } from './viewer-store';
import * as ops from './viewport-ops';
import { sizeOf } from './viewport-host';
import { describeLoadError } from './load-errors';

export class SessionPane {
  readonly disposers: Array<() => void> = [];
  readonly overlay: LineOverlay;
  stack: ViewStack | null = null;
  /** The stack's slice planes (null: no geometry), cached per stack. */
  planes: ReadonlyArray<SlicePlane | null> = [];
  /** How far (mm) a point may be from a slice to count as on it. */
  tolerance = 2;
  autoWindow: VoiWindow | null = null;
  /** The window the user sees (Cornerstone's CPU path misreports it after a slice change, see keepWindow). */
  voi: VoiWindow | null = null;
  fitParallelScale: number | null = null;
  ready = false;
  lineNotice: string | null = null;
  private prefetching = false;

  constructor(
    readonly id: ViewportId,
    readonly element: HTMLDivElement,
    private readonly viewportOf: (id: string) => Types.IStackViewport | undefined,
    private readonly cpu: boolean,
    private size: string,
  ) {
    this.overlay = new LineOverlay(element, id);
  }

  get viewport(): Types.IStackViewport | undefined {
    return this.viewportOf(this.id);
  }

  on(target: EventTarget, type: string, handler: (e: Event) => void, capture = false): void {
    target.addEventListener(type, handler, capture);
    this.disposers.push(() => target.removeEventListener(type, handler, capture));
  }

  /**
   * True (once) when the element's size changed since the last call or since the size the viewport was
   * laid out for (`laidOutSize`): ResizeObserver's first report, at the same size, is no resize.
   */
  sizeChanged(): boolean {
    const size = sizeOf(this.element);
    const changed = size !== this.size;
    this.size = size;
    return changed;
  }

  index(): number {
    return this.viewport?.getCurrentImageIdIndex() ?? 0;
  }

  currentSlice(): StackSlice | undefined {
    const vp = this.viewport;
    return vp && this.stack ? this.stack.slices[vp.getCurrentImageIdIndex()] : undefined;
  }

  /** Canvas position (CSS px) of a DICOM patient point, projected on the current slice. */
  toCanvas(point: Vec3): [number, number] | null {
    const vp = this.viewport;
    const plane = this.currentSlice()?.plane;
    if (!vp) return null;
    const [x, y] = vp.worldToCanvas(add(point, plane ? ops.displayOffset(plane, this.cpu) : [0, 0, 0]) as Types.Point3);
    return [x, y];
  }

  /** DICOM patient point under a canvas position, on the current slice (null without geometry). */
  patientAt(x: number, y: number): Vec3 | null {
    const vp = this.viewport;
    const plane = this.currentSlice()?.plane;
    if (!vp || !plane) return null;
    return sub(vp.canvasToWorld([x, y]) as Vec3, ops.displayOffset(plane, this.cpu));
  }

  geometry(): PaneGeometry {
    return { id: this.id, planes: this.planes, index: this.index() };
  }

  /**
   * Shows `stack` from its middle slice with the series' initial window. Resolves true when the first image
   * is shown (false: superseded or cancelled); the caller then starts the prefetch (`startPrefetch`).
   */
  async load(stack: ViewStack, cancelled: () => boolean): Promise<boolean> {
    const store = useViewerStore.getState();
    const vp = this.viewport;
    if (!vp) return false;
    this.stopPrefetch();
    this.stack = stack;
    this.planes = stack.slices.map((s) => s.plane);
    this.tolerance = onSliceTolerance(this.planes);
    this.ready = false;
    const middle = Math.floor(stack.slices.length / 2);
    store.update(this.id, {
      seriesDescription: stack.description,
      stackKey: stack.key,
      count: stack.slices.length,
      index: middle,
      sliceLocation: stack.slices[middle]?.instance.sliceLocation ?? null,
      loading: true,
      error: null,
    });
    try {
      await vp.setStack(
        stack.slices.map((s) => s.imageId),
        middle,
      );
      if (cancelled() || this.stack !== stack) return false;
      const initial = ops.initialWindow(vp, stack.slices[middle]);
      this.autoWindow = initial.window;
      this.voi = initial.window;
      this.fitParallelScale = ops.resetView(vp, initial.window);
      this.sizeChanged();
      this.ready = true;
      store.update(this.id, { loading: false });
      this.publishDisplay();
      return true;
    } catch (error) {
      store.update(this.id, {
        loading: false,
        error: `Cannot show this series: ${describeLoadError(error, stack.slices[middle]?.imageId)}`,
      });
      return false;
    }
  }

  /** Loads the rest of the stack in the background, nearest slices first (decoded in the loader's workers). */
  startPrefetch(): void {
    if (!this.ready || this.prefetching) return;
    toolUtilities.stackPrefetch.enable(this.element);
    this.prefetching = true;
  }

  private stopPrefetch(): void {
    if (this.prefetching) toolUtilities.stackPrefetch.disable(this.element);
    this.prefetching = false;
  }

  /** Writes the display read-out (W/L, zoom, flips, orientation markers) to the store when it changed. */
  publishDisplay(): void {
    const vp = this.viewport;
    if (!vp || !this.ready) return;
    useViewerStore.getState().update(this.id, ops.readout(vp, this.currentSlice()?.plane ?? null, this.fitParallelScale));
  }

  /**
   * After a slice change, realigns the viewport's reported window with the one in use. Cornerstone's CPU
   * path keeps rendering the user's window on the new image but resets `voiRange` to that image's DICOM
   * VOI, so overlays (and the next W/L drag) would start from the wrong values. Call it after the
   * STACK_NEW_IMAGE handlers (a microtask later): it sets the value only, the pending render draws once.
   */
  keepWindow(): void {
    const vp = this.viewport;
    const range = vp?.getProperties().voiRange;
    if (!vp || !this.voi || !range) return;
    if (Math.abs(range.lower - this.voi.lower) > 1e-6 || Math.abs(range.upper - this.voi.upper) > 1e-6) {
      vp.setProperties({ voiRange: { lower: this.voi.lower, upper: this.voi.upper } }, true);
    }
    this.publishDisplay();
  }

  /** Writes the reference-line notice to the store when it changed. */
  setNotice(notice: { kind: 'warning' | 'hidden'; text: string } | null): void {
    const text = notice?.text ?? null;
    if (text === this.lineNotice) return;
    this.lineNotice = text;
    useViewerStore.getState().update(this.id, { lineNotice: text, lineNoticeKind: notice?.kind ?? null });
  }

  dispose(): void {
    this.stopPrefetch();
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
    this.overlay.dispose();
    this.ready = false;
  }
}
