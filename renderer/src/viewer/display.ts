/**
 * Window/level for MR: the automatic initial window of a series and the MR presets. Pure (no Cornerstone):
 * it works on a pixel array and the DICOM VOI of the index.
 *
 * MR intensities have no absolute scale, so the presets are percentiles of the series' histogram (taken on
 * the first slice shown) rather than fixed numbers: the same preset means the same contrast on every
 * scanner. The automatic window is the DICOM VOI (WindowCenter/Width) when the file has one, else the
 * robust 0.5-99.5 percentile window. Invariant: a window is never narrower than 1.
 */

export interface VoiWindow {
  readonly lower: number;
  readonly upper: number;
}

/** Percentiles of a slice's modality values (after rescale). */
export type Percentiles = Readonly<Record<'p0' | 'p0_5' | 'p5' | 'p30' | 'p98' | 'p99_5' | 'p99_9' | 'p100', number>>;

export interface PixelSource {
  readonly pixels: ArrayLike<number>;
  readonly slope?: number;
  readonly intercept?: number;
}

const MAX_SAMPLES = 65_536;

/** Percentiles of (a regular sample of) the pixels, after rescale. */
export function percentiles({ pixels, slope = 1, intercept = 0 }: PixelSource): Percentiles {
  const n = pixels.length;
  const step = Math.max(1, Math.floor(n / MAX_SAMPLES));
  const sample = new Float64Array(Math.ceil(n / step));
  let k = 0;
  for (let i = 0; i < n; i += step) sample[k++] = pixels[i]! * slope + intercept;
  const sorted = sample.subarray(0, k).sort();
  const at = (q: number) => (k === 0 ? 0 : sorted[Math.min(k - 1, Math.max(0, Math.round((q / 100) * (k - 1))))]!);
  return { p0: at(0), p0_5: at(0.5), p5: at(5), p30: at(30), p98: at(98), p99_5: at(99.5), p99_9: at(99.9), p100: at(100) };
}

const widen = (lower: number, upper: number): VoiWindow =>
  upper - lower >= 1 ? { lower, upper } : { lower: lower - 0.5, upper: lower + 0.5 };

export const fromCenterWidth = (center: number, width: number): VoiWindow => widen(center - width / 2, center + width / 2);

export const toCenterWidth = (w: VoiWindow): { center: number; width: number } => ({
  center: (w.upper + w.lower) / 2,
  width: w.upper - w.lower,
});

export interface MrPreset {
  readonly id: 'auto' | 'soft' | 'full' | 'fluid';
  readonly label: string;
  readonly window: (p: Percentiles, dicom: VoiWindow | null) => VoiWindow;
}

export const MR_PRESETS: readonly MrPreset[] = [
  { id: 'auto', label: 'Auto (DICOM VOI or histogram)', window: (p, dicom) => dicom ?? widen(p.p0_5, p.p99_5) },
  { id: 'soft', label: 'Soft tissue (high contrast)', window: (p) => widen(p.p5, p.p98) },
  { id: 'full', label: 'Full range', window: (p) => widen(p.p0, p.p100) },
  { id: 'fluid', label: 'Fluid / CSF (bright)', window: (p) => widen(p.p30, p.p99_9) },
];

/** The series' initial window: DICOM VOI from the index when present, else the robust percentile window. */
export function autoWindow(dicom: { center: number | null; width: number | null }, p: Percentiles | null): VoiWindow | null {
  if (dicom.center !== null && dicom.width !== null && dicom.width > 0) return fromCenterWidth(dicom.center, dicom.width);
  return p ? widen(p.p0_5, p.p99_5) : null;
}
