/**
 * A viewer session: one study shown in up to three stack viewports, from `enter` to `dispose`.
 * It owns the rendering engine, the tool group and every Cornerstone listener it adds, and tears all of
 * them down on dispose (OHIF's onModeExit). React never holds Cornerstone objects: it gets status through
 * the viewer store.
 */
import { Enums, RenderingEngine, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, PanTool, StackScrollTool, ToolGroupManager, WindowLevelTool, ZoomTool } from '@cornerstonejs/tools';
import type { SeriesDetail, StudyDetail } from '../../../annotations/contract/types';
import { registerImagePlane } from './cornerstone-setup';
import { hangSeries, VIEWPORT_ROLES, viewportIdOf, type ViewportRole } from './hanging-protocol';
import { useViewerStore } from './viewer-store';

const ENGINE_ID = 'lumbar-engine';
const TOOL_GROUP_ID = 'lumbar-stack-tools';

/** `wadouri:` image ids for a series' slices, in geometric order. */
export function imageIdsOf(series: SeriesDetail, datasetId: number, dicomBase: string): string[] {
  const base = dicomBase.startsWith('/') ? `${window.location.origin}${dicomBase}` : dicomBase;
  return series.slices.map((slice) => {
    const url = `${base}/${datasetId}/${slice.path.split('/').map(encodeURIComponent).join('/')}`;
    const imageId = `wadouri:${url}${slice.frame > 0 ? `?frame=${slice.frame}` : ''}`;
    if (slice.geometry && slice.rows && slice.columns) {
      registerImagePlane(imageId, slice.geometry, slice.rows, slice.columns, series.frameOfReferenceUid);
    }
    return imageId;
  });
}

export class ViewerSession {
  private readonly engine: RenderingEngine;
  private readonly disposers: Array<() => void> = [];
  readonly series: Record<ViewportRole, SeriesDetail | null>;

  constructor(
    readonly study: StudyDetail,
    private readonly elements: Record<ViewportRole, HTMLDivElement>,
    private readonly dicomBase: string,
  ) {
    this.series = hangSeries(study);
    this.engine = new RenderingEngine(ENGINE_ID);
  }

  /** Enable the viewports, bind tools, and load the first images. Resolves when all three are shown. */
  async enter(): Promise<void> {
    const store = useViewerStore.getState();
    store.reset();
    const toolGroup = ToolGroupManager.createToolGroup(TOOL_GROUP_ID)!;
    toolGroup.addTool(WindowLevelTool.toolName);
    toolGroup.addTool(PanTool.toolName);
    toolGroup.addTool(ZoomTool.toolName);
    toolGroup.addTool(StackScrollTool.toolName);
    toolGroup.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
    toolGroup.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    toolGroup.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    toolGroup.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
    this.disposers.push(() => ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID));

    const loads: Array<Promise<void>> = [];
    for (const role of VIEWPORT_ROLES) {
      const series = this.series[role];
      const viewportId = viewportIdOf(role);
      const element = this.elements[role];
      if (!series) {
        store.update(viewportId, { seriesDescription: '', count: 0, error: `No ${role} series in this study` });
        continue;
      }
      this.engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
      toolGroup.addViewport(viewportId, ENGINE_ID);
      this.listen(element, viewportId, series);
      loads.push(this.loadSeries(viewportId, series));
    }
    await Promise.all(loads);
  }

  private listen(element: HTMLDivElement, viewportId: string, series: SeriesDetail): void {
    const onNewImage = () => {
      const viewport = this.viewport(viewportId);
      if (!viewport) return;
      const index = viewport.getCurrentImageIdIndex();
      useViewerStore.getState().update(viewportId, { index, sliceLocation: series.slices[index]?.sliceLocation ?? null });
    };
    const onVoi = () => {
      const viewport = this.viewport(viewportId);
      const range = viewport?.getProperties().voiRange;
      if (!range) return;
      useViewerStore.getState().update(viewportId, {
        windowWidth: Math.round(range.upper - range.lower),
        windowCenter: Math.round((range.upper + range.lower) / 2),
      });
    };
    element.addEventListener(Enums.Events.STACK_NEW_IMAGE, onNewImage);
    element.addEventListener(Enums.Events.VOI_MODIFIED, onVoi);
    this.disposers.push(() => {
      element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, onNewImage);
      element.removeEventListener(Enums.Events.VOI_MODIFIED, onVoi);
    });
  }

  private async loadSeries(viewportId: string, series: SeriesDetail): Promise<void> {
    const store = useViewerStore.getState();
    const imageIds = imageIdsOf(series, this.study.datasetId, this.dicomBase);
    const middle = Math.floor(imageIds.length / 2);
    store.update(viewportId, {
      seriesDescription: series.description ?? series.type,
      count: imageIds.length,
      index: middle,
      sliceLocation: series.slices[middle]?.sliceLocation ?? null,
      loading: true,
      error: null,
    });
    const viewport = this.viewport(viewportId)!;
    try {
      await viewport.setStack(imageIds, middle);
      viewport.render();
      const range = viewport.getProperties().voiRange;
      store.update(viewportId, {
        loading: false,
        windowWidth: range ? Math.round(range.upper - range.lower) : null,
        windowCenter: range ? Math.round((range.upper + range.lower) / 2) : null,
      });
    } catch (error) {
      store.update(viewportId, { loading: false, error: `Cannot show this series: ${String(error)}` });
    }
  }

  viewport(viewportId: string): Types.IStackViewport | undefined {
    return this.engine.getViewport(viewportId) as Types.IStackViewport | undefined;
  }

  /** Move a viewport to slice `index` (clamped). */
  async scrollTo(viewportId: string, index: number): Promise<void> {
    const viewport = this.viewport(viewportId);
    if (!viewport) return;
    const count = viewport.getImageIds().length;
    await viewport.setImageIdIndex(Math.max(0, Math.min(count - 1, index)));
  }

  resize(): void {
    this.engine.resize(true, true);
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
    this.engine.destroy();
  }
}
