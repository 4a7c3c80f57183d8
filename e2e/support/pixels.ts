/** Pixel checks on what a viewport actually shows (its canvas), not on the DOM. */
import type { Page } from '@playwright/test';

export interface CanvasStats {
  readonly width: number;
  readonly height: number;
  readonly mean: number;
  readonly std: number;
  /** Share of pixels brighter than 20/255. */
  readonly nonBlack: number;
  /** A cheap fingerprint of the pixels, to tell two images apart. */
  readonly hash: number;
}

export async function canvasStats(page: Page, viewportId: string): Promise<CanvasStats> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-viewport-id="${id}"] canvas.cornerstone-canvas`);
    if (!canvas) throw new Error(`no canvas in viewport ${id}`);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d context');
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let sum2 = 0;
    let bright = 0;
    let hash = 0;
    const n = width * height;
    for (let i = 0; i < data.length; i += 4) {
      const v = (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
      sum += v;
      sum2 += v * v;
      if (v > 20) bright++;
      hash = (hash * 31 + data[i]!) | 0;
    }
    const mean = sum / n;
    return { width, height, mean, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), nonBlack: bright / n, hash };
  }, viewportId);
}
