/**
 * The viewer's Cornerstone tool group and mouse bindings: wheel scrolls, right-drag zooms, middle-drag or
 * Ctrl+left-drag pans, left-drag windows (or places points in point mode). Shift+left is left free: the
 * session handles it (locate) before Cornerstone sees the event.
 *
 * Invariants: one group per mounted viewer (ViewportHost; a stale one is replaced); SpinePoint is
 * always at least Passive, so points stay movable and deletable in every mode.
 */
import {
  Enums as ToolEnums,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  type Types,
} from '@cornerstonejs/tools';
import { SpinePointTool } from './point-tool';

export function createViewerToolGroup(id: string): Types.IToolGroup {
  ToolGroupManager.destroyToolGroup(id);
  const tg = ToolGroupManager.createToolGroup(id)!;
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, SpinePointTool]) tg.addTool(tool.toolName);
  const { MouseBindings, KeyboardBindings } = ToolEnums;
  tg.setToolActive(PanTool.toolName, {
    bindings: [{ mouseButton: MouseBindings.Auxiliary }, { mouseButton: MouseBindings.Primary, modifierKey: KeyboardBindings.Ctrl }],
  });
  tg.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  tg.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  return tg;
}

/** Left button: window/level, or placing points in point mode (points stay movable in both). */
export function bindPrimary(tg: Types.IToolGroup, pointMode: boolean): void {
  const primary = [{ mouseButton: ToolEnums.MouseBindings.Primary }];
  if (pointMode) {
    tg.setToolPassive(WindowLevelTool.toolName);
    tg.setToolActive(SpinePointTool.toolName, { bindings: primary });
  } else {
    tg.setToolPassive(SpinePointTool.toolName);
    tg.setToolActive(WindowLevelTool.toolName, { bindings: primary });
  }
}

export function destroyViewerToolGroup(id: string): void {
  ToolGroupManager.destroyToolGroup(id);
}
