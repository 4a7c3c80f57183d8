/** Window position and size, saved on close and restored (kept on a visible display) at start. */
import fs from 'node:fs';
import path from 'node:path';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };

export function loadWindowState(file: string): WindowState {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<WindowState>;
    if (typeof value.width !== 'number' || typeof value.height !== 'number') return DEFAULT_WINDOW_STATE;
    return {
      width: Math.max(800, value.width),
      height: Math.max(600, value.height),
      maximized: value.maximized === true,
      ...(typeof value.x === 'number' && typeof value.y === 'number' ? { x: value.x, y: value.y } : {}),
    };
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/** Drop a saved position that is not on any current display (a monitor was unplugged). */
export function keepOnScreen(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  const visible = workAreas.some((a) => x + 100 > a.x && x < a.x + a.width - 100 && y >= a.y - 10 && y < a.y + a.height - 50);
  if (visible) return state;
  return { width: state.width, height: state.height, maximized: state.maximized };
}

export function saveWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state));
  fs.renameSync(temporary, file);
}
