/**
 * What a mounted viewer keeps from one study to the next: the rendering engine, the tool group and the
 * stack viewports enabled on the viewer's elements. A ViewerSession (one study) borrows them; opening the
 * next study then sets new stacks on viewports that already exist (measured: a new engine with three
 * enabled viewports costs ~20 ms of the main thread here, at the moment the first slices arrive).
 *
 * Invariants: at most one host per window (one engine id, one tool group id); a viewport id is enabled on
 * at most one element, and on a different element only after the old one is released; `destroy` (the
 * viewer unmounts) releases everything.
 */
import { Enums, RenderingEngine, type Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { ViewportId } from './hanging-protocol';
import { bindPrimary, createViewerToolGroup, destroyViewerToolGroup } from './tool-bindings';

const ENGINE_ID = 'lumbar-engine';
const TOOL_GROUP_ID = 'lumbar-stack-tools';

export const sizeOf = (element: HTMLElement): string => `${element.clientWidth}x${element.clientHeight}`;

export class ViewportHost {
  readonly engine = new RenderingEngine(ENGINE_ID);
  readonly toolGroup: ToolTypes.IToolGroup = createViewerToolGroup(TOOL_GROUP_ID);
  private readonly elements = new Map<ViewportId, HTMLDivElement>();
  /** Element size (CSS px, `WxH`) each viewport was last laid out for. */
  private readonly sizes = new Map<ViewportId, string>();
  private pointMode: boolean | null = null;

  viewport(id: ViewportId): Types.IStackViewport | undefined {
    return this.elements.has(id) ? (this.engine.getViewport(id) as Types.IStackViewport | undefined) : undefined;
  }

  /** The stack viewport on `element`, enabled (and bound to the tool group) unless it already is. */
  viewportOn(id: ViewportId, element: HTMLDivElement): Types.IStackViewport {
    if (this.elements.get(id) !== element) {
      this.release(id);
      this.engine.enableElement({ viewportId: id, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
      this.toolGroup.addViewport(id, ENGINE_ID);
      this.elements.set(id, element);
      this.sizes.set(id, sizeOf(element));
    }
    return this.engine.getViewport(id) as Types.IStackViewport;
  }

  /**
   * Paints every viewport black: a study's session ends, and until the next study's first images arrive
   * its viewports must not show the previous patient's images (setStack would clear them too, a React
   * render later).
   */
  blank(): void {
    for (const id of this.elements.keys()) {
      const vp = this.engine.getViewport(id);
      if (vp) this.engine.fillCanvasWithBackgroundColor(vp.canvas, [0, 0, 0]);
    }
  }

  /** Disables a viewport (its element is going away, or it has nothing to show). */
  release(id: ViewportId): void {
    if (!this.elements.has(id)) return;
    this.toolGroup.removeViewports(ENGINE_ID, id);
    this.engine.disableElement(id);
    this.elements.delete(id);
    this.sizes.delete(id);
  }

  /**
   * Binds the left button (W/L or points) unless it already is: changing a binding re-renders every
   * viewport of the group (~10 ms each here), which a new study's session must not pay for nothing.
   */
  bindPrimary(pointMode: boolean): void {
    if (this.pointMode === pointMode) return;
    bindPrimary(this.toolGroup, pointMode);
    this.pointMode = pointMode;
  }

  /** The size a viewport was last laid out for ('' when it is not enabled). */
  laidOutSize(id: ViewportId): string {
    return this.sizes.get(id) ?? '';
  }

  /** Resizes every viewport to its element (cameras kept) and records the sizes laid out for. */
  resize(): void {
    this.engine.resize(true, true);
    for (const [id, element] of this.elements) this.sizes.set(id, sizeOf(element));
  }

  destroy(): void {
    for (const id of [...this.elements.keys()]) this.release(id);
    destroyViewerToolGroup(TOOL_GROUP_ID);
    this.engine.destroy();
  }
}
